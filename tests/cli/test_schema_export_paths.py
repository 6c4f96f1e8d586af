"""``servcheck schema export --check`` names stale files as the user would type them: relative to the
working folder when they lie inside it (it printed the package's validation schemas as absolute
paths), absolute when they lie outside it (an installed package)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.model.registry import DOCUMENT_MODELS


def _stale_lines(monkeypatch: pytest.MonkeyPatch, validation_dir: Path, cwd: Path) -> list[str]:
    monkeypatch.setattr("checker.schemas_io.validation_file", lambda kind: validation_dir / f"{kind}.json")
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, ["schema", "export", "--check", "--dir", str(cwd / "schemas"), "--lang", "en"])
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if line.endswith(": stale")]


def test_validation_schemas_inside_the_working_folder_are_shown_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _stale_lines(monkeypatch, tmp_path / "pkg" / "validation", tmp_path)
    shown = {line.removesuffix(": stale") for line in lines}
    for kind in DOCUMENT_MODELS:
        assert f"pkg/validation/{kind}.json" in shown
    assert not any(line.startswith("/") for line in lines)


def test_validation_schemas_outside_the_working_folder_stay_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    lines = _stale_lines(monkeypatch, tmp_path / "site" / "validation", tmp_path / "work")
    some_kind = next(iter(DOCUMENT_MODELS))
    assert f"{tmp_path}/site/validation/{some_kind}.json: stale" in lines
