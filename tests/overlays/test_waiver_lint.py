"""``servcheck lint`` on the shipped site standard and waivers: expired (SC061, as of a date),
statically unusable (SC060) and unknown-requirement (SC062) waivers, and the overlay's diff."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli
from checker.lint.runner import lint_paths

REPO = Path(__file__).resolve().parents[2]
SITE = REPO / "standards/contact-centre-site.yaml"
WAIVERS = REPO / "examples/contact-centre/waivers.yaml"


def codes(report) -> list[tuple[str, int, int]]:
    return [(d.code, d.location.line, d.location.column) for d in report.diagnostics]


def test_the_shipped_waivers_as_of_the_audit_period_end_have_one_expired():
    # crm-upgrade-outage expires 2024-03-31 (line 42: '    expires: "2024-03-31"'); the others on 2024-06-30
    report = lint_paths([SITE, WAIVERS], today=dt.date(2024, 4, 14))
    assert codes(report) == [("SC061", 42, 14)]
    assert report.exit_code("error") == 0 and report.exit_code("warning") == 1
    later = lint_paths([SITE, WAIVERS], today=dt.date(2024, 7, 1))
    assert [c for c, _l, _c in codes(later)] == ["SC061", "SC061", "SC061"]


def test_lint_cli_shows_the_effective_diff_and_takes_as_of():
    result = CliRunner().invoke(cli, ["lint", str(SITE), str(WAIVERS), "--as-of", "2024-04-14", "--lang", "en"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "  tightened  answered-by-2nd-ring: target >= 96% → >= 97%" in lines
    assert any(
        line.startswith("  loosened   talk-time-p90: target <= 10min → <= 12min — justification:") for line in lines
    )
    assert "  added      answered-within-30s (clause 4.8)" in lines
    assert lines[-1] == "0 errors, 1 warning, 0 info in 2 files"
    bad = CliRunner().invoke(cli, ["lint", str(SITE), "--as-of", "14/04/2024"])
    assert bad.exit_code == 2


def test_show_effective_prints_the_merged_standard():
    result = CliRunner().invoke(cli, ["lint", str(SITE), "--show-effective", "--lang", "en"])
    assert result.exit_code == 0
    assert "id: answered-within-30s" in result.output and "target: '>= 97%'" in result.output
    assert "extends:" not in result.output.split("# effective standard of", 1)[1]


def test_a_scope_field_the_requirement_is_not_grouped_by_is_sc060(tmp_path):
    text = WAIVERS.read_text(encoding="utf-8").replace("group: {queue: vip}", "group: {queues: vip}")
    file = tmp_path / "waivers.yaml"
    file.write_text(text, encoding="utf-8")
    report = lint_paths([SITE, file], lang="en", today=dt.date(2024, 4, 14))
    unused = [d for d in report.diagnostics if d.code == "SC060"]
    assert [(d.location.line, d.location.column) for d in unused] == [(25, 15)]
    assert "grouped by: queue, day" in unused[0].message


def test_a_waiver_for_a_requirement_only_the_site_adds_is_known_through_the_overlay(tmp_path):
    text = WAIVERS.read_text(encoding="utf-8").replace(
        "requirement: availability-monthly", "requirement: answered-within-30s"
    )
    file = tmp_path / "waivers.yaml"
    file.write_text(text.replace("group: {service: crm}", "group: {}"), encoding="utf-8")
    assert [d.code for d in lint_paths([SITE, file], today=dt.date(2024, 3, 15)).diagnostics] == []
    organisation_only = lint_paths([REPO / "standards/contact-centre.yaml", file], today=dt.date(2024, 3, 15))
    assert [d.code for d in organisation_only.diagnostics] == ["SC062"]
