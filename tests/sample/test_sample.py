"""``servcheck sample``: reproducible, engine-neutral draws sized by n or ISO 2859-1, written as a review
form in the review table's layout, and the filled-in form read back as review records (round trip)."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.audit import AuditRequest, run_audit
from checker.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "contact-centre"
STANDARD = ROOT / "standards" / "contact-centre.yaml"
BASE = ["sample", str(STANDARD), "--data", str(EXAMPLE / "dataset.yaml"), "--lang", "en"]  # the standard is zh-first
CODES = ["GREET", "IDV", "EMP", "RESOLVE", "CLOSE"]  # the mapping's item catalogue, in its order


def _calls() -> list[dict[str, str]]:
    with (EXAMPLE / "calls.csv").open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["QueueName"] != "Q_TEST"]  # the mapping excludes Q_TEST


def _sample(tmp_path: Path, name: str, *args: str) -> tuple[list[dict[str, str]], dict]:
    out = tmp_path / f"{name}.csv"
    result = CliRunner().invoke(cli, [*BASE, *args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return rows, yaml.safe_load(out.with_suffix(".sample.yaml").read_text("utf-8"))


def _cases(rows: list[dict[str, str]]) -> list[str]:
    return list(dict.fromkeys(r["CallID"] for r in rows))


def _md5_order(ids: list[str], seed: str) -> list[str]:
    """The reference draw in plain Python: ids by md5('<seed>:<id>') hex, ties by id."""
    return sorted(ids, key=lambda i: (hashlib.md5(f"{seed}:{i}".encode()).hexdigest(), i))


def test_same_seed_same_bytes_other_seed_other_sample(tmp_path):
    args = ["--requirement", "answered-by-2nd-ring", "--n", "20"]
    _sample(tmp_path, "a", *args, "--seed", "7")
    _sample(tmp_path, "b", *args, "--seed", "7")
    other, _ = _sample(tmp_path, "c", *args, "--seed", "8")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.sample.yaml").read_bytes() == (tmp_path / "b.sample.yaml").read_bytes()
    first, _ = _sample(tmp_path, "d", *args, "--seed", "7")
    assert set(_cases(first)) != set(_cases(other))


def test_the_draw_is_the_n_smallest_md5_of_seed_and_key(tmp_path):
    # an independent reference: hashlib over the CSV's call ids (the used calls: Q_TEST excluded)
    rows, record = _sample(tmp_path, "s", "--requirement", "answered-by-2nd-ring", "--n", "12", "--seed", "audit-2024")
    expected = _md5_order([r["CallID"] for r in _calls()], "audit-2024")[:12]
    assert _cases(rows) == expected
    assert record["lots"][0]["cases"] == expected
    # one form row per case and checklist item, in the review tool's item codes, the rest blank
    assert [r["ItemCode"] for r in rows[:5]] == CODES and len(rows) == 12 * 5
    assert {r["Reviewer"] + r["ReviewedOn"] + r["Result"] + r["EvidenceRef"] for r in rows} == {""}
    assert "seed audit-2024" in rows[0]["Sample"]


def test_a_smaller_sample_is_a_prefix_of_a_larger_one(tmp_path):
    small, _ = _sample(tmp_path, "s", "--requirement", "asa-30s", "--n", "5", "--seed", "3")
    large, _ = _sample(tmp_path, "l", "--requirement", "asa-30s", "--n", "9", "--seed", "3")
    assert _cases(large)[:5] == _cases(small)


def test_iso_2859_size_from_the_lot(tmp_path):
    # the lot: 17,851 rows − 28 Q_TEST = 17,823 calls; Table 1: 10,001–35,000 at level II → M;
    # Table 2-A: M → n = 315, AQL 1.0 → Ac 7, Re 8
    lot = len(_calls())
    assert lot == 17823
    rows, record = _sample(
        tmp_path, "iso", "--requirement", "answered-by-2nd-ring", "--level", "II", "--aql", "1.0", "--seed", "7"
    )
    (only,) = record["lots"]
    assert (only["lot"], only["n"], only["accept"], only["reject"]) == (17823, 315, 7, 8)
    assert "code letter M" in only["plan"]
    assert len(_cases(rows)) == 315 and len(rows) == 315 * 5
    assert record["seed"] == "7" and "ISO 2859-1:1999" in record["size"]


def test_per_group_lots_are_the_groups_of_the_requirement(tmp_path):
    # abandonment-rate groups by queue; lots are the calls of each queue (mapped names), n 4 each
    names = {"Q_GENERAL": "general", "Q_BILLING": "billing", "Q_TECH": "tech", "Q_VIP": "vip"}
    per_queue = Counter(names[r["QueueName"]] for r in _calls())
    rows, record = _sample(tmp_path, "g", "--requirement", "abandonment-rate", "--per-group", "--n", "4", "--seed", "1")
    assert {lot["group"]["queue"]: lot["lot"] for lot in record["lots"]} == dict(per_queue)
    by_id = {r["CallID"]: names[r["QueueName"]] for r in _calls()}
    for lot in record["lots"]:
        queue = lot["group"]["queue"]
        ids = [i for i, q in by_id.items() if q == queue]
        assert lot["cases"] == _md5_order(ids, "1")[:4]
    assert len(_cases(rows)) == 4 * len(per_queue)


def test_the_filled_in_form_comes_back_as_review_records(tmp_path):
    """Round trip: draw 4 calls, fill the form as reviewers would, audit it as the reviews table."""
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    form = tmp_path / "form.csv"
    result = CliRunner().invoke(
        cli, [*BASE, "--requirement", "answered-by-2nd-ring", "--n", "4", "--seed", "rt", "--out", str(form)]
    )
    assert result.exit_code == 0, result.output
    with form.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header, rows = reader.fieldnames, list(reader)
    # the reviewers' verdicts, chosen here: the 2nd call fails empathy, the 3rd's identity check is n.a.,
    # the 4th call's closing is left blank (not reviewed yet); everything else passes
    calls = _cases(rows)
    for row in rows:
        row.update(Reviewer="QA-TEST", ReviewedOn="2024-04-10", EvidenceRef=f"REC-{row['CallID']}")
        index, item = calls.index(row["CallID"]), row["ItemCode"]
        row["Result"] = {(1, "EMP"): "FAIL", (2, "IDV"): "NA", (3, "CLOSE"): ""}.get((index, item), "PASS")
    with (data / "reviews.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = run_audit(AuditRequest(STANDARD, data / "dataset.yaml"))
    (r,) = [r for c in report.clauses for r in c.requirements if r.id == "call-review-checklist"]
    # by hand: 20 rows; 1 n.a., 1 blank, 1 fail → passed 17 of 18 judged pass/fail
    assert (r.overall.successes, r.overall.n) == (17, 18)
    assert r.overall.counts == {"passed": 17, "failed": 1, "not_applicable": 1, "unjudged": 1}
    empathy = next(f for f in r.groups if f.group == {"item": "empathy"})
    assert (empathy.successes, empathy.n) == (3, 4)
    # 4 reviews per item < min_sample 30: too few to judge, never a pass
    assert empathy.outcome == "insufficient-data"
    assert any("seed rt" in note and "servcheck sample of answered-by-2nd-ring" in note for note in r.notes)
    (ledger,) = [t for t in report.ledger if t.table == "reviews"]
    assert (ledger.read, ledger.used) == (20, 20)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--requirement", "answered-by-2nd-ring", "--seed", "1"], "give a sample size"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "0"], "--n '0'"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "five"], "--n 'five'"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "5", "--level", "II"], "not both"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--level", "IV", "--aql", "1.0"], "--level 'IV'"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--level", "II", "--aql", "1"], "--aql '1'"),
        (["--requirement", "no-such", "--seed", "1", "--n", "5"], "no requirement 'no-such'"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "5", "--per-group"], "no group_by"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "5", "--reviews", "visits"], "'visits'"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "5", "--item", "smile"], "smile"),
        (["--requirement", "answered-by-2nd-ring", "--seed", "1", "--n", "5", "--period", "2024-04"], "period"),
    ],
)
def test_bad_arguments_exit_2_with_sc082(tmp_path, args, words):
    out = tmp_path / "form.csv"
    result = CliRunner().invoke(cli, [*BASE, *args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "SC082" in result.output and words in result.output
    assert not out.exists()
