"""``--format FORMAT[:PATH]`` for audits: every format is rendered from the same report model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from checker.model.report import Report
from checker.on_use import on_first_call
from checker.report.json_report import render_json

Renderer = Callable[[Report, str], str]


FORMATS: dict[str, tuple[str, Renderer]] = {
    "text": ("txt", on_first_call("checker.report.text", "render_text")),
    "json": ("json", lambda report, _lang: render_json(report)),
    "markdown": ("md", on_first_call("checker.report.markdown", "render_markdown")),
    "html": ("html", on_first_call("checker.report.html", "render_html")),
    "junit": ("xml", on_first_call("checker.report.junit", "render_junit")),
}


def parse_format(spec: str) -> tuple[str, Path | None]:
    name, _, path = spec.partition(":")
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose from {', '.join(FORMATS)}")
    return name, Path(path) if path else None


def default_language(standard: Path) -> str:
    """The report's language when ``--lang`` is not given: the first the standard declares (``languages:``).

    Read before the audit runs (the audit speaks this language too); a file the audit will refuse,
    a Markdown draft or a file without the field gives English, the source language of every message.
    """
    from checker.i18n import LANGUAGES
    from checker.load.yaml_source import language_of_text

    try:
        text = standard.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # read before the audit: it reports them
        return LANGUAGES[0]
    return language_of_text(text) or LANGUAGES[0]


def write_outputs(report: Report, specs: tuple[str, ...], out: Path | None, lang: str) -> None:
    """Render each requested format to its path, to ``out/report.<ext>``, or to standard output."""
    for spec in specs:
        name, path = parse_format(spec)
        ext, render = FORMATS[name]
        text = render(report, lang)
        target = path or (out / f"report.{ext}" if out else None)
        if target is None:
            click.echo(text, nl=False)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        from checker.i18n import speaker

        click.echo(speaker(lang)._("wrote {file}", file=target), err=True)
