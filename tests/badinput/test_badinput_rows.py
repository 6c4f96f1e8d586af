"""Faults of single rows are rejected in the ledger with a reason, never fatal and never silent.

The audit is "answered within 20 s, target >= 50 %"; each test counts by hand which rows are
used, which are rejected and why, and what share of the used calls waited 20 s or less.
"""

from __future__ import annotations

import json

import duckdb
from badinput_kit import audit_file
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def _line(i: int, **override: object) -> str:
    record = {"call_id": f"c{i:05d}", "offered_at": f"2024-04-01 {9 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}"}
    record |= {"outcome": "answered", "wait": 5 + i % 10}
    record |= override
    return json.dumps(record)


def test_one_odd_timestamp_in_json_lines_rejects_that_row_only(tmp_path, ledger_conserved):
    lines = [_line(i) for i in range(5000)]
    lines.insert(2500, _line(99999, offered_at=12345))  # a number among 5,000 timestamp strings
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl")
    assert outcome.result.exit_code == 0, outcome.output
    assert (outcome.ledger.read, outcome.ledger.used) == (5001, 5000)
    assert outcome.rejected() == {"unparseable value in offered_at": 1}
    assert "call_id=c99999" in outcome.examples("unparseable value in offered_at")
    # every used call waited 5..14 s: 5000/5000 within 20 s
    assert outcome.report.clauses[0].requirements[0].overall.exact == "5000/5000"
    ledger_conserved(outcome.report)


def test_a_string_in_a_number_field_of_json_lines_rejects_that_row_only(tmp_path):
    # past the 20,480 rows a JSON reader samples to type its columns
    lines = [_line(i) for i in range(21_000)] + [_line(21_000, wait="soon"), _line(21_001, wait=25)]
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl")
    assert (outcome.ledger.read, outcome.ledger.used) == (21_002, 21_001)
    assert outcome.rejected() == {"unparseable value in wait": 1}
    assert "call_id=c21000" in outcome.examples("unparseable value in wait")
    # 21,000 calls waited 5..14 s, c21001 waited 25 s → 21000/21001
    assert outcome.report.clauses[0].requirements[0].overall.exact == "21000/21001"


def test_malformed_json_lines_are_rejected_with_their_line_numbers(tmp_path):
    # files/malformed.jsonl: c1 (5 s), c2 (30 s), line 3 not JSON, line 4 blank, c3 (wait "12" as text),
    # line 6 an array, line 7 an object missing its closing brace
    outcome = audit_file(tmp_path, "malformed.jsonl")
    assert outcome.result.exit_code == 0, outcome.output
    assert (outcome.ledger.read, outcome.ledger.used) == (6, 3)  # the blank line is not a record
    assert outcome.rejected() == {"malformed JSON line": 3}
    examples = outcome.examples("malformed JSON line")
    assert "malformed.jsonl line 3: not JSON" in examples
    assert "malformed.jsonl line 6: JSON, but not an object" in examples
    assert "malformed.jsonl line 7: not JSON" in examples
    # c1 5 s and c3 12 s within 20 s, c2 30 s not → 2/3
    assert outcome.report.clauses[0].requirements[0].overall.exact == "2/3"


def test_evidence_of_json_lines_names_the_line(tmp_path):
    lines = [_line(1, wait=5), "garbage", _line(2, wait=40)]
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n")
    standard = _target("== 100%")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl", standard=standard)
    overall = outcome.report.clauses[0].requirements[0].overall
    assert overall.exact == "1/2"
    # c00002 waited 40 s and is on line 3 of the file
    assert [(e.key["call_id"], e.row) for e in overall.evidence] == [("c00002", 3)]


def _target(target: str) -> dict:
    from badinput_kit import STANDARD

    std = json.loads(json.dumps(STANDARD))
    std["clauses"][0]["requirements"][0]["target"] = target
    return std


def test_nan_and_infinite_waits_are_rejected_with_a_reason(tmp_path, ledger_conserved):
    # files/nonfinite.csv: c1 5 s, c2 nan, c3 inf, c4 Infinity, c5 -inf, c6 30 s
    outcome = audit_file(tmp_path, "nonfinite.csv")
    assert (outcome.ledger.read, outcome.ledger.used) == (6, 2)
    # -inf is not finite before it is negative: one reason, the first that applies
    assert outcome.rejected() == {"not a finite number in wait": 4}
    # c1 within 20 s, c6 not → 1/2 (NaN is not counted as "not in time" any more)
    assert outcome.report.clauses[0].requirements[0].overall.exact == "1/2"
    ledger_conserved(outcome.report, tmp_path)


def test_nan_in_json_and_parquet_is_rejected_too(tmp_path):
    lines = [
        _line(1, wait=5),
        '{"call_id": "c2", "offered_at": "2024-04-01 09:00:00", "outcome": "answered", "wait": NaN}',
        _line(3, wait="Infinity"),
    ]
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl")
    assert outcome.rejected() == {"not a finite number in wait": 2}
    con = duckdb.connect()
    target = tmp_path / "calls.parquet"
    con.execute(
        "COPY (SELECT * FROM (VALUES ('p1', TIMESTAMP '2024-04-01 09:00:00', 'answered', 5.0), "
        "('p2', TIMESTAMP '2024-04-01 09:01:00', 'answered', 'nan'::DOUBLE)) t(call_id, offered_at, outcome, wait)) "
        f"TO '{target}' (FORMAT parquet)"
    )
    typed = audit_file(tmp_path, target)
    assert typed.rejected() == {"not a finite number in wait": 1}
    assert "call_id=p2" in typed.examples("not a finite number in wait")


def test_timestamps_outside_years_1_to_9999_are_rejected_not_a_crash(tmp_path, ledger_conserved):
    # files/out-of-range.csv: c1 and c6 in 2024; c2 year 0, c3 year 10000, c4 year 99999, and c5 the last
    # second of 9999, refused too: a time zone up to 14 h away could carry it into year 10000
    outcome = audit_file(tmp_path, "out-of-range.csv")
    assert outcome.result.exit_code in (0, 1), outcome.output
    assert (outcome.ledger.read, outcome.ledger.used) == (6, 2)
    assert outcome.rejected() == {"timestamp out of range in offered_at": 4}
    examples = outcome.examples("timestamp out of range in offered_at")
    assert "call_id=c2" in examples and "call_id=c5" in examples  # the smallest and largest key
    # c1 5 s within 20 s, c6 30 s not → 1/2
    assert outcome.report.clauses[0].requirements[0].overall.exact == "1/2"
    ledger_conserved(outcome.report, tmp_path)


_values = st.one_of(
    st.integers(-(10**6), 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-Infinity", "", "12:30", "0001-01-01", "abc", "1e309", "-0"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(waits=st.lists(_values, min_size=1, max_size=12))
def test_any_wait_column_keeps_every_row_in_the_ledger(tmp_path_factory, waits):
    """Property: whatever text the wait column holds, the audit ends cleanly and every row is
    either used or rejected with a reason (read = used + rejected, read = rows written)."""
    folder = tmp_path_factory.mktemp("waits")
    rows = [f"c{i},2024-04-01 09:00:{i:02d},answered,{w}" for i, w in enumerate(waits)]
    (folder / "calls.csv").write_text("call_id,offered_at,outcome,wait\n" + "\n".join(rows) + "\n")
    outcome = audit_file(folder, folder / "calls.csv", options=("--allow-incomplete",))
    assert outcome.result.exit_code in (0, 1), outcome.output
    assert outcome.ledger.read == len(waits)
    assert outcome.ledger.read == outcome.ledger.used + sum(outcome.rejected().values())
