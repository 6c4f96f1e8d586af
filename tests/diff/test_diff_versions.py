"""``servcheck diff``: the shipped 0.9 → 1.0 example (every planted change, listed by hand), renumbering
tracked by requirement id, ``--fail-on``, formats and languages, Markdown drafts as inputs, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from checker.cli import cli
from checker.diff import diff_standards
from checker.load.documents import load_document

REPO = Path(__file__).resolve().parents[2]
OLD = "examples/versions/contact-centre-0.9.yaml"
NEW = "standards/contact-centre.yaml"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture(autouse=True)
def _at_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


# What examples/versions/contact-centre-0.9.yaml changes, read off the two files by hand:
# (kind, subject, id, clause in 1.0, clause in 0.9)
PLANTED = [
    ("edited", "standard", "contact-centre", None, None),  # version, issued, effective
    ("text", "clause", "4", "4", "4"),  # "clauses 4.1 to 4.5" → "4.1 to 4.6"
    ("renumbered", "clause", "4.1", "4.1", "4.2"),  # service level was 4.2
    ("tightened", "requirement", "service-level-80-20", "4.1", "4.2"),  # warn band added
    ("renumbered", "clause", "4.2", "4.2", "4.1"),  # the ring clause was 4.1
    ("text", "clause", "4.2", "4.2", "4.1"),  # third ring → second ring, title and text
    ("tightened", "requirement", "answered-by-2nd-ring", "4.2", "4.1"),  # 3 rings → 2 rings
    ("added", "clause", "4.3", "4.3", None),  # answered within three rings
    ("added", "requirement", "answered-within-3-rings", "4.3", None),
    ("renumbered", "clause", "4.4", "4.4", "4.3"),
    ("removed", "requirement", "abandonment-rate-vip", None, "4.3"),  # the VIP queue's own 2% limit, under 4.4
    ("loosened", "requirement", "abandonment-rate", "4.4", "4.3"),  # scope and expected groups: no order
    ("renumbered", "clause", "4.5", "4.5", "4.4"),  # ASA, otherwise unchanged
    ("renumbered", "clause", "4.6", "4.6", "4.5"),
    ("text", "clause", "4.6", "4.6", "4.5"),  # 8 minutes → 10 minutes
    ("loosened", "requirement", "talk-time-p90", "4.6", "4.5"),  # <= 8min → <= 10min, minor → observation
    ("added", "clause", "4.7", "4.7", None),  # half-hour intervals
    ("added", "requirement", "service-level-intervals", "4.7", None),
    ("tightened", "clause", "6.2", "6.2", "6.2"),  # assessment observation → review
    ("added", "clause", "6.3", "6.3", None),  # smiling voice
    ("text", "clause", "7.3", "7.3", "7.3"),  # 4 hours → 2 hours
    ("tightened", "requirement", "survey-within-2h", "7.3", "7.3"),  # within 4h → 2h
]


def example_diff():
    return diff_standards(load_document(REPO / OLD, {"standard"}, OLD), load_document(REPO / NEW, {"standard"}, NEW))


def test_every_planted_change_and_nothing_else() -> None:
    found = [(c.kind, c.subject, c.id, c.clause, c.old_clause) for c in example_diff().changes]
    assert found == PLANTED


def test_three_rings_to_two_rings_is_tightened() -> None:
    change = next(c for c in example_diff().changes if c.id == "answered-by-2nd-ring")
    assert change.kind == "tightened"
    assert [(f.field, f.old, f.new, f.verdict) for f in change.fields] == [
        ("params.threshold", "3 rings", "2 rings", "tighter")
    ]
    assert str(change.location) == "standards/contact-centre.yaml:76:33"  # the new threshold's value


def test_the_loosened_fields_and_their_verdicts() -> None:
    changes = {c.id: c for c in example_diff().changes if c.subject == "requirement"}
    assert [(f.field, f.old, f.new, f.verdict) for f in changes["talk-time-p90"].fields] == [
        ("target", "<= 8min", "<= 10min", "looser"),
        ("severity", "minor", "observation", "looser"),
    ]
    assert [(f.field, f.verdict) for f in changes["abandonment-rate"].fields] == [
        ("where", "unordered"),
        ("expect_groups", "unordered"),
    ]
    assert [(f.field, f.old, f.new) for f in changes["service-level-80-20"].fields] == [("warn", None, ">= 85%")]


def test_the_text_output_calls_the_ring_change_tightened() -> None:
    code, out = run(OLD, NEW, "--lang", "en")
    assert code == 0
    assert (
        "  tightened   requirement answered-by-2nd-ring (clause 4.1 → 4.2): "
        "params.threshold 3 rings → 2 rings (tighter)\n" in out
    )
    assert "  renumbered  clause 4.2: clause 4.1 is now 4.2; requirements: answered-by-2nd-ring\n" in out
    assert out.endswith("22 changes (removed 1, loosened 2, tightened 4, added 5, renumbered 5, text 4, edited 1)\n")


def test_chinese_is_the_default_for_a_chinese_first_standard() -> None:
    _code, out = run(OLD, NEW)
    assert (
        "  收紧      要求 answered-by-2nd-ring（第 4.1 条 → 第 4.2 条）：params.threshold 3 rings → 2 rings（更严）\n"
        in out
    )
    assert out.endswith("变更共 22 处（删除 1、放宽 2、收紧 4、新增 5、重新编号 5、文字 4、编辑 1）\n")


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("loosened", 1), ("tightened", 1), ("any", 1)])
def test_fail_on_the_example(fail_on: str, code: int) -> None:
    assert run(OLD, NEW, "--fail-on", fail_on)[0] == code


@pytest.mark.parametrize("fail_on", ["never", "loosened", "tightened", "any"])
def test_no_change_never_fails(fail_on: str) -> None:
    assert run(NEW, NEW, "--fail-on", fail_on)[0] == 0


def test_json_is_the_same_list(tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    code, _ = run(OLD, NEW, "--format", "json", "--out", str(out))
    assert code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    found = [(c["kind"], c["subject"], c["id"], c["clause"], c["old_clause"]) for c in data["changes"]]
    assert found == PLANTED
    assert data["counts"] == {
        "removed": 1,
        "loosened": 2,
        "tightened": 4,
        "added": 5,
        "renumbered": 5,
        "text": 4,
        "edited": 1,
    }
    assert data["old"] == {"file": OLD, "id": "contact-centre", "version": "0.9.0"}
    schema = json.loads((REPO / "schemas" / "diff.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)  # the output keeps its published schema


def test_markdown_is_a_table_with_a_row_per_change() -> None:
    _code, out = run(OLD, NEW, "--format", "markdown", "--lang", "en")
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert len(rows) == 2 + len(PLANTED)  # the header row and its rule, then one per change
    row = (
        "| tightened | requirement answered-by-2nd-ring | clause 4.1 → 4.2 "
        "| params.threshold 3 rings → 2 rings (tighter) |"
    )
    assert row in rows


def test_markdown_drafts_are_inputs_too(tmp_path: Path) -> None:
    draft = tmp_path / "old.md"
    assert CliRunner().invoke(cli, ["convert", OLD, "-o", str(draft)]).exit_code == 0
    _code, from_yaml = run(OLD, NEW, "--format", "json")
    _code, from_draft = run(str(draft), NEW, "--format", "json")

    def strip(text: str) -> list[dict[str, object]]:  # the old side's positions differ, nothing else
        return [{k: v for k, v in c.items() if k != "location"} for c in json.loads(text)["changes"]]

    assert strip(from_draft) == strip(from_yaml)


def test_a_bad_input_is_located_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (REPO / NEW).read_text(encoding="utf-8").replace('target: "<= 30s"', 'target: "<= thirty seconds"'),
        encoding="utf-8",
    )
    code, out = run(NEW, str(bad))
    assert code == 3
    assert "bad.yaml:120:21: SC014" in out


# -- renumbering, on a small standard -------------------------------------------------------------

HEAD = "kind: standard\nid: s\ntitle: {en: S}\nversion: VERSION\nstatus: draft\nlanguages: [en]\nclauses:\n"
PARENT = "  - number: '4'\n    text: {en: Calls.}\n    kind: informative\n    clauses:\n"


def clause(number: str, rid: str, target: str = ">= 80%") -> str:
    return (
        f"      - number: '{number}'\n        text: {{en: Clause {rid}.}}\n        requirements:\n"
        f"          - {{id: {rid}, rule: contact.asa, target: '{target}'}}\n"
    )


def write(tmp_path: Path, name: str, version: str, body: str) -> str:
    path = tmp_path / name
    path.write_text(HEAD.replace("VERSION", version) + PARENT + body, encoding="utf-8")
    return str(path)


def test_a_clause_moved_from_4_2_to_4_3_is_renumbered_not_removed_and_added(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", "1.0.0", clause("4.1", "asa", "<= 30s") + clause("4.2", "hold", "<= 60s"))
    new = write(
        tmp_path,
        "new.yaml",
        "1.1.0",
        clause("4.1", "asa", "<= 30s") + clause("4.2", "wrap", "<= 20s") + clause("4.3", "hold", "<= 60s"),
    )
    changes = diff_standards(load_document(Path(old), {"standard"}), load_document(Path(new), {"standard"})).changes
    assert [(c.kind, c.subject, c.id, c.clause, c.old_clause, c.requirements) for c in changes] == [
        ("edited", "standard", "s", None, None, ()),
        ("added", "clause", "4.2", "4.2", None, ()),
        ("added", "requirement", "wrap", "4.2", None, ()),
        ("renumbered", "clause", "4.3", "4.3", "4.2", ("hold",)),
    ]
    assert run(old, new, "--fail-on", "loosened")[0] == 0  # nothing loosened: a move and an addition
    assert run(old, new, "--fail-on", "tightened")[0] == 1  # an added requirement tightens


def test_a_loosened_target_alone_fails_loosened_but_not_tightened(tmp_path: Path) -> None:
    old = write(tmp_path, "old.yaml", "1.0.0", clause("4.1", "asa", "<= 30s"))
    new = write(tmp_path, "new.yaml", "1.0.1", clause("4.1", "asa", "<= 40s"))
    assert run(old, new, "--fail-on", "loosened")[0] == 1
    assert run(old, new, "--fail-on", "tightened")[0] == 0
    _code, out = run(old, new, "--lang", "en")
    assert "  loosened    requirement asa (clause 4.1): target <= 30s → <= 40s (looser)\n" in out
