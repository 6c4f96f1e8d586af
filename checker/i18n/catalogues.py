"""Keep the Chinese catalogues in step with the source: ``python -m checker.i18n.catalogues update|check``.

Why a command of our own around Babel (and not ``pybabel`` with a ``setup.cfg``): one place fixes
the keywords (``_``, ``n_``, ``p_``, ``N_`` as :mod:`checker.i18n` defines them), the domain maps
(``mapping/<domain>.cfg``) and the output form (sorted, no source locations, so two branches that
each add messages merge without conflicts in unrelated lines). ``check`` is what the test runs.

``update`` extracts every marked message, adds new ones to ``locale/zh/LC_MESSAGES/<domain>.po``
untranslated, keeps existing translations, drops messages the source no longer has, and writes
each catalogue compiled beside it (``<domain>.mo``, what servcheck reads at run time).
``check`` lists what is missing, untranslated, fuzzy, obsolete, or translated with other ``{fields}``
than its English text, and every ``.mo`` that is not what its ``.po`` compiles to (edit the ``.po``,
then run ``update``); it exits 1 when anything is listed.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from checker.i18n import BABEL_LOCALES, LANGUAGES, LOCALE_DIR, compile_po

PACKAGE_DIR = Path(__file__).resolve().parent.parent
MAPPING_DIR = Path(__file__).resolve().parent / "mapping"
KEYWORDS = {
    "_": None,
    "N_": None,
    "n_": (1, 2),
    "p_": ((1, "c"), 2),
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
HEADER = """\
# Chinese messages of servcheck. Source language: English (the msgid); keep every {field} as written.
# Generated and updated by `python -m checker.i18n.catalogues update`; translate the empty msgstr lines."""
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != LANGUAGES[0])


def domain_names() -> list[str]:
    return sorted(path.stem for path in MAPPING_DIR.glob("*.cfg"))


def extract(domain: str) -> Catalog:
    """Every message the source marks for ``domain``, as a template catalogue."""
    with (MAPPING_DIR / f"{domain}.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(domain=domain, project="servcheck", fuzzy=False)
    found = extract_from_dir(
        str(PACKAGE_DIR), method_map, options_map, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    )
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(f"checker/{filename}", lineno)], auto_comments=comments, context=context)
    return template


def po_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def read(lang: str, domain: str) -> Catalog:
    path = po_path(lang, domain)
    if not path.exists():
        return Catalog(locale=BABEL_LOCALES[lang], domain=domain, project="servcheck", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=BABEL_LOCALES[lang], domain=domain)


def write(catalog: Catalog, lang: str, domain: str) -> None:
    path = po_path(lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    fixed = catalog.creation_date.replace(year=2026, month=1, day=1, hour=0, minute=0, second=0)
    catalog.revision_date = catalog.creation_date = fixed  # no churn: the file changes only when messages do
    catalog.project, catalog.version = "servcheck", "1"
    catalog.copyright_holder = catalog.last_translator = catalog.language_team = "the servcheck developers"
    catalog.msgid_bugs_address = ""
    catalog.header_comment = HEADER
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, no_location=True, omit_header=False, sort_output=True, include_lineno=False)


def mo_path(lang: str, domain: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"


def update() -> None:
    for domain in domain_names():
        template = extract(domain)
        for lang in TRANSLATED:
            catalog = read(lang, domain)
            catalog.update(template, no_fuzzy_matching=True)
            catalog.obsolete.clear()
            write(catalog, lang, domain)
            mo_path(lang, domain).write_bytes(compile_po(lang, domain))


def stale_compiled() -> Iterator[str]:
    """Each ``.mo`` that is missing or is not what Babel compiles from its ``.po``."""
    for domain in domain_names():
        for lang in TRANSLATED:
            path = mo_path(lang, domain)
            if not path.exists() or path.read_bytes() != compile_po(lang, domain):
                run = "run `python -m checker.i18n.catalogues update`"
                yield f"{lang}/{domain}.mo: not compiled from {domain}.po ({run})"


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def problems() -> Iterator[str]:
    """What keeps the catalogues from being complete, one line each (empty when complete)."""
    for domain in domain_names():
        template = extract(domain)
        for lang in TRANSLATED:
            catalog = read(lang, domain)
            where = f"{lang}/{domain}.po"
            for message in template:
                if not message.id:
                    continue
                found = catalog.get(message.id, message.context)
                label = message.id if isinstance(message.id, str) else message.id[0]
                if found is None:
                    yield f"{where}: missing {label!r} (run `python -m checker.i18n.catalogues update`)"
                    continue
                strings = found.string if isinstance(found.string, tuple | list) else (found.string,)
                if not all(strings):
                    yield f"{where}: untranslated {label!r}"
                elif found.fuzzy:
                    yield f"{where}: fuzzy {label!r}"
                else:
                    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
                    expected = set().union(*(_fields(text) for text in ids))
                    for text in strings:
                        if _fields(text) != expected:
                            yield f"{where}: {label!r} is translated with fields {sorted(_fields(text))}"
            for message in catalog:
                if message.id and template.get(message.id, message.context) is None:
                    yield f"{where}: obsolete {message.id!r} (run `python -m checker.i18n.catalogues update`)"
    yield from stale_compiled()


def main(argv: list[str]) -> int:
    if argv == ["update"]:
        update()
        return 0
    if argv == ["check"]:
        listed = list(problems())
        print("\n".join(listed) or "catalogues complete")
        return 1 if listed else 0
    print("usage: python -m checker.i18n.catalogues update|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
