"""What changed between two versions of a standard, requirement by requirement.

Why requirements are tracked by id: writers renumber clauses (a new 4.1 pushes the old one to 4.2),
and a reviewer must see "renumbered", not a requirement removed and another added. Whether a change
tightens or loosens is never decided here: each field goes to :func:`checker.load.tightening.compare`,
which reads the direction table that overlays use (``checker/load/overlay_directions.yaml``), so an
overlay's "loosened" and a diff's "loosened" are one judgement.

A requirement's change is ``loosened`` when any field became looser or changed without an order
(its scope, its rule, ``min_sample``…: neither tighter nor looser on every dataset, so counted as
loosening, as an overlay must justify it); else ``tightened`` when any field became tighter; else
``edited`` (its title, owner or corrective action). A removed requirement or clause is the strongest
loosening there is and an added one a tightening: ``--fail-on`` counts them so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from checker.diagnostics import Location
from checker.load.documents import Document
from checker.load.library import load_library, rules_folder_near
from checker.load.tightening import Verdict, compare
from checker.model.cadence import ring_cadence

KINDS = ("removed", "loosened", "tightened", "added", "renumbered", "text", "edited")
"""Every kind of change, in the order a summary lists them."""
LOOSENING = frozenset({"loosened", "removed"})
TIGHTENING = frozenset({"tightened", "added"})
FAIL_ON = {"never": frozenset(), "loosened": LOOSENING, "tightened": TIGHTENING, "any": frozenset(KINDS)}
"""``--fail-on``: the kinds of change that make ``servcheck diff`` exit 1."""


@dataclass(frozen=True)
class FieldChange:
    """One field of a requirement, clause or standard, before and after, and which way it went."""

    field: str
    old: Any
    new: Any
    verdict: Verdict


@dataclass(frozen=True)
class Change:
    """One change: its kind, what it is about (``requirement``, ``clause`` or ``standard``) and where."""

    kind: str
    subject: str
    id: str
    clause: str | None = None
    old_clause: str | None = None
    fields: tuple[FieldChange, ...] = ()
    requirements: tuple[str, ...] = ()
    location: Location | None = None
    listed_under: str | None = None
    """Where a removed item is listed: the clause of NEW its old clause became (else its old number)."""


@dataclass(frozen=True)
class Side:
    """One of the two standards compared."""

    file: str
    id: str
    version: str


@dataclass
class StandardDiff:
    old: Side
    new: Side
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for c in self.changes if c.kind == kind) for kind in KINDS}

    def fails(self, fail_on: str) -> bool:
        return any(c.kind in FAIL_ON[fail_on] for c in self.changes)


@dataclass(frozen=True)
class _Clause:
    number: str
    path: tuple[str | int, ...]
    raw: dict[str, Any]
    requirements: tuple[str, ...]


def _clauses(document: Document) -> list[_Clause]:
    """Every clause with its own keys as the model reads them (defaults filled in, so a ``kind:
    normative`` written out and one left implicit are the same)."""
    found = []
    for path, clause in document.model.walk():
        own = clause.model_dump(mode="json", exclude={"requirements", "clauses"})
        found.append(_Clause(clause.number, path, own, tuple(r.id for r in clause.requirements)))
    return found


def number_key(number: str | None) -> tuple[tuple[int, int | str], ...]:
    """Clause numbers in reading order: 4.2 before 4.10, A.1 after 9.

    >>> sorted(["4.10", "4.2", "A.1", "10"], key=number_key)
    ['4.2', '4.10', '10', 'A.1']
    """
    parts = re.findall(r"\d+|[A-Z]", number or "")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts) if number else ((2, 0),)


class _Differ:
    def __init__(self, old: Document, new: Document) -> None:
        self.old, self.new = old, new
        self.cadence = ring_cadence(new.model)[0]
        self.changes: list[Change] = []
        self.became: dict[str, str] = {}  # old clause number → the number of its partner in NEW
        self._rules: dict[str, Any] | None = None

    def _default(self, rule_id: str, name: str) -> Any:
        """A parameter's default from the rule library beside the new standard (None if unknown)."""
        if self._rules is None:
            folder = rules_folder_near(self.new.path)
            self._rules = load_library([folder], {"rules"}).rules if folder else {}
        entry = self._rules.get(rule_id)
        parameter = entry.rule.parameters.get(name) if entry else None
        return getattr(parameter, "default", None)

    # -- requirements ---------------------------------------------------------------------------
    def requirements(self) -> None:
        old = {r.id: (path, clause, r) for path, clause, r in self.old.model.requirements()}
        new = {r.id: (path, clause, r) for path, clause, r in self.new.model.requirements()}
        for rid, (path, clause, _r) in new.items():
            if rid not in old:
                self.changes.append(Change("added", "requirement", rid, clause.number, location=self.new.at(path)))
        for rid, (path, clause, _r) in old.items():
            if rid not in new:
                where, under = self.old.at(path), self.became.get(clause.number)
                self.changes.append(
                    Change("removed", "requirement", rid, None, clause.number, location=where, listed_under=under)
                )
        for rid in new.keys() & old.keys():
            self._requirement(rid, old[rid], new[rid])

    def _requirement(self, rid: str, before: Any, after: Any) -> None:
        (_op, old_clause, old_r), (path, new_clause, new_r) = before, after
        a, b = old_r.model_dump(mode="json"), new_r.model_dump(mode="json")
        fields: list[FieldChange] = []
        for name in [*a, *(k for k in b if k not in a)]:
            if name in ("id", "params"):
                continue
            verdict = compare(name, a.get(name), b.get(name), self.cadence)
            if verdict != "same":
                fields.append(FieldChange(name, a.get(name), b.get(name), verdict))
        pa, pb = a.get("params") or {}, b.get("params") or {}
        for name in [*pa, *(k for k in pb if k not in pa)]:
            was = pa.get(name, self._default(old_r.rule, name))
            now = pb.get(name, self._default(new_r.rule, name))
            verdict = compare(f"params.{name}", was, now, self.cadence) if was is not None and now is not None else None
            if was != now:
                fields.append(FieldChange(f"params.{name}", was, now, verdict or "unordered"))
        if fields:
            where = self.new.at((*path, *fields[0].field.split(".")))
            kind = _kind(fields)
            self.changes.append(
                Change(kind, "requirement", rid, new_clause.number, old_clause.number, tuple(fields), location=where)
            )

    # -- clauses --------------------------------------------------------------------------------
    def clauses(self) -> None:
        old, new = _clauses(self.old), _clauses(self.new)
        partner: dict[int, int] = {}
        taken: set[int] = set()
        for i, clause in enumerate(new):
            shared = [
                (sum(1 for r in clause.requirements if r in o.requirements), -j)
                for j, o in enumerate(old)
                if j not in taken
            ]
            best = max(shared, default=(0, 0))
            if best[0] > 0:
                partner[i] = -best[1]
                taken.add(-best[1])
        for i, clause in enumerate(new):
            if i in partner:
                continue
            same = next((j for j, o in enumerate(old) if j not in taken and o.number == clause.number), None)
            if same is not None:
                partner[i] = same
                taken.add(same)
        for i, clause in enumerate(new):
            if i not in partner:
                where = self.new.at((*clause.path, "number"))
                self.changes.append(Change("added", "clause", clause.number, clause.number, location=where))
                continue
            self.became[old[partner[i]].number] = clause.number
            self._clause(old[partner[i]], clause)
        for j, clause in enumerate(old):
            if j not in taken:
                where = self.old.at((*clause.path, "number"))
                self.changes.append(Change("removed", "clause", clause.number, None, clause.number, location=where))

    def _clause(self, old: _Clause, new: _Clause) -> None:
        if old.number != new.number:
            moved = tuple(r for r in new.requirements if r in old.requirements)
            where = self.new.at((*new.path, "number"))
            self.changes.append(
                Change("renumbered", "clause", new.number, new.number, old.number, requirements=moved, location=where)
            )
        texts, others = [], []
        keys = [*old.raw, *(k for k in new.raw if k not in old.raw)]
        for key in keys:
            if key in ("number", "requirements", "clauses"):
                continue
            was, now = old.raw.get(key), new.raw.get(key)
            if key in ("title", "text"):
                for lang in ("en", "zh"):
                    a, b = (was or {}).get(lang), (now or {}).get(lang)
                    if a != b:
                        texts.append(FieldChange(f"{key}.{lang}", a, b, "editorial"))
                continue
            verdict = compare(f"clause.{key}", was, now, self.cadence)
            if verdict != "same":
                others.append(FieldChange(key, was, now, verdict))
        for kind, fields in (("text", texts), (_kind(others), others)):
            if fields:
                where = self.new.at((*new.path, fields[0].field.split(".")[0]))
                change = Change(kind, "clause", new.number, new.number, old.number, tuple(fields), location=where)
                self.changes.append(change)

    # -- the standard's own keys ----------------------------------------------------------------
    def standard(self) -> None:
        a = self.old.model.model_dump(mode="json", exclude={"clauses"})
        b = self.new.model.model_dump(mode="json", exclude={"clauses"})
        fields = []
        for key in [*a, *(k for k in b if k not in a)]:
            if key in ("clauses", "kind"):
                continue
            verdict = compare(f"standard.{key}", a.get(key), b.get(key), self.cadence)
            if verdict != "same":
                fields.append(FieldChange(key, a.get(key), b.get(key), verdict))
        if fields:
            where = self.new.at((fields[0].field,))
            self.changes.append(
                Change(_kind(fields), "standard", self.new.model.id, fields=tuple(fields), location=where)
            )


def _kind(fields: list[FieldChange]) -> str:
    verdicts = {f.verdict for f in fields}
    if verdicts & {"looser", "unordered"}:
        return "loosened"
    if "tighter" in verdicts:
        return "tightened"
    return "edited"


def _order(change: Change) -> tuple[Any, ...]:
    subject = {"standard": 0, "clause": 1, "requirement": 2}[change.subject]
    where = change.clause or change.listed_under or change.old_clause
    return (subject > 0, number_key(where), subject, KINDS.index(change.kind), change.id)


def diff_standards(old: Document, new: Document) -> StandardDiff:
    """Every change from ``old`` to ``new``, in reading order of the new standard (a removed
    requirement under the clause its old clause became, else where it was)."""
    differ = _Differ(old, new)
    differ.standard()
    differ.clauses()
    differ.requirements()
    return StandardDiff(
        Side(old.name, old.model.id, old.model.version),
        Side(new.name, new.model.id, new.model.version),
        sorted(differ.changes, key=_order),
    )
