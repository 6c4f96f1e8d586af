"""Run ``servcheck audit`` on one data file of the bad-input corpus and read what it said.

Every case is the same small audit (calls answered within 20 s, target >= 50 %) over a calls
table whose source is the file under test, so a test states only its file, its mapping options
and what the command must answer: an exit code, a located message, or the ledger's counts.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

from checker.cli import cli
from checker.model.report import Report, TableLedger

REPO = Path(__file__).resolve().parents[2]
FILES = Path(__file__).resolve().parent / "files"
SHIPPED_RULES = REPO / "rules"

STANDARD = {
    "kind": "standard",
    "id": "badinput",
    "title": {"en": "Bad input"},
    "version": "1.0.0",
    "status": "draft",
    "languages": ["en"],
    "clauses": [
        {
            "number": "1",
            "text": {"en": "Calls are answered within 20 seconds."},
            "requirements": [
                {
                    "id": "within-20s",
                    "rule": "contact.answered-within",
                    "params": {"threshold": "20s"},
                    "target": ">= 50%",
                    "min_sample": 1,
                }
            ],
        }
    ],
}

FIELDS: dict[str, dict[str, Any]] = {
    "call_id": {"column": "call_id", "required": True},
    "offered_at": {"column": "offered_at", "type": "timestamp", "required": True},
    "outcome": {"column": "outcome", "required": True},
    "wait": {"column": "wait", "type": "duration", "unit": "s"},
}


@dataclass
class Outcome:
    """What one run answered: the click result, its combined output, and the JSON report if written."""

    result: Result
    output: str
    report: Report | None

    @property
    def ledger(self) -> TableLedger:
        assert self.report is not None, self.output
        (table,) = self.report.ledger
        return table

    def rejected(self) -> dict[str, int]:
        return {r.reason: r.count for r in self.ledger.rejected}

    def examples(self, reason: str) -> str:
        return " ".join(next(r.examples for r in self.ledger.rejected if r.reason == reason))


def audit_file(
    tmp_path: Path,
    source: str | Path,
    fields: dict[str, dict[str, Any]] | None = None,
    extra: dict[str, Any] | None = None,
    standard: dict[str, Any] | None = None,
    options: tuple[str, ...] = (),
) -> Outcome:
    """Copy ``source`` (a corpus file name, or a path) beside a mapping and audit it through the CLI.

    Never lets an exception through unseen: a run that did not end in ``SystemExit`` fails here."""
    path = Path(source) if isinstance(source, Path) else FILES / source
    if path.parent != tmp_path and "*" not in path.name:
        shutil.copy(path, tmp_path / path.name)
    table: dict[str, Any] = {
        "source": [path.name],
        "key": ["call_id"],
        "time": "offered_at",
        "fields": fields or FIELDS,
        **(extra or {}),
    }
    mapping = {"kind": "dataset", "id": "bad", "title": {"en": "Bad"}, "timezone": "UTC", "tables": {"calls": table}}
    (tmp_path / "dataset.yaml").write_text(yaml.safe_dump(mapping, sort_keys=False), encoding="utf-8")
    (tmp_path / "standard.yaml").write_text(yaml.safe_dump(standard or STANDARD, sort_keys=False), encoding="utf-8")
    report_path = tmp_path / "report.json"
    args = [
        "audit",
        "--lang",
        "en",
        str(tmp_path / "standard.yaml"),
        "--data",
        str(tmp_path / "dataset.yaml"),
        "--rules",
        str(SHIPPED_RULES),
        "--format",
        f"json:{report_path}",
        *options,
    ]
    result = CliRunner().invoke(cli, args)
    # click's runner keeps SystemExit(0) as no exception at all; anything else must be a SystemExit
    clean = result.exception is None or isinstance(result.exception, SystemExit)
    assert clean, f"not a clean exit: {result.exception!r}\n{result.output}"
    assert "Traceback" not in result.output
    report = None
    if result.exit_code in (0, 1) and report_path.exists():
        report = Report.model_validate(json.loads(report_path.read_text(encoding="utf-8")))
    return Outcome(result, result.output, report)
