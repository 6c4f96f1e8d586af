"""Data files that cannot be read at all: exit 3, the file named, and what the file looks like.

Each expected line:column is counted by hand from the corpus file (``files/``) and written next
to the assertion; no test accepts a DuckDB message or a traceback.
"""

from __future__ import annotations

import duckdb
import pytest
from badinput_kit import FILES, audit_file


def _located(outcome, tmp_path, name: str, position: str = "") -> str:
    """The output must start a diagnostic with the copied file's path (and line:column)."""
    where = f"{tmp_path / name}{':' + position if position else ''}: "
    assert where in outcome.output, outcome.output
    return outcome.output


def test_empty_csv_is_refused_as_empty(tmp_path):
    outcome = audit_file(tmp_path, "empty.csv")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "empty.csv")
    assert "SC070" in output and "file is empty" in output


def test_header_only_csv_is_zero_rows_not_an_error(tmp_path, ledger_conserved):
    outcome = audit_file(tmp_path, "header-only.csv", options=("--allow-incomplete",))
    assert outcome.result.exit_code == 0, outcome.output
    assert (outcome.ledger.read, outcome.ledger.used) == (0, 0)
    ledger_conserved(outcome.report, tmp_path)
    # nothing to measure: the requirement is not assessed, never passed
    assert outcome.report.clauses[0].requirements[0].outcome == "insufficient-data"


def test_latin1_bytes_are_located_and_named(tmp_path):
    outcome = audit_file(tmp_path, "latin1.csv")
    assert outcome.result.exit_code == 3
    # line 3 "c2,2024-04-01 09:05:00,answered,12,caf\xe9": 'c2,' 3 + timestamp and comma 20 + 'answered,'
    # 9 + '12,' 3 + 'caf' 3 = 38 characters before the é byte → column 39
    output = _located(outcome, tmp_path, "latin1.csv", "3:39")
    assert "SC071" in output and "looks like Latin-1" in output and "not UTF-8" in output


def test_gbk_bytes_are_named_as_gbk(tmp_path):
    outcome = audit_file(tmp_path, "gbk.csv")
    assert outcome.result.exit_code == 3
    # line 3 "c2,2024-04-01 09:05:00,answered,12,客服热线": 35 ASCII characters, the first GBK byte is column 36
    output = _located(outcome, tmp_path, "gbk.csv", "3:36")
    assert "looks like GBK" in output and "not UTF-8" in output


@pytest.mark.parametrize(("name", "said"), [("semicolon.csv", "delimiter looks like ';'"), ("tab.csv", "tab")])
def test_another_delimiter_is_named_instead_of_unknown_column(tmp_path, name, said):
    outcome = audit_file(tmp_path, name)
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, name, "1:1")
    assert "SC072" in output and said in output
    assert "not in the source" not in output  # not the old "column 'call_id' is not in the source"


def test_the_mapping_delimiter_reads_the_semicolon_file(tmp_path, ledger_conserved):
    # the same file with csv.delimiter ';' is fine: c1 waited 5 s, c2 12 s, both within 20 s
    outcome = audit_file(tmp_path, "semicolon.csv", extra={"csv": {"delimiter": ";"}})
    assert outcome.result.exit_code == 0, outcome.output
    assert (outcome.ledger.read, outcome.ledger.used) == (2, 2)


def test_unterminated_quote_points_at_the_opening_quote(tmp_path):
    outcome = audit_file(tmp_path, "unterminated.csv")
    assert outcome.result.exit_code == 3
    # line 3 'c2,2024-04-01 09:05:00,"answered,12': 23 characters before the quote → column 24
    output = _located(outcome, tmp_path, "unterminated.csv", "3:24")
    assert "SC073" in output and "unterminated quote" in output


def test_binary_file_named_csv_says_what_it_is(tmp_path):
    outcome = audit_file(tmp_path, "binary.csv")  # the first bytes of a PNG image
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "binary.csv")
    assert "not text" in output and "PNG image" in output


def _parquet(tmp_path, name="calls.parquet"):
    target = tmp_path / name
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT 'c' || i AS call_id, TIMESTAMP '2024-04-01 09:00:00' + i * INTERVAL 1 MINUTE AS offered_at, "
        f"'answered' AS outcome, i AS wait FROM range(1, 200) t(i)) TO '{target}' (FORMAT parquet)"
    )
    return target


