"""Export → import on every shipped standard: what differs is exactly what the export listed as lost.

For each standard in ``standards/`` the export is written to a file, imported back, and each
requirement of the draft is compared with the standard's, field by field (every field of the
requirement model: rule, params, target, period, intervals, where, warn, group_by, min_sample…).
The set of (requirement, field) pairs that differ must equal the set the export listed; a
requirement the export listed as not exported must be absent from the draft, and every other one
present. The draft must also load as a standard and lint without errors against the shipped rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from checker.diagnostics import Severity
from checker.lint.runner import lint_library
from checker.load.documents import load_document
from checker.load.library import load_library
from checker.openslo.export import dump, export_standard
from checker.openslo.importing import draft_yaml, import_documents
from checker.openslo.inputs import load_export_inputs

REPO = Path(__file__).resolve().parents[2]
STANDARDS = sorted(
    p
    for p in (REPO / "standards").glob("*.yaml")
    if yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] == "standard"
)


def _requirements(model) -> dict[str, dict]:
    return {r.id: r.model_dump(exclude={"id"}) for _, _, r in model.requirements()}


@pytest.mark.parametrize("standard", STANDARDS, ids=[p.stem for p in STANDARDS])
def test_what_differs_after_a_round_trip_is_exactly_what_was_listed(standard: Path, tmp_path: Path) -> None:
    inputs = load_export_inputs(standard)
    exported = export_standard(inputs)
    original = _requirements(inputs.standard.model)
    lost = {(loss.requirement, loss.field) for loss in exported.losses if loss.requirement}
    not_exported = {rid for rid, what in lost if what == "requirement"}
    assert not_exported <= set(original)
    if not_exported == set(original):  # nothing a ratio can state (the ISO 23592 self-assessment)
        assert [d["kind"] for d in exported.documents] == ["Service"]
        return
    file = tmp_path / "exported.openslo.yaml"
    file.write_text(dump(exported.documents), encoding="utf-8")
    draft = import_documents([file])
    rules = tmp_path / "rules"
    rules.symlink_to(REPO / "rules", target_is_directory=True)
    (tmp_path / "standards").mkdir()
    draft_file = tmp_path / "standards" / "draft.yaml"
    draft_file.write_text(draft_yaml(draft, [file.name]), encoding="utf-8")
    reloaded = load_document(draft_file, {"standard"})
    imported = _requirements(reloaded.model)

    assert set(imported) == set(original) - not_exported
    differing = {
        (rid, key) for rid, fields in imported.items() for key, value in fields.items() if original[rid][key] != value
    }
    assert differing == {(rid, what) for rid, what in lost if what != "requirement"}

    library = load_library([rules], {"rules"})
    library.add(reloaded)
    errors = [d for d in lint_library(library) if d.severity == Severity.ERROR]
    assert errors == []


def test_the_round_trip_covers_every_kind_of_loss_and_requirement() -> None:
    """The shipped standards exercise the mapping: the pairs the test above checks include warn bands,
    grouping, minimum samples, 100% targets, owners and requirements that cannot be exported."""
    fields = set()
    exported_slos = 0
    for standard in STANDARDS:
        result = export_standard(load_export_inputs(standard))
        fields |= {loss.field for loss in result.losses if loss.requirement}
        exported_slos += sum(d["kind"] == "SLO" for d in result.documents)
    assert {"warn", "group_by", "min_sample", "target", "owner", "requirement", "where"} - fields == {"where"}
    assert exported_slos >= 25
