"""A data file that changes while the audit reads it refuses the report (SC078, exit 3), never signs it.

The audit reads a file several times (ledger, grouped pass, evidence) and records one size and one
SHA-256 for it; a file still being written could give figures from two versions under a digest of
neither. The tests change the file between the ledger and the grouped pass, through the audit's
progress callback ("measuring" is said just before the grouped pass).
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest
from audit_kit import CALLS_HEADER, call, calls_table, csv_text, dataset, requirement, standard, write_case, write_yaml
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.exitcodes import ExitCode

LINES = [
    call("c1", "answered", 5, at="2024-04-01 09:00:00"),
    call("c2", "answered", 25, at="2024-04-01 10:00:00"),
    call("c3", "abandoned", 40, at="2024-04-02 11:00:00"),
]
BY_10S = requirement("by-10s", "contact.answered-within", ">= 50%", params={"threshold": "10s"})


def _csv_case(root: Path) -> tuple[Path, Path, tuple[Path, ...]]:
    return write_case(
        root, standard(BY_10S), dataset({"calls": calls_table()}), {"calls.csv": csv_text(CALLS_HEADER, LINES)}
    )


def _parquet_case(root: Path) -> tuple[Path, Path, tuple[Path, ...]]:
    std, data, rules = _csv_case(root)
    _to_parquet(root / "calls.csv", root / "calls.parquet")
    parquet = calls_table()
    parquet["source"] = ["calls.parquet"]
    parquet["format"] = "parquet"
    write_yaml(data, dataset({"calls": parquet}))
    return std, data, rules


def _to_parquet(csv: Path, parquet: Path) -> None:
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)")
    con.close()


def _audit_changing(std: Path, data: Path, rules: tuple[Path, ...], change, lang: str | None = None):
    def progress(message: str, _step: int, _total: int) -> None:
        if message == "measuring":
            change()

    return run_audit(AuditRequest(std, data, rules, lang=lang), progress)


def test_an_unchanged_file_audits(tmp_path):
    report = _audit_changing(*_csv_case(tmp_path), change=lambda: None)
    assert report.ledger[0].read == 3


def test_a_line_appended_during_the_audit_refuses_the_report(tmp_path):
    case = _csv_case(tmp_path)
    calls = tmp_path / "calls.csv"
    before = calls.stat().st_size
    extra = call("c4", "answered", 5, at="2024-04-02 12:00:00") + "\n"

    def append() -> None:
        with calls.open("a", encoding="utf-8") as handle:
            handle.write(extra)

    with pytest.raises(InvalidInput) as raised:
        _audit_changing(*case, change=append)
    (problem,) = raised.value.diagnostics
    assert problem.code == "SC078"
    assert problem.location.file == str(calls)
    assert f"size {before} → {before + len(extra.encode())} bytes" in problem.message
    assert raised.value.exit_code == ExitCode.INVALID_INPUT


def test_a_rewrite_of_the_same_size_is_seen_by_its_time(tmp_path):
    case = _parquet_case(tmp_path)
    parquet = tmp_path / "calls.parquet"
    stat = parquet.stat()

    def rewrite() -> None:  # same bytes count, a later modification time: a rewrite in place
        parquet.write_bytes(parquet.read_bytes())
        os.utime(parquet, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    with pytest.raises(InvalidInput) as raised:
        _audit_changing(*case, change=rewrite)
    (problem,) = raised.value.diagnostics
    assert problem.code == "SC078"
    assert f"size {stat.st_size} → {stat.st_size} bytes" in problem.message


def test_a_file_removed_during_the_audit_is_named_in_chinese(tmp_path):
    case = _parquet_case(tmp_path)
    parquet = tmp_path / "calls.parquet"
    with pytest.raises(InvalidInput) as raised:  # the Parquet view reads lazily: removal after the ledger
        _audit_changing(*case, change=lambda: parquet.rename(tmp_path / "moved.parquet"), lang="zh")
    problems = [d for d in raised.value.diagnostics if d.code == "SC078"]
    assert problems, raised.value
    assert "审核读取期间数据文件被删除或改名" in problems[0].message


def test_the_command_exits_3_and_writes_no_report(tmp_path, monkeypatch):
    std, data, rules = _csv_case(tmp_path)
    calls = tmp_path / "calls.csv"
    import checker.audit as audit_module

    real = audit_module._run_session

    def run_then_append(session, progress=None):
        def changing(message: str, step: int, total: int) -> None:
            if message == "measuring":
                with calls.open("a", encoding="utf-8") as handle:
                    handle.write("c9,2024-04-03 09:00:00,answered,5,60,general\n")
            if progress is not None:
                progress(message, step, total)

        return real(session, changing)

    monkeypatch.setattr(audit_module, "_run_session", run_then_append)
    out = tmp_path / "report.json"
    args = ["audit", str(std), "--data", str(data), "--format", f"json:{out}"]
    for rule_path in rules:
        args += ["--rules", str(rule_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == ExitCode.INVALID_INPUT, result.output
    assert "SC078" in result.output
    assert not out.exists()
