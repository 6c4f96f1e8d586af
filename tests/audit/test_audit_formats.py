"""The same calls as CSV, Parquet (typed columns) and JSON Lines, and split over a glob, audit alike."""

from __future__ import annotations

import duckdb
import pytest
from audit_kit import (
    CALL_FIELDS,
    CALLS_HEADER,
    call,
    csv_text,
    dataset,
    finding,
    requirement,
    result,
    standard,
    table,
    write_case,
)

LINES = [
    call("c1", "answered", 5, at="2024-04-01 09:00:00"),
    call("c2", "answered", 25, at="2024-04-01 10:00:00"),
    call("c3", "abandoned", 40, at="2024-04-02 11:00:00"),
    call("c4", "answered", 8, at="2024-04-02 12:00:00"),
]
# answered within 20 s: c1, c4 of 3 answered → 2/3


def _case(tmp_path, source: str, files: dict[str, str]):
    req = requirement("r", "contact.answered-within", ">= 50%", params={"threshold": "20s"})
    return write_case(
        tmp_path, standard(req), dataset({"calls": table(source, ["call_id"], "offered_at", CALL_FIELDS)}), files
    )


@pytest.mark.parametrize("kind", ["parquet", "jsonl"])
def test_typed_and_json_sources_give_the_csv_figures(tmp_path, audit, kind):
    csv_path = tmp_path / "source.csv"
    csv_path.write_text(csv_text(CALLS_HEADER, LINES), encoding="utf-8")
    target = tmp_path / f"calls.{kind}"
    con = duckdb.connect()
    # Parquet keeps DuckDB's sniffed types (TIMESTAMP, BIGINT): the mapping must read them as they are
    fmt = "(FORMAT parquet)" if kind == "parquet" else "(FORMAT json)"
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{target}' {fmt}")
    report = audit(*_case(tmp_path, f"calls.{kind}", {}))
    overall = finding(result(report, "r"))
    assert (overall.exact, overall.outcome) == ("2/3", "pass")
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used) == (4, 4)


def test_a_glob_reads_every_file_and_evidence_names_the_file(tmp_path, audit):
    files = {
        "calls-1.csv": csv_text(CALLS_HEADER, LINES[:2]),
        "calls-2.csv": csv_text(CALLS_HEADER, LINES[2:]),
    }
    req = requirement("r", "contact.answered-within", ">= 100%", params={"threshold": "20s"})
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"calls": table("calls-*.csv", ["call_id"], "offered_at", CALL_FIELDS)}),
            files,
        )
    )
    overall = finding(result(report, "r"))
    assert (overall.exact, overall.outcome) == ("2/3", "fail")
    # c2 waited 25 s: the first file, its second data row
    assert [(e.key["call_id"], e.file, e.row) for e in overall.evidence] == [("c2", "calls-1.csv", 2)]
    assert sorted(i.path for i in report.inputs if i.role == "data:calls") == ["calls-1.csv", "calls-2.csv"]


def test_a_glob_mixing_csv_and_parquet_files_of_one_table_reads_both(tmp_path, audit):
    # calls-1.csv holds c1, c2 as text; calls-2.parquet holds c3, c4 with DuckDB's typed columns
    (tmp_path / "calls-1.csv").write_text(csv_text(CALLS_HEADER, LINES[:2]), encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(csv_text(CALLS_HEADER, LINES[2:]), encoding="utf-8")
    duckdb.connect().execute(
        f"COPY (SELECT * FROM read_csv('{second}')) TO '{tmp_path / 'calls-2.parquet'}' (FORMAT parquet)"
    )
    second.unlink()
    req = requirement("r", "contact.answered-within", ">= 100%", params={"threshold": "20s"})
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"calls": table("calls-*", ["call_id"], "offered_at", CALL_FIELDS)}),
            {},
        )
    )
    overall = finding(result(report, "r"))
    # answered: c1 (5 s), c2 (25 s), c4 (8 s); within 20 s: c1, c4
    assert (overall.exact, overall.outcome) == ("2/3", "fail")
    assert [(e.key["call_id"], e.file, e.row) for e in overall.evidence] == [("c2", "calls-1.csv", 2)]
    (ledger,) = report.ledger
    assert (ledger.read, ledger.used) == (4, 4)
    assert sorted(i.path for i in report.inputs if i.role == "data:calls") == ["calls-1.csv", "calls-2.parquet"]
