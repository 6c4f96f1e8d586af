"""Per-case verdicts (``servcheck audit … --cases FILE``): rows checked against hand computation,
CSV and Parquet alike, and the same facts as ``explain-case`` for every case of the service-desk example."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from case_kit import HEADER, OFFICE, REPO, H, dataset, events_csv, rule, standard, write_case
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.audit.case_verdicts import COLUMNS
from checker.cli import cli
from checker.explain import CaseExplainer

ROWS = [
    # T1: P2, created Friday 17:30, resolved Monday 10:00 → calendar 64.5 h; business 0.5 h (Fri 17:30–18:00)
    #     + 1 h (Mon 09:00–10:00) = 1.5 h ≤ default goal 8 business hours: met
    ("T1", "2025-09-05 17:30:00", "created", "P2"),
    ("T1", "2025-09-08 10:00:00", "resolved", "P2"),
    # T2: P1, Monday 09:00 created, 10:00 waiting (paused 1 h), 11:00 working, 12:00 resolved → running 2 h,
    #     business 2 h, paused 1 h > P1 goal 1 business hours: breached
    ("T2", "2025-09-08 09:00:00", "created", "P1"),
    ("T2", "2025-09-08 10:00:00", "waiting", "P1"),
    ("T2", "2025-09-08 11:00:00", "working", "P1"),
    ("T2", "2025-09-08 12:00:00", "resolved", "P1"),
    # T3: cancelled
    ("T3", "2025-09-08 10:00:00", "created", "P2"),
    ("T3", "2025-09-08 11:00:00", "cancelled", "P2"),
    # T4: P1 created Tuesday 09:00, still open; the log's last event is Tuesday 09:30 → 0.5 h run of a 1 h
    #     goal: pending, 1800 s to breach, 50% of the goal used (below the default at-risk share of 80%)
    ("T4", "2025-09-09 09:00:00", "created", "P1"),
    ("T4", "2025-09-09 09:30:00", "working", "P1"),
    # T5: never created → not counted
    ("T5", "2025-09-08 09:15:00", "working", "P2"),
]
OPTIONS = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "cancel": "activity = 'cancelled'",
    "calendar": "office",
    "goals": [{"when": "priority = 'P1'", "within": "1 business hours"}, {"within": "8 business hours"}],
}
P1, DEFAULT = "goal 1 (when priority = 'P1'): 1 business hours", "goal 2 (default): 8 business hours"


def _files(tmp_path: Path) -> tuple[Path, Path, Path]:
    std = standard("test.timer", ">= 50%")
    return write_case(
        tmp_path, dataset(calendars={"office": OFFICE}), events_csv(ROWS, HEADER), rule("timer", OPTIONS), std
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_per_case_rows_match_hand_computation(tmp_path):
    std, data, rules = _files(tmp_path)
    out = tmp_path / "cases.csv"
    run_audit(AuditRequest(std, data, (rules,), cases=out))
    rows = {r["case"]: r for r in _read_csv(out)}
    assert list(rows) == ["T1", "T2", "T3", "T4", "T5"]  # ordered by case
    assert tuple(_read_csv(out)[0]) == COLUMNS
    t1, t2, t3, t4, t5 = (rows[k] for k in ("T1", "T2", "T3", "T4", "T5"))
    assert (t1["goal"], t1["verdict"]) == (DEFAULT, "met")
    assert (float(t1["calendar_elapsed_s"]), float(t1["business_elapsed_s"]), float(t1["paused_s"])) == (
        64.5 * H,
        1.5 * H,
        0.0,
    )
    assert (t1["start"], t1["stop"]) == ("2025-09-05T17:30:00Z", "2025-09-08T10:00:00Z")
    assert (t2["goal"], t2["verdict"], t2["reason"]) == (P1, "breached", f"past {P1}")
    assert (float(t2["calendar_elapsed_s"]), float(t2["business_elapsed_s"]), float(t2["paused_s"])) == (
        2 * H,
        2 * H,
        1 * H,
    )
    assert t3["verdict"] == "cancelled"
    assert (t4["verdict"], t4["stop"], float(t4["time_to_breach_s"])) == ("pending", "", 0.5 * H)
    assert (float(t4["goal_used"]), t4["at_risk"]) == (0.5, "false")
    assert (t5["verdict"], t5["reason"]) == ("not counted", "never started")
    assert {r["requirement"] for r in rows.values()} == {"req"}
    assert (t2["file"], t2["row"]) == ("tickets.csv", "3")  # the case's first event: row 3 of the data


def test_cli_writes_csv_and_parquet_with_the_same_rows(tmp_path):
    std, data, rules = _files(tmp_path)
    runner = CliRunner()
    for name in ("v.csv", "v.parquet"):
        result = runner.invoke(
            cli,
            [
                "audit",
                "--lang",
                "en",
                str(std),
                "--data",
                str(data),
                "--rules",
                str(rules),
                "--cases",
                str(tmp_path / name),
            ],
        )
        assert result.exit_code in (0, 1), result.output
    from_csv = _read_csv(tmp_path / "v.csv")
    con = duckdb.connect()
    cursor = con.execute("SELECT * FROM read_parquet(?)", [str(tmp_path / "v.parquet")])
    names = [d[0] for d in cursor.description]
    from_parquet = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    assert tuple(names) == COLUMNS
    assert [(r["case"], r["verdict"], r["reason"]) for r in from_csv] == [
        (r["case"], r["verdict"], r["reason"]) for r in from_parquet
    ]
    business = {r["case"]: r["business_elapsed_s"] for r in from_parquet}
    assert business["T1"] == 1.5 * H and business["T5"] is None


def test_the_export_is_deterministic(tmp_path):
    std, data, rules = _files(tmp_path)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    run_audit(AuditRequest(std, data, (rules,), cases=first))
    run_audit(AuditRequest(std, data, (rules,), cases=second))
    assert first.read_bytes() == second.read_bytes()


def test_explain_case_and_export_agree_for_every_case_of_the_service_desk_example(tmp_path):
    std = REPO / "standards" / "service-desk.yaml"
    data = REPO / "examples" / "service-desk" / "dataset.yaml"
    out = tmp_path / "cases.csv"
    run_audit(AuditRequest(std, data, cases=out))
    exported = _read_csv(out)
    requirements = sorted({r["requirement"] for r in exported})
    assert requirements == [
        "closed-after-resolution",
        "complaint-follow-up",
        "escalation-path",
        "first-response",
        "resolution",
        "resolved-before-closed",
    ]
    compared = 0
    for requirement in requirements:
        explainer = CaseExplainer.open(AuditRequest(std, data), requirement)
        for row in (r for r in exported if r["requirement"] == requirement):
            (explained,) = [
                v for v in explainer.explain(row["case"]).figures["verdicts"] if str(v["cycle"] or "") == row["cycle"]
            ]
            for column in ("verdict", "reason", "goal", "file", "row"):
                assert str(explained[column] if explained[column] is not None else "") == row[column], (row, column)
            for column in ("calendar_elapsed_s", "business_elapsed_s", "paused_s"):
                want = None if row[column] == "" else float(row[column])
                assert explained[column] == want, (row, column)
            compared += 1
    assert compared == len(exported) == 6 * 60  # every case of every case requirement


def test_cases_file_name_is_checked_before_the_audit(tmp_path):
    std, data, rules = _files(tmp_path)
    runner = CliRunner()
    base = ["audit", "--lang", "en", str(std), "--data", str(data), "--rules", str(rules), "--cases"]
    for bad in (tmp_path / "v.xlsx", tmp_path / "missing" / "v.csv"):
        result = runner.invoke(cli, [*base, str(bad)])
        assert result.exit_code == 2 and "--cases" in result.output, result.output
        assert not bad.exists()


def test_a_sequence_field_the_table_does_not_map_is_refused_located(tmp_path):
    std_doc = standard("test.timer", ">= 50%")
    the_rule = rule("timer", {**OPTIONS, "sequence": "sys_mod_count"})
    std, data, rules = write_case(
        tmp_path, dataset(calendars={"office": OFFICE}), events_csv(ROWS, HEADER), the_rule, std_doc
    )
    result = CliRunner().invoke(cli, ["audit", "--lang", "en", str(std), "--data", str(data), "--rules", str(rules)])
    assert result.exit_code == 3, result.output
    assert "sys_mod_count" in result.output and "rules.yaml:" in result.output
