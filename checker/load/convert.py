"""Both directions of ``servcheck convert``, each checked by reading its output back.

Why the check: "losing nothing" is a promise users build on (a published standard edited as a
draft and published again). Each conversion reads what it wrote with the loader of the other form
and compares the models; a difference would be a bug in servcheck, so it is raised as one (exit 4),
never written out silently.
"""

from __future__ import annotations

from pathlib import Path

from checker.load.documents import load_document, validate_loaded
from checker.load.markdown_draft import draft_to_yaml, load_markdown_text
from checker.load.markdown_writer import standard_to_markdown
from checker.load.say import writer_language
from checker.load.yaml_source import load_yaml_text


class LossyConversion(AssertionError):
    """A conversion whose output does not read back as the same standard (a bug)."""


def convert_file(path: Path, name: str, to_markdown: bool, lang: str | None = None) -> str:
    """The other form of the standard in ``path`` (YAML → Markdown draft when ``to_markdown``); problems
    and the YAML's heading comment in ``lang``, else the document's first language."""
    document = load_document(path, {"standard"}, name, lang)  # InvalidInput: located problems, exit 3
    if to_markdown:
        text = standard_to_markdown(document.raw, name, document.at)
        _kind, back = validate_loaded(load_markdown_text(text, f"{path.stem}.md"), {"standard"})
    else:
        text = draft_to_yaml(document.raw, name, writer_language(document.raw, lang))
        _kind, back = validate_loaded(load_yaml_text(text, f"{path.stem}.yaml"), {"standard"})
    if back != document.model:
        raise LossyConversion(f"converting {name} would change the standard; please report it")
    return text
