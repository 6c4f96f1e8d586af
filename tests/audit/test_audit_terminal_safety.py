"""What the terminal shows is what the files hold: control characters from data become escapes."""

from __future__ import annotations

from audit_kit import CALL_FIELDS, calls_table, dataset, requirement, standard, write_case
from click.testing import CliRunner

from checker.cli import cli


def test_located_errors_show_control_characters_from_data_as_escapes(tmp_path):
    """A header naming a column with an ESC sequence (clear screen) is quoted in the missing-column
    error; the terminal must see ``\\x1b[2J`` as text, not clear the auditor's screen."""
    header = "call_id,offered_at,outcome,wait,talk,\x1b[2Jqueue"
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("r", "contact.answered-within", ">= 50%", params={"threshold": "10s"})),
        dataset({"calls": calls_table(CALL_FIELDS)}),
        {"calls.csv": header + "\nc1,2024-04-01 09:00:00,answered,5,60,general\n"},
    )
    args = ["audit", "--lang", "en", str(std), "--data", str(data), *[a for r in rules for a in ("--rules", str(r))]]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 3
    assert "\\x1b[2Jqueue" in result.output
    assert "\x1b" not in result.output
