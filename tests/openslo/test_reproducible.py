"""The exported ``servcheck`` metric sources reproduce the audit's figures.

The filters written into the shipped export (``examples/openslo/contact-centre.openslo.yaml``) are
evaluated by DuckDB's own SQL over the example's ``calls.csv``, mapped by hand as the dataset
mapping says (Result ANS/ABN → answered/abandoned, WaitSec in seconds, test calls of Q_TEST left
out), with each ``:parameter`` replaced by its value in seconds. The counts must equal the
successes and n of the requirement's overall finding in a ``servcheck audit`` JSON report: the
numbers an OpenSLO tool would compute from the export are servcheck's.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
EXPORT = REPO / "examples/openslo/contact-centre.openslo.yaml"
CALLS = REPO / "examples/contact-centre/calls.csv"


@pytest.fixture(scope="module")
def overall(tmp_path_factory) -> dict[str, dict]:
    report = tmp_path_factory.mktemp("audit") / "report.json"
    args = [
        "audit",
        str(REPO / "standards/contact-centre.yaml"),
        "--data",
        str(REPO / "examples/contact-centre/dataset.yaml"),
    ]
    res = CliRunner().invoke(cli, [*args, "--format", f"json:{report}", "--fail-on", "never"])
    assert res.exit_code == 0, res.output

    def walk(clauses):
        for clause in clauses:
            yield from clause.get("requirements", [])
            yield from walk(clause.get("clauses", []))

    return {r["id"]: r["overall"] for r in walk(json.loads(report.read_text(encoding="utf-8"))["clauses"])}


def _seconds(value: str, cadence: str | None) -> float:
    """'20s' → 20, '2 rings' at '5s' → 10: the two spellings the example's parameters use."""
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(s|rings?)", value).groups()
    return float(number) * (_seconds(cadence, None) if unit.startswith("ring") else 1)


@pytest.mark.parametrize("name", ["answered-by-2nd-ring", "service-level-80-20", "abandonment-rate"])
def test_the_exported_filters_count_what_the_audit_counted(name: str, overall: dict[str, dict]) -> None:
    sli = next(
        d
        for d in yaml.safe_load_all(EXPORT.read_text(encoding="utf-8"))
        if d["kind"] == "SLI" and d["metadata"]["name"] == name
    )
    ratio = sli["spec"]["ratioMetric"]
    hits = (ratio.get("good") or ratio["bad"])["metricSource"]["spec"]
    base = ratio["total"]["metricSource"]["spec"]
    params = {"short_abandon": "5s", **hits.get("params", {})}  # 5s: the rule's default (rules/contact.yaml)

    def sql(text: str) -> str:
        for key, value in params.items():
            if re.fullmatch(r"\d+(?:\.\d+)?\s*(s|rings?)", str(value)):
                text = text.replace(f":{key}", repr(_seconds(value, hits.get("ring_cadence"))))
        assert ":" not in text, text
        return text

    con = duckdb.connect()
    con.execute(
        "create table calls as select "
        "case Result when 'ANS' then 'answered' when 'ABN' then 'abandoned' else 'other' end as outcome, "
        f"WaitSec::double as wait from read_csv('{CALLS}', all_varchar = true) where QueueName <> 'Q_TEST'"
    )
    good, total = sql(hits["filter"]), sql(base["filter"])
    counted = con.execute(
        f"select count(*) filter (where {good}), count(*) filter (where {total}) from calls"
    ).fetchone()
    assert counted == (overall[name]["successes"], overall[name]["n"])
