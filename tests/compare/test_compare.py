"""``servcheck compare`` and ``servcheck audit --compare`` on two weeks of the contact-centre example.

The expected new and resolved nonconformities are read from the two JSON reports with plain Python
(outcomes matched by requirement id and group values), not from the comparison's own output.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.compare import difference_interval
from checker.model.report import Finding

REPO = Path(__file__).resolve().parents[2]
STANDARD = str(REPO / "standards/contact-centre.yaml")
DATA = str(REPO / "examples/contact-centre/dataset.yaml")
FAILING = ("fail", "waived")  # a waived failure is still a nonconformity; resolved means it passes now
WEEKS = {"week1": "2024-04-01..2024-04-07", "week2": "2024-04-08..2024-04-14"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("compare")
    out = {}
    for name, period in WEEKS.items():
        path = root / f"{name}.json"
        res = CliRunner().invoke(
            cli, ["audit", "--lang", "en", STANDARD, "--data", DATA, "--period", period, "--format", f"json:{path}"]
        )
        assert res.exit_code in (0, 1), res.output
        out[name] = path
    return out


def _expected(previous: dict, current: dict) -> tuple[set, set]:
    """(new, resolved) as (requirement id, sorted group items); a group with the requirement's period
    key counts only when both reports have it (buckets of different weeks do not correspond)."""

    def findings(report: dict) -> dict[str, tuple[str, str, dict]]:
        return {r["id"]: (r["outcome"], r["period"], r) for c in report["clauses"] for r in c["requirements"]}

    before, now = findings(previous), findings(current)
    new, resolved = set(), set()
    for rid in set(before) & set(now):
        (o1, period, r1), (o2, _, r2) = before[rid], now[rid]
        if o2 in FAILING and o1 not in FAILING:
            new.add((rid, ()))
        if o1 in FAILING and o2 in ("pass", "warn"):
            resolved.add((rid, ()))
        g1 = {tuple(sorted(g["group"].items())): g["outcome"] for g in r1["groups"]}
        g2 = {tuple(sorted(g["group"].items())): g["outcome"] for g in r2["groups"]}
        for key in set(g1) | set(g2):
            if period in dict(key) and not (key in g1 and key in g2):
                continue
            a, b = g1.get(key), g2.get(key)
            if b in FAILING and a not in FAILING:
                new.add((rid, key))
            if a in FAILING and b in ("pass", "warn"):
                resolved.add((rid, key))
    return new, resolved


def _refs(items: list[dict]) -> set:
    return {(n["requirement"], tuple(sorted(n["group"].items()))) for n in items}


def test_compare_names_new_and_resolved_nonconformities(reports):
    previous = json.loads(reports["week1"].read_text(encoding="utf-8"))
    current = json.loads(reports["week2"].read_text(encoding="utf-8"))
    new, resolved = _expected(previous, current)
    assert new and resolved  # the example's second week breaks service level and ASA; CRM's outage is in week 1

    res = CliRunner().invoke(cli, ["compare", str(reports["week1"]), str(reports["week2"]), "--format", "json"])
    assert res.exit_code == 1  # new nonconformities
    comparison = json.loads(res.stdout)
    assert _refs(comparison["new"]) == new
    assert _refs(comparison["resolved"]) == resolved

    text = CliRunner().invoke(cli, ["compare", str(reports["week1"]), str(reports["week2"])])
    head, _, rest = text.stdout.partition("resolved nonconformities")
    for rid, _group in new:
        assert f"+ {rid}" in head
    for rid, _group in resolved:
        assert f"- {rid}" in rest
    markdown = CliRunner().invoke(
        cli, ["compare", str(reports["week1"]), str(reports["week2"]), "--format", "markdown"]
    )
    assert "## New nonconformities" in markdown.stdout and "service-level-80-20" in markdown.stdout


def test_the_same_report_twice_has_no_changes(reports):
    res = CliRunner().invoke(cli, ["compare", str(reports["week1"]), str(reports["week1"]), "--format", "json"])
    assert res.exit_code == 0
    comparison = json.loads(res.stdout)
    assert comparison["new"] == [] and comparison["resolved"] == []
    for r in comparison["requirements"]:
        for fc in [r["overall"], *r["groups"]]:
            assert fc["meaningful"] in (False, None)
            assert fc["change"] in (0, None)


def test_share_change_interval_is_newcombe_hybrid_score():
    """Newcombe (1998), Statistics in Medicine 17:873, Table II, example (a): 56/70 − 48/80, method 10
    (hybrid score, no continuity correction): 0.0524 to 0.3339."""
    low, high = difference_interval(
        Finding(outcome="pass", value=48 / 80, n=80, successes=48),
        Finding(outcome="pass", value=56 / 70, n=70, successes=56),
    )
    assert (round(low, 4), round(high, 4)) == (0.0524, 0.3339)


def test_audit_with_compare_adds_the_section(reports, tmp_path):
    json_path, html_path = tmp_path / "r.json", tmp_path / "r.html"
    args = [
        "audit",
        "--lang",
        "en",
        STANDARD,
        "--data",
        DATA,
        "--period",
        WEEKS["week2"],
        "--compare",
        str(reports["week1"]),
    ]
    res = CliRunner().invoke(cli, [*args, "--format", f"json:{json_path}", "--format", f"html:{html_path}"])
    assert res.exit_code == 1, res.output
    report = json.loads(json_path.read_text(encoding="utf-8"))
    standalone = json.loads(
        CliRunner().invoke(cli, ["compare", str(reports["week1"]), str(reports["week2"]), "--format", "json"]).stdout
    )
    assert report["comparison"]["new"] == standalone["new"]
    assert report["comparison"]["resolved"] == standalone["resolved"]
    html = html_path.read_text(encoding="utf-8")
    assert 'id="comparison"' in html and "service-level-80-20" in html
    # without --compare there is no such section, and no comparison key in the JSON
    assert "comparison" not in json.loads(reports["week2"].read_text(encoding="utf-8"))


def test_a_file_that_is_not_json_is_refused_with_its_place(reports, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"tool": {"name": "servcheck"},\n  oops\n}', encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(bad), str(reports["week2"])])
    assert res.exit_code == 3
    assert f"{bad}:2:3: SC014" in res.stderr


def test_json_that_is_not_a_servcheck_report_is_refused(reports, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"tool": {"name": "great-expectations"}, "results": []}), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(other), str(reports["week2"])])
    assert (res.exit_code, "SC014" in res.stderr, "not a servcheck report" in res.stderr) == (3, True, True)
    broken = json.loads(reports["week1"].read_text(encoding="utf-8"))
    broken["clauses"][1]["requirements"][0]["outcome"] = "great"
    damaged = tmp_path / "damaged.json"
    damaged.write_text(json.dumps(broken), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(damaged), str(reports["week2"])])
    assert res.exit_code == 3 and "clauses[1].requirements[0].outcome" in res.stderr


def test_reports_of_different_standards_are_a_usage_error_and_versions_warn(reports, tmp_path):
    data = json.loads(reports["week1"].read_text(encoding="utf-8"))
    data["standard"]["id"] = "another-standard"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(other), str(reports["week2"])])
    assert res.exit_code == 2 and "SC083" in res.stderr and "another-standard" in res.stderr

    data["standard"]["id"] = "contact-centre"
    data["standard"]["version"] = "0.9.0"
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(older), str(reports["week2"]), "--format", "json"])
    assert res.exit_code == 1  # compared, with the warning
    assert "version differs" in res.stderr
    assert json.loads(res.stdout)["warnings"] == [
        "the standard's version differs: contact-centre v0.9.0 before, v1.0.0 now; targets may have changed"
    ]


def test_swapping_the_reports_swaps_new_and_resolved(reports):
    def refs(a: Path, b: Path, key: str) -> set:
        res = CliRunner().invoke(cli, ["compare", str(a), str(b), "--format", "json"])
        return _refs(json.loads(res.stdout)[key])

    assert refs(reports["week1"], reports["week2"], "new") == refs(reports["week2"], reports["week1"], "resolved")
    assert refs(reports["week1"], reports["week2"], "resolved") == refs(reports["week2"], reports["week1"], "new")


def test_audit_compare_with_a_bad_previous_report_stops_before_auditing(tmp_path):
    bad = tmp_path / "previous.json"
    bad.write_text("[1, 2", encoding="utf-8")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(
        cli, ["audit", "--lang", "en", STANDARD, "--data", DATA, "--compare", str(bad), "--format", f"json:{out}"]
    )
    assert res.exit_code == 3 and "SC014" in res.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("before", "now", "status"),
    [
        ("pass", "fail", "new"),
        ("pass", "waived", "new"),  # a new failure, even if a waiver accepts it
        ("fail", "waived", "continuing"),  # waiving is not resolving
        ("waived", "pass", "resolved"),
        ("fail", "warn", "resolved"),
        ("insufficient-data", "fail", "new"),
        ("fail", "insufficient-data", "unverified"),  # no longer judged is not resolved
        ("fail", None, "unverified"),  # the group is gone from the data
        ("pass", "warn", "none"),
    ],
)
def test_nonconformity_status(before, now, status):
    from checker.compare import finding_change

    current = Finding(outcome=now, value=None, n=0) if now else None
    fc = finding_change({}, Finding(outcome=before, value=None, n=0), current)
    assert (fc.nonconformity, fc.change, fc.meaningful) == (status, None, None)
