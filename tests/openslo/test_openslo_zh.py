"""``servcheck openslo export|import --lang zh``: what is said on standard error holds no English of its own,
and the OpenSLO documents written are the same whatever language is asked for the messages.

Names set aside for :func:`checker.i18n.leftovers.english_words` are the identifiers of the documents:
every key and every scalar value of the standard (or OpenSLO file) read with PyYAML, except its prose
(the values of ``zh:``/``en:`` texts, so an English title cannot hide an English message), and the
rule and measure ids of the rule library.
"""

from __future__ import annotations

import doctest
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.i18n.leftovers import english_words
from checker.openslo import export, importing, losses, mapping, options

REPO = Path(__file__).resolve().parents[2]
STANDARDS = [
    path
    for path in sorted((REPO / "standards").glob("*.yaml"))
    if yaml.safe_load(path.read_text(encoding="utf-8")).get("kind") == "standard"
]
OPENSLO = sorted((REPO / "examples" / "openslo").glob("*.yaml"))


def _identifiers(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            if key not in ("zh", "en"):
                yield from _identifiers(value)
    elif isinstance(node, list):
        for item in node:
            yield from _identifiers(item)
    elif node is not None:
        yield str(node)


def _names(*documents: object) -> set[str]:
    words = {
        word for document in documents for text in _identifiers(document) for word in re.findall(r"[A-Za-z]{2,}", text)
    }
    # the language codes a standard declares, the option --lang, and the names a loss line gives the
    # document-wide features it is about (``file:line:col: 未导出: dates: …``; ``requirement``: not at all)
    return words | {"zh", "en", "lang", "clause", "dates", "calendars", "requirement"}


def _standard(path: Path) -> list[object]:
    """The standard and, for an overlay, the standards it extends (its effective standard is exported)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    parent = (document.get("extends") or {}).get("path") if isinstance(document.get("extends"), dict) else None
    parent = parent or (document.get("extends") if isinstance(document.get("extends"), str) else None)
    return [document, *(_standard(path.parent / parent) if parent else [])]


def _rules() -> list[object]:
    return [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((REPO / "rules").rglob("*.yaml"))]


@pytest.mark.parametrize("path", STANDARDS, ids=lambda p: p.name)
def test_export_speaks_chinese_on_standard_error(path: Path) -> None:
    zh = CliRunner().invoke(cli, ["openslo", "export", str(path), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "未导出" in zh.stderr or "已导出 SLO" in zh.stderr
    assert english_words(zh.stderr, _names(*_standard(path), *_rules())) == []


def test_the_check_is_not_vacuous_and_the_documents_do_not_change() -> None:
    """In English the same lines fail the check; the OpenSLO YAML differs only by the texts' language."""
    path = REPO / "standards" / "contact-centre.yaml"
    en = CliRunner().invoke(cli, ["openslo", "export", str(path), "--lang", "en"])
    zh = CliRunner().invoke(cli, ["openslo", "export", str(path), "--lang", "zh"])
    names = _names(yaml.safe_load(path.read_text(encoding="utf-8")), *_rules())
    assert {"exported", "listed", "above"} <= set(english_words(en.stderr, names))
    assert "SLOs exported: 11; features not exported: 24 (listed above)" in en.stderr
    assert "已导出 SLO 11 个；未导出的内容 24 项（见上文）" in zh.stderr
    # the annotations (what was not exported) stay English in both: the documents are data
    for result in (en, zh):
        annotations = [
            value
            for document in yaml.safe_load_all(result.stdout)
            for value in (document["metadata"].get("annotations") or {}).values()
        ]
        assert "warn: warn band >= 85%: an OpenSLO objective has one target" in annotations


@pytest.mark.parametrize("path", OPENSLO, ids=lambda p: p.name)
def test_import_speaks_chinese_on_standard_error(path: Path) -> None:
    zh = CliRunner().invoke(cli, ["openslo", "import", str(path), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "已起草：条款" in zh.stderr
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert english_words(zh.stderr, _names(*documents)) == []


def test_a_bad_option_is_refused_in_the_language_asked() -> None:
    path = REPO / "standards" / "contact-centre.yaml"
    result = CliRunner().invoke(cli, ["openslo", "export", str(path), "--lang", "zh", "--rolling", "four weeks"])
    assert result.exit_code == 2
    assert "--rolling 'four weeks' 不是 OpenSLO 时长" in result.output


@pytest.mark.parametrize("module", [losses, options, mapping, importing, export], ids=lambda m: m.__name__)
def test_docstring_examples(module) -> None:
    failed, attempted = doctest.testmod(module)
    assert attempted > 0 and failed == 0
