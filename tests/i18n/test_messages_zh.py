"""Every command's words on every shipped example, in Chinese: no English left but names.

What counts as a name (allowed in a Chinese output): what the documents and the data define —
keys, ids, single-token values (tag values, table and field names, rule ids), the codes' names —
and text the writer wrote, which servcheck quotes as written ('promptly', “30 seconds”): quoted
spans are taken out before the check. Everything else English is a message servcheck failed to
translate. The English outputs are checked separately for plurals ("1 file", "2 files").
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import cli
from checker.codes import REGISTRY
from checker.i18n.leftovers import english_words

REPO = Path(__file__).resolve().parents[2]
STANDARDS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "standards").glob("*.yaml"))
DRAFTS = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "examples" / "drafts").glob("*"))
RULES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "rules").glob("*.yaml"))
SERVICE_DESK = ("standards/service-desk.yaml", "examples/service-desk/dataset.yaml")
_QUOTED = re.compile(r"“[^”]*”|'[^']*'")
_TOKEN = re.compile(r"[A-Za-z][\w.-]*")


def _tokens(value: object) -> Iterator[str]:
    """Keys and single-token string values of a YAML tree (identifiers, not prose)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _TOKEN.findall(str(key))
            yield from _tokens(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _tokens(inner)
    elif isinstance(value, str) and " " not in value.strip():
        yield from _TOKEN.findall(value)


def names_of(paths: Iterable[str]) -> set[str]:
    """Names the documents define (YAML files and the front matter and fences of Markdown drafts)."""
    found: set[str] = set()
    for path in paths:
        text = (REPO / path).read_text("utf-8")
        if path.endswith(".md"):
            blocks = re.findall(r"^---\n(.*?)^---$|^```\w+\n(.*?)^```$", text, re.M | re.S)
            parts = [yaml.safe_load(block) for pair in blocks for block in pair if block.strip()]
        else:
            parts = [yaml.safe_load(text)]
        for part in parts:
            found.update(_tokens(part))
    return found


def data_names(folder: str) -> set[str]:
    """Values in the example's CSV files (queue, activity and state names are the data's words)."""
    found: set[str] = set()
    for path in (REPO / folder).glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                found.update(word for cell in row for word in _TOKEN.findall(cell) if " " not in cell)
    return found


CODE_NAMES = {word for code in REGISTRY for word in re.split(r"[-_]", code.name)}
MEASURES = {"timer", "follow-up", "case-path", "share", "statistic", "rate", "nps", "checklist"}


def leftovers(output: str, names: set[str]) -> list[str]:
    return english_words(_QUOTED.sub(" ", output), names | CODE_NAMES)


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1, 3), result.output
    return result.output


@pytest.fixture(autouse=True)
def _at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("path", [*STANDARDS, *DRAFTS])
def test_lint_in_chinese_leaves_no_english(path: str) -> None:
    output = run("lint", "--lang", "zh", "--as-of", "2026-12-01", path)
    assert "个文件" in output.splitlines()[-1]
    parent = ["standards/contact-centre.yaml"] if "site" in path else []
    assert leftovers(output, names_of([path, *parent])) == []


def test_lint_of_drafts_with_findings_is_told_in_chinese() -> None:
    """The two drafts with findings: their messages, hints, severities and summary in Chinese."""
    output = run("lint", "--lang", "zh", "--as-of", "2026-12-01", *DRAFTS)
    assert "SC101 警告 第 2 条：'promptly' 没有给出数值" in output
    assert "SC111 警告 本标准应于 2026-06-30 复审（已过去 154 天）" in output
    assert output.splitlines()[-1] == "3 个错误、9 个警告、4 条提示，共 3 个文件"
    assert leftovers(output, names_of(DRAFTS)) == []


def test_lint_of_every_shipped_document_together_with_effective_standards() -> None:
    datasets = sorted(p.relative_to(REPO).as_posix() for p in REPO.glob("examples/*/dataset.yaml"))
    output = run("lint", "--lang", "zh", "--show-effective", "standards", "rules", *datasets)
    prose = "\n".join(line for line in output.splitlines() if not line.startswith(" ") or "：" in line)
    heading = [line for line in output.splitlines() if line.startswith("# ")]
    assert heading == ["# standards/contact-centre-site.yaml 的生效标准"]
    assert leftovers(prose, names_of([*STANDARDS, *RULES, *datasets])) == []


@pytest.mark.parametrize(
    "requirement",
    [
        "closed-after-resolution",
        "complaint-follow-up",
        "escalation-path",
        "first-response",
        "resolution",
        "resolved-before-closed",
    ],
)
@pytest.mark.parametrize("case", ["SD004", "SD017"])
def test_explain_case_in_chinese_leaves_no_english(requirement: str, case: str) -> None:
    standard, dataset = SERVICE_DESK
    output = run("explain-case", standard, "--data", dataset, "--requirement", requirement, "--case", case)
    assert output.startswith(f"案例 {case}——要求 {requirement}")  # zh: the standard's first language
    assert "判定：" in output
    names = names_of([standard, dataset, *RULES]) | data_names("examples/service-desk") | MEASURES
    assert leftovers(output, names) == []


def test_convert_writes_its_own_words_in_the_drafts_language() -> None:
    output = run("convert", "examples/drafts/contact-centre-draft.md")
    comment = output.splitlines()[0]
    assert comment.startswith("# 由 `servcheck convert` 从 examples/drafts/contact-centre-draft.md 转换而来")
    assert leftovers(comment, set()) == []
    english = run("convert", "--lang", "en", "examples/drafts/contact-centre-draft.md")
    assert english.splitlines()[1:] == output.splitlines()[1:]  # the standard itself is the writer's


