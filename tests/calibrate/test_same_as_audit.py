"""A period's figure is the one ``servcheck audit`` reports for that bucket: the audit's JSON report of
the example (service level per queue and day) against the calibration per day."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "standards" / "contact-centre.yaml"
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"
ONE = ("--requirement", "service-level-80-20")


def test_each_day_is_decided_by_the_audits_worst_queue(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    audit = CliRunner().invoke(
        cli,
        ["audit", str(STANDARD), "--data", str(DATASET), "--format", f"json:{report}", "--fail-on", "never"],
        catch_exceptions=False,
    )
    assert audit.exit_code == 0, audit.output
    found = json.loads(report.read_text(encoding="utf-8"))
    results = [r for clause in found["clauses"] for r in clause["requirements"] if r["id"] == "service-level-80-20"]
    cells: dict[str, list[dict]] = defaultdict(list)
    for g in results[0]["groups"]:
        if set(g["group"]) == {"queue", "day"}:
            cells[g["group"]["day"]].append(g)
    expected = {}
    for day, groups in cells.items():
        counted = [g for g in groups if g["outcome"] in ("pass", "warn", "fail")]
        worst = min(counted, key=lambda g: g["value"])
        expected[day] = (worst["value"], worst["group"]["queue"], all(g["outcome"] != "fail" for g in counted))
    result = CliRunner().invoke(
        cli,
        ["calibrate", str(STANDARD), "--data", str(DATASET), "--format", "json", "--period", "day", *ONE],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    periods = json.loads(result.stdout)["requirements"][0]["periods"]
    got = {p["period"]: (p["value"], p["decided_by"]["queue"], p["met"]) for p in periods}
    assert got == expected
    assert not got["2024-04-09"][2]  # the billing queue's bad day fails the day, as in the audit
