"""The satisfaction curve against a csv-module recomputation; the command's formats and usage errors."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import cli

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "standards" / "contact-centre.yaml"
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"
EXAMPLE = REPO / "examples" / "contact-centre"


def run(*args: str) -> object:
    return CliRunner().invoke(cli, ["calibrate", str(STANDARD), "--data", str(DATASET), *args], catch_exceptions=False)


@pytest.fixture(scope="module")
def document() -> dict:
    result = run("--format", "json", "--requirement", "asa-30s")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def asa(document: dict) -> dict:
    return document["requirements"][0]


def test_csat_by_wait_band_matches_a_recomputation(asa: dict) -> None:
    """ASA's records: answered calls (not Q_TEST); quantity: wait; bands of 15 s (30 s / 2), upper edge
    inclusive, the eighth open; satisfied = CSAT 4 or 5 on 1–5; every linked response counts."""
    with (EXAMPLE / "calls.csv").open(encoding="utf-8", newline="") as handle:
        wait = {
            r["CallID"]: int(r["WaitSec"])
            for r in csv.DictReader(handle)
            if r["QueueName"] != "Q_TEST" and r["Result"] == "ANS"
        }
    n: dict[int, int] = defaultdict(int)
    satisfied: dict[int, int] = defaultdict(int)
    with (EXAMPLE / "surveys.csv").open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            if r["InteractionID"] in wait and r["Q2_Satisfied"]:
                w = wait[r["InteractionID"]]
                band = next((i for i in range(7) if w <= 15 * (i + 1)), 7)
                n[band] += 1
                satisfied[band] += int(r["Q2_Satisfied"]) >= 4
    curve = asa["curve"]
    assert [b["n"] for b in curve["bands"]] == [n[i] for i in range(8)]
    assert [b["satisfied"] for b in curve["bands"]] == [satisfied[i] for i in range(8)]
    split = curve["at_threshold"]
    below_n, below_s = n[0] + n[1], satisfied[0] + satisfied[1]
    above_n = sum(n.values()) - below_n
    above_s = sum(satisfied.values()) - below_s
    assert (split["edge"], split["below_n"], split["above_n"]) == (30.0, below_n, above_n)
    assert split["difference"] == pytest.approx(below_s / below_n - above_s / above_n)


def test_an_unknown_requirement_is_a_usage_error_sc120() -> None:
    result = run("--requirement", "no-such-requirement")
    assert result.exit_code == 2
    assert "SC120" in result.output and "no-such-requirement" in result.output


def test_html_has_a_chart_per_calibrated_requirement_and_speaks_chinese(tmp_path: Path) -> None:
    out = tmp_path / "cal.html"
    result = run("--format", "html", "-o", str(out), "--lang", "zh", "--requirement", "asa-30s", "--period", "day")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") == 2  # the figures per day and the satisfaction curve
    assert "以历史数据校准目标" in page and "<script" not in page


def test_chinese_text_has_no_catalogue_english_left() -> None:
    """Every word of the calibration's own comes from the zh catalogue (checker/i18n, domain calibrate)."""
    result = run("--lang", "zh", "--requirement", "asa-30s", "--period", "day")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "以历史数据校准目标" in text and "14 个计入期间中 13 个达标" in text
    assert "每日由按 queue 分组中最差的一组决定" in text
    for english in ("counted period", "Satisfaction by", "worst period", "Flags", "decided by"):
        assert english not in text


def test_a_table_failing_its_quality_gate_is_shown_but_never_flagged(tmp_path: Path) -> None:
    """The example with one more gate on calls — every call names its agent — which abandoned calls
    (no agent) fail: the audit judges ASA insufficient-data, so the calibration shows the figures and
    withholds the no-stretch flag it gives ASA on the example as shipped."""
    import shutil

    import yaml

    shutil.copytree(EXAMPLE, tmp_path / "example")
    mapping = tmp_path / "example" / "dataset.yaml"
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    data["tables"]["calls"]["quality"]["complete"]["agent"] = "100%"
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["calibrate", str(STANDARD), "--data", str(mapping), "--format", "json", "--requirement", "asa-30s"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    (r,) = json.loads(result.stdout)["requirements"]
    assert "table calls failed its data-quality gate" in r["data_quality"] and "agent" in r["data_quality"]
    assert r["flags"] == [] and r["counted"] == 2 and r["met"] == 2


def test_the_json_output_is_valid_against_its_shipped_schema(document: dict) -> None:
    import jsonschema

    schema = json.loads((REPO / "schemas" / "calibration.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    broken = {**document, "requirements": [{**document["requirements"][0], "flags": ["maybe"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