def test_convert_errors_in_chinese(tmp_path: Path) -> None:
    draft = tmp_path / "bad.md"
    draft.write_text("---\nkind: standard\nlanguages: [zh]\n---\n\n# 笔记\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(draft)])
    assert result.exit_code == 3
    assert " 错误 " in result.output
    assert leftovers(result.output.replace(str(tmp_path), ""), names_of([]) | {"md", "kind", "languages"}) == []


def test_sample_in_chinese_leaves_no_english(tmp_path: Path) -> None:
    out = tmp_path / "form.csv"
    args = ["sample", "standards/contact-centre.yaml", "--data", "examples/contact-centre/dataset.yaml"]
    args += ["--requirement", "abandonment-rate", "--per-group", "--n", "5", "--seed", "7", "--lang", "zh"]
    output = run(*args, "--item", "greeting", "--out", str(out)).replace(str(tmp_path), "")
    assert output.splitlines()[0].startswith("已抽取 ")
    with out.open(encoding="utf-8", newline="") as handle:
        described = {row["Sample"] for row in csv.DictReader(handle)}  # the review table's column for `sample`
    assert described and all(text.startswith("servcheck 抽样：abandonment-rate (queue=") for text in described)
    names = names_of(["standards/contact-centre.yaml", "examples/contact-centre/dataset.yaml"])
    names |= data_names("examples/contact-centre") | {"form", "csv", "sample", "yaml", "md"}
    assert leftovers(output + "\n".join(described), names) == []


def test_sample_usage_errors_in_chinese(tmp_path: Path) -> None:
    args = ["sample", "standards/contact-centre.yaml", "--data", "examples/contact-centre/dataset.yaml"]
    args += ["--requirement", "no-such", "--n", "5", "--seed", "7", "--out", str(tmp_path / "f.csv")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "SC082 错误 标准中没有要求 'no-such'" in result.output


def test_plurals_follow_the_count_in_english(tmp_path: Path) -> None:
    """ "1 file" / "2 files", "1 error" / "2 errors" (not "1 files"), and the overdue day count."""
    one = run("lint", "--lang", "en", "standards/cx-survey.yaml")
    assert one.splitlines()[-1] == "0 errors, 0 warnings, 0 info in 1 file"
    two = run("lint", "--lang", "en", "standards/cx-survey.yaml", "standards/field-repair.yaml")
    assert two.splitlines()[-1] == "0 errors, 0 warnings, 0 info in 2 files"
    empty = tmp_path / "empty.yaml"
    empty.write_text("\n", encoding="utf-8")
    assert run("lint", str(empty)).splitlines()[-1] == "1 error, 0 warnings, 0 info in 1 file"
    draft = "examples/drafts/front-desk-zh.yaml"
    day = run("lint", "--lang", "en", "--as-of", "2026-07-01", draft)
    assert "was due for review on 2026-06-30 (1 day ago)" in day
    days = run("lint", "--lang", "en", "--as-of", "2026-07-02", draft)
    assert "(2 days ago)" in days
    assert days.splitlines()[-1] == "0 errors, 3 warnings, 0 info in 1 file"


def test_sample_counts_cases_and_lots_with_plurals(tmp_path: Path) -> None:
    args = ["sample", "standards/contact-centre.yaml", "--data", "examples/contact-centre/dataset.yaml"]
    args += ["--requirement", "abandonment-rate", "--n", "1", "--seed", "7", "--lang", "en"]
    output = run(*args, "--out", str(tmp_path / "f.csv"))
    assert output.startswith("sampled 1 case in 1 lot (fixed n = 1 per lot, seed 7)")


@pytest.mark.parametrize("fmt", ["sarif", "junit", "json"])
def test_lint_formats_carry_the_chinese_messages(fmt: str) -> None:
    """SARIF's ``message.text``, JUnit's failure lines and JSON's messages are the Chinese ones;
    SARIF's rule help stays English (one help text per rule in the format)."""
    output = run("lint", "--lang", "zh", "--format", fmt, "examples/drafts/vague-draft.md")
    if fmt == "sarif":
        said = "\n".join(r["message"]["text"] for r in json.loads(output)["runs"][0]["results"])
    elif fmt == "junit":  # the failure's message attribute and the diagnostic lines, XML tags taken out
        lines = [re.sub(r"<[^>]+>", " ", line).strip() for line in output.splitlines()]
        found = [*re.findall(r'<failure message="([^"]*)"', output), *(x for x in lines if x.startswith("examples/"))]
        said = "\n".join(found)
    else:
        said = "\n".join(d["message"] + " " + (d["hint"] or "") for d in json.loads(output)["diagnostics"])
    assert "第 3.3 条" in said
    assert leftovers(said, names_of(["examples/drafts/vague-draft.md"])) == []


def test_docstring_examples_of_the_message_modules_run() -> None:
    import doctest

    import checker.cli.crash
    import checker.explain_words
    import checker.lint.labels
    import checker.load.documents
    import checker.load.say
    import checker.load.yaml_source

    modules = (
        checker.cli.crash,
        checker.explain_words,
        checker.lint.labels,
        checker.load.documents,
        checker.load.say,
        checker.load.yaml_source,
    )
    for module in modules:
        assert doctest.testmod(module).failed == 0, module.__name__
