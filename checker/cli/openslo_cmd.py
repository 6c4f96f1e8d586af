"""``servcheck openslo export|import``: a standard's requirements as OpenSLO v1, and OpenSLO as a draft."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import click

from checker.exitcodes import ExitCode


def _usage(message: str, location: str = "command line") -> Exception:
    from checker import codes
    from checker.diagnostics import Diagnostic, InvalidInput, Location

    return InvalidInput([Diagnostic.of(codes.OPENSLO_USAGE, message, Location(location))])


def _write(text: str, out: Path | None, default_name: str) -> None:
    """Standard output, a file, or a file named ``default_name`` in a folder (existing, or written with a
    trailing slash)."""
    if out is None:
        click.echo(text, nl=False)
        return
    if out.is_dir() or str(out).endswith(("/", "\\")):
        out = out / default_name
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as err:
        raise _usage(f"cannot write {out}: {err.strerror}") from None
    click.echo(f"wrote {out}", err=True)


@click.group("openslo")
def command() -> None:
    """Export a standard's requirements as OpenSLO v1 SLOs, or import OpenSLO as a draft (docs/openslo.md)."""


@command.command("export")
@click.argument("standard", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o", "--out", type=click.Path(path_type=Path), help="FILE, or DIR for STANDARD-ID.openslo.yaml (default: stdout)"
)
@click.option(
    "--rules", multiple=True, type=click.Path(path_type=Path), help="rule files or folders (default: rules/ nearby)"
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    help="language of titles and texts (default: en when the standard has it)",
)
@click.option("--timezone", default="Etc/UTC", show_default=True, help="IANA zone of calendar windows (the dataset's)")
@click.option("--start", help="YYYY-MM-DD the calendar windows align to (default: the standard's effective date)")
@click.option("--rolling", help="rolling window (e.g. 28d) for requirements judged over the whole audit period")
def export(
    standard: Path,
    out: Path | None,
    rules: tuple[Path, ...],
    lang: str | None,
    timezone: str,
    start: str | None,
    rolling: str | None,
) -> None:
    """Write the standard's measurable requirements as OpenSLO v1 documents (Service, SLI, SLO), one YAML
    stream. What OpenSLO cannot state is listed on standard error and in each SLO's annotations. Exit 0."""
    from checker.openslo.export import ExportOptions, dump, export_standard, render_losses
    from checker.openslo.inputs import load_export_inputs

    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _usage(f"--timezone {timezone!r} is not an IANA time zone (e.g. Asia/Shanghai, Etc/UTC)") from None
    if "/" not in timezone:
        raise _usage(f"--timezone {timezone!r}: OpenSLO wants an Area/Location name (e.g. Etc/UTC for UTC)")
    if rolling is not None and not re.fullmatch(r"[1-9][0-9]*[mhdwMQY]", rolling):
        raise _usage(f"--rolling {rolling!r} is not an OpenSLO duration (a whole number and m h d w M Q Y: 28d)")
    try:
        day = dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise _usage(f"--start {start!r} is not a date (YYYY-MM-DD)") from None
    inputs = load_export_inputs(standard, rules)
    result = export_standard(inputs, ExportOptions(lang, timezone, day, rolling))
    for line in render_losses(result.losses):
        click.echo(line, err=True)
    slos = sum(1 for d in result.documents if d["kind"] == "SLO")
    _write(dump(result.documents), out, f"{inputs.standard.model.id}.openslo.yaml")
    click.echo(f"SLOs exported: {slos}; features not exported: {len(result.losses)} (listed above)", err=True)
    raise SystemExit(ExitCode.OK)


@command.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="FILE, or DIR for ID.yaml (default: stdout)")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="language of the texts")
def import_(files: tuple[Path, ...], out: Path | None, lang: str) -> None:
    """Read OpenSLO v1 files (multi-document YAML) as one draft standard. What servcheck has no equivalent
    for is listed on standard error; a malformed document stops with its file:line:col (exit 3)."""
    from checker.load.library import display_name
    from checker.openslo.export import render_losses
    from checker.openslo.importing import draft_yaml, import_documents

    draft = import_documents(list(files), lang)
    for line in render_losses(draft.losses, "not imported"):
        click.echo(line, err=True)
    requirements = sum(len(c.get("requirements", [])) for c in draft.standard["clauses"])
    text = draft_yaml(draft, [display_name(f) for f in files])
    _write(text, out, f"{draft.standard['id']}.yaml")
    click.echo(
        f"drafted: clauses {len(draft.standard['clauses'])}, requirements {requirements}; "
        f"features not imported: {len(draft.losses)} (listed above)",
        err=True,
    )
    raise SystemExit(ExitCode.OK)
