"""The overlay listing ``servcheck lint`` prints names each parent with its file in the reader's
brackets: Latin in English, full-width in Chinese (``…继承自 contact-centre 1.0.0（standards/…）``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("lang", "first_line"),
    [
        (
            "en",
            "standards/contact-centre-site.yaml: effective standard contact-centre-shanghai 1.0.0 extends "
            "contact-centre 1.0.0 (standards/contact-centre.yaml)",
        ),
        (
            "zh",
            "standards/contact-centre-site.yaml：生效标准 contact-centre-shanghai 1.0.0 继承自 "
            "contact-centre 1.0.0（standards/contact-centre.yaml）",
        ),
    ],
)
def test_the_overlay_chain_is_bracketed_as_the_reader_writes(
    lang: str, first_line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["lint", "standards", "--no-cache", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == first_line
