"""What a case may change of the standard it runs against, and which cases an overlay carries."""

from __future__ import annotations

from pathlib import Path

from checker.golden.run import with_min_sample
from checker.load.library import load_library
from checker.load.overlay import resolve_all

REPO = Path(__file__).resolve().parents[2]


def test_a_case_min_sample_changes_only_the_requirements_it_names() -> None:
    library = load_library([REPO / "standards" / "contact-centre.yaml"])
    document = library.of_kind("standard")[0]
    before = {r.id: r for _p, _c, r in document.model.requirements()}
    changed = with_min_sample(document, {"asa-30s", "talk-time-p90"}, 1)
    after = {r.id: r for _p, _c, r in changed.model.requirements()}
    assert list(after) == list(before)
    for rid, requirement in after.items():
        if rid in ("asa-30s", "talk-time-p90"):
            assert requirement.min_sample == 1
            assert requirement.model_copy(update={"min_sample": before[rid].min_sample}) == before[rid]
        else:
            assert requirement == before[rid]
    assert before["asa-30s"].min_sample == 30  # the document itself is untouched


def test_an_overlay_carries_its_own_cases_not_its_parents() -> None:
    library = load_library([REPO / "standards" / "contact-centre-site.yaml"])
    resolve_all(library)
    (overlay,) = library.overlays.values()
    assert [c.name for c in overlay.effective.model.cases] == ["site-talk-time-and-30s"]
    where = overlay.effective.at(("cases", 0, "name"))
    assert where.file.endswith("contact-centre-site.yaml")


def test_a_problem_in_the_written_dataset_is_shown_at_the_case(tmp_path: Path) -> None:
    from checker import codes
    from checker.diagnostics import Diagnostic, Location
    from checker.golden.run import _at_case

    tables = Location("standards/demo.yaml", 19, 7)
    inside = Diagnostic.of(codes.UNREADABLE, "cannot read", Location(str(tmp_path / "calls.csv"), 3, 1))
    moved = _at_case(inside, str(tmp_path), tables)
    assert moved.location == tables
    assert moved.message == "cannot read — in the dataset written from the case's rows (calls.csv line 3)"
    elsewhere = Diagnostic.of(codes.UNREADABLE, "cannot read", Location("standards/demo.yaml", 4, 2))
    assert _at_case(elsewhere, str(tmp_path), tables) is elsewhere
