"""``servcheck test``: the shipped standards' golden cases pass, and a wrong case fails.

The number of cases is counted from the YAML with PyYAML (not from servcheck's loader), and a
wrong expectation is made by editing a copy of the shipped standard's text, so a run that passed
every case whatever it expected would fail here. The shipped run is read in Chinese (and must hold
no English of its own: :func:`checker.i18n.leftovers.english_words`), the edited ones in English.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.i18n.leftovers import english_words

REPO = Path(__file__).resolve().parents[2]


def shipped_cases() -> list[tuple[str, str]]:
    """(standard file, case name) of every case of standards/*.yaml, read with PyYAML."""
    found = []
    for path in sorted((REPO / "standards").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in document.get("cases", []) if document.get("kind") == "standard" else []:
            found.append((path.name, case["name"]))
    return found


def copy_repo(tmp_path: Path) -> Path:
    for tree in ("standards", "rules"):
        shutil.copytree(REPO / tree, tmp_path / tree)
    return tmp_path


def test_every_shipped_standard_with_requirements_has_a_passing_and_a_failing_expectation() -> None:
    for path in sorted((REPO / "standards").glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        if document.get("kind") != "standard":
            continue
        outcomes = {want.get("outcome") for case in document.get("cases", []) for want in case["expect"].values()}
        assert {"pass", "fail"} <= outcomes, f"{path.name}: {outcomes}"


def test_the_shipped_standards_cases_pass(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    junit = tmp_path / "cases.xml"
    args = ["test", "standards", "--junit", str(junit), "--lang", "zh"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    cases = shipped_cases()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert sorted(line.split()[0] for line in lines[:-1]) == sorted(f"standards/{f}::{n}" for f, n in cases)
    assert all(line.endswith(" 通过") for line in lines[:-1])
    assert re.fullmatch(rf"{len(cases)} 个通过，0 个未通过，用时 \d+\.\d 秒", lines[-1])
    assert english_words(result.output, {name for _, name in cases}) == []
    root = ET.parse(junit).getroot()
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(len(cases)), "0", "0")
    assert len(root.findall(".//testcase")) == len(cases)


def test_a_deliberately_wrong_golden_case_fails(tmp_path: Path, monkeypatch) -> None:
    """2 rings of 5 s: waits 4 and 10 of 4, 10, 12, 15 are in → 0.5. Claiming 0.75 (and pass) must fail."""
    root = copy_repo(tmp_path)
    standard = root / "standards" / "contact-centre.yaml"
    text = standard.read_text(encoding="utf-8")
    right = "answered-by-2nd-ring: {outcome: fail, value: 0.5, n: 4}"
    assert right in text
    standard.write_text(text.replace(right, "answered-by-2nd-ring: {outcome: pass, value: 0.75, n: 4}"), "utf-8")
    monkeypatch.chdir(root)
    junit = root / "out" / "cases.xml"
    result = CliRunner().invoke(cli, ["test", "standards/contact-centre.yaml", "--junit", str(junit), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "standards/contact-centre.yaml::rings-and-talk-time FAILED" in result.output
    assert "standards/contact-centre.yaml::service-level-abandons-and-asa PASSED" in result.output
    assert "FAIL answered-by-2nd-ring: outcome fail, expected pass; value 0.5, expected 0.75" in result.output
    assert "ok   answered-within-3-rings" in result.output  # the other expectations of the case still hold
    assert result.output.splitlines()[-1].startswith("1 passed, 1 failed in ")
    failures = ET.parse(junit).getroot().findall(".//failure")
    assert len(failures) == 1 and "expected 0.75" in failures[0].get("message", "")


def test_a_wrong_group_figure_fails(tmp_path: Path, monkeypatch) -> None:
    """Agent a2's NPS is (1 promoter − 1 detractor)/2 = 0, not 50."""
    root = copy_repo(tmp_path)
    standard = root / "standards" / "cx-survey.yaml"
    text = standard.read_text(encoding="utf-8")
    right = "{group: {agent: a2}, outcome: fail, value: 0, n: 2}"
    assert right in text
    standard.write_text(text.replace(right, "{group: {agent: a2}, outcome: fail, value: 50, n: 2}"), "utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["test", "standards/cx-survey.yaml", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "[agent=a2] outcome fail; value 0.0, expected 50.0" in result.output


def test_a_group_the_report_does_not_have_fails(tmp_path: Path, monkeypatch) -> None:
    root = copy_repo(tmp_path)
    standard = root / "standards" / "cx-survey.yaml"
    text = standard.read_text(encoding="utf-8")
    standard.write_text(text.replace("{group: {agent: a2},", "{group: {agent: a3},"), "utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["test", "standards/cx-survey.yaml", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "[agent=a3] no such finding (the findings: agent=a1; agent=a2)" in result.output


def test_a_tolerance_admits_a_rounded_figure(tmp_path: Path, monkeypatch) -> None:
    """474 s written as 470 passes with a tolerance of 5 and fails with the default."""
    root = copy_repo(tmp_path)
    standard = root / "standards" / "contact-centre.yaml"
    text = standard.read_text(encoding="utf-8")
    right = "talk-time-p90: {outcome: pass, value: 474, n: 4}"
    monkeypatch.chdir(root)
    standard.write_text(text.replace(right, "talk-time-p90: {outcome: pass, value: 470, n: 4, tolerance: 5}"), "utf-8")
    assert CliRunner().invoke(cli, ["test", "standards/contact-centre.yaml"]).exit_code == 0
    standard.write_text(text.replace(right, "talk-time-p90: {outcome: pass, value: 470, n: 4}"), "utf-8")
    assert CliRunner().invoke(cli, ["test", "standards/contact-centre.yaml"]).exit_code == 1


def test_a_failed_case_is_said_in_chinese_by_default(tmp_path: Path, monkeypatch) -> None:
    """contact-centre.yaml declares ``languages: [zh, en]``: without --lang its cases speak Chinese,
    a failed expectation included (outcomes by the report's names), with no English left but ids."""
    root = copy_repo(tmp_path)
    standard = root / "standards" / "contact-centre.yaml"
    text = standard.read_text(encoding="utf-8")
    right = "answered-by-2nd-ring: {outcome: fail, value: 0.5, n: 4}"
    standard.write_text(text.replace(right, "answered-by-2nd-ring: {outcome: pass, value: 0.75, n: 4}"), "utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["test", "standards/contact-centre.yaml"])
    assert result.exit_code == 1, result.output
    assert "standards/contact-centre.yaml::rings-and-talk-time 未通过" in result.output
    assert (
        "不符 answered-by-2nd-ring: 结果 未通过，应为 通过；数值 0.5，应为 0.75（± 1e-09）；样本量 4" in result.output
    )
    assert result.output.splitlines()[-1].startswith("1 个通过，1 个未通过，用时 ")
    ids = {"rings-and-talk-time", "service-level-abandons-and-asa", "answered-by-2nd-ring"}
    assert english_words(result.output, ids) == []


def test_the_summary_counts_errors_in_english_plurals() -> None:
    """1 error, 2 errors: the plural through gettext's n_ (never "1 errors")."""
    from checker import codes
    from checker.diagnostics import Diagnostic, Location
    from checker.golden.report import summary
    from checker.golden.run import CaseResult

    problem = Diagnostic.of(codes.GOLDEN_CASE_DATA, "bad", Location("x.yaml"))
    one = [CaseResult("x.yaml", "a", problems=[problem])]
    assert summary(one) == "0 passed, 0 failed, 1 error"
    assert summary(one * 2) == "0 passed, 0 failed, 2 errors"
    assert summary(one * 2, "zh") == "0 个通过，0 个未通过，2 个错误"