def test_truncated_parquet_is_not_a_parquet_file(tmp_path):
    whole = _parquet(tmp_path).read_bytes()
    (tmp_path / "cut.parquet").write_bytes(whole[: len(whole) // 2])
    outcome = audit_file(tmp_path, tmp_path / "cut.parquet")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "cut.parquet")
    assert "SC074" in output and "not a Parquet file (truncated or another format)" in output


def test_csv_named_parquet_is_not_a_parquet_file(tmp_path):
    (tmp_path / "calls.parquet").write_bytes((FILES / "semicolon.csv").read_bytes())
    outcome = audit_file(tmp_path, tmp_path / "calls.parquet")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "calls.parquet")
    assert "not a Parquet file" in output and "looks like a text file" in output


def test_parquet_damaged_inside_is_a_located_error_not_a_duckdb_traceback(tmp_path):
    # right magic at both ends, nothing readable between: the sniffer passes it, DuckDB refuses it
    (tmp_path / "hollow.parquet").write_bytes(b"PAR1" + b"\x15\x00" * 64 + b"\x08\x00\x00\x00PAR1")
    outcome = audit_file(tmp_path, tmp_path / "hollow.parquet")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "hollow.parquet")
    assert "SC075" in output and "cannot read hollow.parquet as parquet" in output


def test_a_good_parquet_file_still_reads(tmp_path):
    _parquet(tmp_path)
    outcome = audit_file(tmp_path, tmp_path / "calls.parquet")
    # waits 1..199 s: 20 of 199 are within 20 s → 10.05 %, below 50 % → fail (exit 1)
    assert outcome.result.exit_code == 1
    assert outcome.report.clauses[0].requirements[0].overall.exact == "20/199"


def test_glob_matching_nothing_is_located_in_the_mapping(tmp_path):
    outcome = audit_file(tmp_path, tmp_path / "nothing-*.csv")
    assert outcome.result.exit_code == 3
    lines = (tmp_path / "dataset.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "nothing-*.csv" in text)
    column = lines[line - 1].index("nothing-*.csv") + 1
    assert f"dataset.yaml:{line}:{column}: SC041" in outcome.output


def test_the_bad_file_of_a_glob_is_the_one_named(tmp_path):
    (tmp_path / "calls-1.csv").write_text("call_id,offered_at,outcome,wait\nc1,2024-04-01 09:00:00,answered,5\n")
    (tmp_path / "calls-2.csv").write_bytes(b"")
    outcome = audit_file(tmp_path, tmp_path / "calls-*.csv")
    assert outcome.result.exit_code == 3
    assert f"{tmp_path / 'calls-2.csv'}: SC070" in outcome.output
    assert "calls-1.csv:" not in outcome.output


def test_empty_json_lines_file_is_refused_as_empty(tmp_path):
    (tmp_path / "calls.jsonl").write_text("\n\n")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl")
    assert outcome.result.exit_code == 3
    assert "SC070" in _located(outcome, tmp_path, "calls.jsonl")


def test_json_lines_file_without_one_object_is_refused(tmp_path):
    (tmp_path / "calls.jsonl").write_text("[1, 2]\nnot json\n")
    outcome = audit_file(tmp_path, tmp_path / "calls.jsonl")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "calls.jsonl", "1:1")
    assert "SC076" in output and "no line of the file is a JSON object" in output


def test_parquet_with_damaged_pages_is_a_located_error(tmp_path):
    # an intact footer (so the file opens) over data pages overwritten with 0xff bytes
    con = duckdb.connect()
    good = tmp_path / "good.parquet"
    con.execute(
        "COPY (SELECT 'c' || i AS call_id, TIMESTAMP '2024-04-01 09:00:00' + i * INTERVAL 1 MINUTE AS offered_at, "
        f"'answered' AS outcome, i AS wait FROM range(1, 2000) t(i)) TO '{good}' (FORMAT parquet, "
        "COMPRESSION uncompressed)"
    )
    damaged = bytearray(good.read_bytes())
    damaged[200:2000] = b"\xff" * 1800
    (tmp_path / "pages.parquet").write_bytes(bytes(damaged))
    outcome = audit_file(tmp_path, tmp_path / "pages.parquet")
    assert outcome.result.exit_code == 3
    output = _located(outcome, tmp_path, "pages.parquet")
    assert "SC075" in output and "cannot read pages.parquet as parquet" in output
