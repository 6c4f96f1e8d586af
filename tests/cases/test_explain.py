"""``servcheck explain-case``: the timeline behind one case's verdict, checked against hand computation."""

from __future__ import annotations

from case_kit import HEADER, OFFICE, H, dataset, events_csv, rule, standard, write_case, write_yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.explain import explain

ROWS = [
    ("T1", "2025-09-05 17:30:00", "created", "P1"),  # Friday
    ("T1", "2025-09-05 18:30:00", "waiting", "P1"),  # paused over the weekend
    ("T1", "2025-09-08 09:30:00", "working", "P1"),  # Monday
    ("T1", "2025-09-08 10:00:00", "resolved", "P1"),
]
OPTIONS = {
    "start": "activity = 'created'",
    "stop": "activity = 'resolved'",
    "pause": "activity = 'waiting'",
    "calendar": "office",
    "goals": [{"when": "priority = 'P2'", "within": "8 business hours"}, {"within": "1 business hours"}],
}


def _files(tmp_path):
    std = standard("test.timer", ">= 90%")
    return write_case(
        tmp_path, dataset(calendars={"office": OFFICE}), events_csv(ROWS, HEADER), rule("timer", OPTIONS), std
    )


def test_explanation_splits_running_paused_and_out_of_hours(tmp_path):
    std, data, rules = _files(tmp_path)
    out = explain(std, data, "req", "T1", rules=(rules,))
    # running Fri 17:30–18:00 (in hours, 0.5 h) and 18:00–18:30 (out of hours, 0.5 h);
    # paused Fri 18:30 → Mon 09:30 (63 h); running Mon 09:30–10:00 (in hours, 0.5 h).
    assert out.figures["stretches"] == {"running in hours": 1 * H, "running out of hours": 0.5 * H, "paused": 63 * H}
    # running calendar 1.5 h, business 1 h (0.5 Fri + 0.5 Mon) → goal "1 business hours" met (equal meets)
    assert (out.figures["elapsed_s"], out.figures["business_s"], out.figures["met"]) == (1.5 * H, 1 * H, True)
    assert out.figures["goal"] == "goal 2 (default): 1 business hours"
    text = out.text()
    assert "chosen because not (priority = 'P2')" in text
    assert "verdict: met" in text
    # the state after each event: created → running, waiting → paused, working → running, resolved → stopped
    states = [line.split("then ")[1].split()[0] for line in text.splitlines() if line.lstrip().startswith("#")]
    assert states == ["running", "paused", "running", "stopped"]


def test_cli_explain_case_and_unknown_case(tmp_path):
    std, data, rules = _files(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(
        cli,
        ["explain-case", str(std), "--data", str(data), "--rules", str(rules), "--requirement", "req", "--case", "T1"],
    )
    assert ok.exit_code == 0, ok.output
    assert "2025-09-05 17:30:00 +0000 → 2025-09-05 18:00:00 +0000  running in hours  0h30m" in ok.output
    missing = runner.invoke(
        cli,
        [
            "explain-case",
            str(std),
            "--data",
            str(data),
            "--rules",
            str(rules),
            "--requirement",
            "req",
            "--case",
            "NOPE",
        ],
    )
    assert missing.exit_code == 2
    assert "no case 'NOPE'" in missing.output


def test_explain_case_finds_a_calendar_file_given_with_rules_as_the_audit_does(tmp_path):
    """The calendar lives only in a ``kind: calendar`` file among the rule paths (not in the dataset):
    explain-case used to rebuild the audit's setup by hand and missed it; both now share one session."""
    std, data, rules = write_case(
        tmp_path, dataset(), events_csv(ROWS, HEADER), rule("timer", OPTIONS), standard("test.timer", ">= 90%")
    )
    calendar = write_yaml(tmp_path / "office.yaml", {"kind": "calendar", "id": "office", **OFFICE})
    out = explain(std, data, "req", "T1", rules=(rules, calendar))
    # the same hand computation as above: business 1 h (0.5 h Friday + 0.5 h Monday), goal met
    assert (out.figures["business_s"], out.figures["met"]) == (1 * H, True)


def test_a_case_the_clock_never_judged_is_neither_met_nor_breached(tmp_path):
    """T2 has no start event (only 'working'): "never started", not counted. Its figures must not say
    met: an auditor reading ``met: true`` beside a case the clock never ran would report it as met.
    T3 is cancelled before it resolves: also not counted, so also neither met nor breached."""
    rows = [
        *ROWS,
        ("T2", "2025-09-08 11:00:00", "working", "P1"),
        ("T3", "2025-09-08 11:00:00", "created", "P1"),
        ("T3", "2025-09-08 11:10:00", "cancelled", "P1"),
        ("T3", "2025-09-08 11:20:00", "resolved", "P1"),
    ]
    options = {**OPTIONS, "cancel": "activity = 'cancelled'"}
    std, data, rules = write_case(
        tmp_path,
        dataset(calendars={"office": OFFICE}),
        events_csv(rows, HEADER),
        rule("timer", options),
        standard("test.timer", ">= 90%"),
    )
    never = explain(std, data, "req", "T2", rules=(rules,))
    assert (never.figures["status"], never.figures["met"]) == ("never started", None)
    cancelled = explain(std, data, "req", "T3", rules=(rules,))
    assert (cancelled.figures["status"], cancelled.figures["met"]) == ("cancelled", None)
    # T1 as before: judged and met
    assert explain(std, data, "req", "T1", rules=(rules,)).figures["met"] is True
