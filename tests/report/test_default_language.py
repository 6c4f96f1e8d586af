"""The report's language when ``--lang`` is not given: the standard's first ``languages`` entry.

``default_language`` reads it before the audit loads anything, from the composed YAML (libyaml)
instead of ``yaml.safe_load`` (issue 15: 0.04 s per audit). Expected languages are read off the
files by eye; a file the audit will refuse gives English, and never a crash.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest
from click.testing import CliRunner

import checker.load.yaml_source
from checker.cli import cli
from checker.report.outputs import default_language

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("standards/contact-centre.yaml", "zh"),  # languages: [zh, en]
        ("bench/standard.yaml", "en"),  # languages: [en]
        ("examples/drafts/contact-centre-draft.md", "en"),  # a Markdown draft
    ],
)
def test_shipped_standards(name: str, expected: str) -> None:
    assert default_language(REPO / name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kind: standard\nlanguages: [en, zh]\n", "en"),
        ("kind: standard\nlanguages:\n  - zh\n", "zh"),
        ("kind: standard\nlanguages: [fr, zh]\n", "en"),  # a language servcheck does not speak
        ("kind: standard\nlanguages: []\n", "en"),
        ("kind: standard\nlanguages: zh\n", "en"),  # not a list
        ("kind: standard\n", "en"),
        ("- zh\n- en\n", "en"),  # not a mapping
        ("kind: standard\nlanguages: [zh\n", "en"),  # not YAML
        ("kind: standard\n---\nkind: standard\n", "en"),  # two documents
        ("kind: standard\nlanguages: [zh]\nissued: 2020-13-45\n", "zh"),  # safe_load raised ValueError here
        ("kind: standard\nlanguages: [zh]\nx: " + "[" * 2000 + "]" * 2000 + "\n", "en"),  # too deep
    ],
)
def test_texts(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "standard.yaml"
    path.write_text(text, encoding="utf-8")
    assert default_language(path) == expected


def test_unreadable_files_give_english(tmp_path: Path) -> None:
    assert default_language(tmp_path / "missing.yaml") == "en"
    latin = tmp_path / "latin1.yaml"
    latin.write_bytes("kind: standard\nlanguages: [zh]\ntitle: caf\xe9\n".encode("latin-1"))
    assert default_language(latin) == "en"


def test_an_impossible_date_is_reported_not_a_crash(tmp_path: Path) -> None:
    """``yaml.safe_load`` raised ValueError on ``2020-13-45`` and the audit crashed (exit 4)."""
    standard = tmp_path / "standard.yaml"
    text = (REPO / "bench" / "standard.yaml").read_text(encoding="utf-8")
    standard.write_text(text.replace("languages: [en]", "languages: [en]\nissued: 2020-13-45"), encoding="utf-8")
    dataset = REPO / "examples" / "contact-centre" / "dataset.yaml"
    result = CliRunner().invoke(cli, ["audit", str(standard), "--data", str(dataset), "--rules", str(REPO / "rules")])
    assert result.exit_code == 3, result.output
    assert "2020-13-45" in result.output and "SC014" in result.output


def test_docstring_examples_run() -> None:
    assert doctest.testmod(checker.load.yaml_source).failed == 0
