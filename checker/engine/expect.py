"""A requirement's declared universe (``expect_groups``): which members each group_by field must have.

Why: a grouped requirement is judged on the groups the data happens to contain. A self-assessment
without element E7, or a queue with no calls at all, is then simply absent — and an absent group
cannot fail. Declaring the universe turns every member the data lacks into a ``not-assessed``
finding (see :mod:`checker.audit.coverage`), so the verdict cannot be CONFORMANT by omission.

Three shapes, all data:

* ``queue: [general, billing, tech, vip]`` — the members, listed;
* ``element: {taxonomy: element}`` — every code of the taxonomy in force (``members:`` narrows it);
* ``queue: {table: queues, field: queue}`` — every value of a field seen in another table.

The first two resolve from the documents alone (:func:`static_members`); a reference table is read
by the audit. The checks here run when an audit is planned (code SC040): a taxonomy that is not in
force, a reference table or field the dataset does not have.

>>> from checker.model.standard import TaxonomyMembers
>>> static_members(["vip", "general"], {})
['general', 'vip']
>>> static_members(TaxonomyMembers(taxonomy="element"), {"element": ["E1", "E2"]})
['E1', 'E2']
>>> static_members(TaxonomyMembers(taxonomy="element", members=["E2"]), {"element": ["E1", "E2"]})
['E2']
"""

from __future__ import annotations

from checker import codes
from checker.diagnostics import Diagnostic
from checker.load.documents import Document
from checker.load.library import Library
from checker.model.dataset import Dataset
from checker.model.standard import ExpectedMembers, Requirement, TableMembers, TaxonomyMembers

DocPath = tuple[str | int, ...]


def taxonomy_codes(library: Library) -> dict[str, list[str]]:
    """Codes of the taxonomy in force per list (``element``, ``level``, ``dimension``), in document order;
    empty when no taxonomy is loaded."""
    found: dict[str, list[str]] = {}
    for doc in library.of_kind("taxonomy"):
        for kind, entries in (
            ("element", doc.model.elements),
            ("level", doc.model.levels),
            ("dimension", doc.model.dimensions),
        ):
            found.setdefault(kind, []).extend(e.id for e in entries if e.id not in found.get(kind, []))
    return found


def static_members(spec: ExpectedMembers, taxonomy: dict[str, list[str]]) -> list[str] | None:
    """The members a list or a taxonomy declares, sorted; None for a reference table (read from data)."""
    if isinstance(spec, TableMembers):
        return None
    if isinstance(spec, TaxonomyMembers):
        return sorted(spec.members or taxonomy.get(spec.taxonomy, []))
    return sorted(set(spec))


def plan_problems(
    doc: Document, dataset: Dataset, path: DocPath, req: Requirement, taxonomy: dict[str, list[str]]
) -> list[Diagnostic]:
    """What makes a requirement's declared universe unresolvable against this dataset (SC040)."""
    problems = []
    for name, spec in req.expect_groups.items():
        here = (*path, "expect_groups", name)
        if isinstance(spec, TaxonomyMembers) and not taxonomy.get(spec.taxonomy):
            problems.append(
                Diagnostic.of(
                    codes.EXPECTED_GROUPS,
                    f"expect_groups.{name} asks for every {spec.taxonomy} of the taxonomy, but no taxonomy is in "
                    "force (put iso-23592.yaml beside the standard)",
                    doc.at((*here, "taxonomy")),
                )
            )
        elif isinstance(spec, TableMembers):
            table = dataset.tables.get(spec.table)
            if table is None:
                problems.append(
                    Diagnostic.of(
                        codes.EXPECTED_GROUPS,
                        f"expect_groups.{name} reads table {spec.table!r}, which the dataset does not have "
                        f"(it has: {', '.join(sorted(dataset.tables))})",
                        doc.at((*here, "table")),
                    )
                )
            elif spec.field not in table.fields:
                problems.append(
                    Diagnostic.of(
                        codes.EXPECTED_GROUPS,
                        f"expect_groups.{name} reads field {spec.field!r}, which table {spec.table!r} does not map "
                        f"(it has: {', '.join(sorted(table.fields))})",
                        doc.at((*here, "field")),
                    )
                )
    return problems
