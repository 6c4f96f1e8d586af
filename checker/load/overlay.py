"""Overlays: a standard that ``extends`` another (organisation → region → site) and changes it.

An overlay names its parent by a path relative to its own file and may

* **override** a parent's requirement by id (``target``, ``warn``, ``params``, ``min_sample``,
  ``severity``): tightening is free, loosening needs a ``justification`` (lint SC063; which way a
  change goes is decided per field by :mod:`checker.load.tightening`);
* **add** clauses: a new clause ``4.7`` goes under the parent's clause ``4`` (the longest clause
  number it extends), else at the top; a number the parent already has is refused.

Its own header (id, title, version, status, languages…) replaces the parent's; ``terms`` and
``references`` add to the parent's; ``settings`` override key by key (calendars by name).

Where a parent may live: a relative path (no URL, no absolute path) that resolves, symlinks
followed, inside the **project root** of the overlay — the nearest folder above it holding
``.git``, ``pyproject.toml`` or ``.servcheck.yaml`` (else the overlay's own folder). ``..`` is fine
while it stays inside. Problems: a missing, unreadable, non-standard or out-of-root parent is
SC017, a chain that comes back to itself SC016; both located at the ``extends`` value.

Chains of any length are walked with a loop (no recursion), from the root standard down. The
effective standard is an ordinary :class:`~checker.load.documents.Document` whose positions point
into the file each part came from, so a problem in the merged standard is located where it was
written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import Speaker, speaker
from checker.load.documents import Document, load_document
from checker.load.library import Library, display_name, load_library, rules_folder_near
from checker.load.tightening import Verdict, compare
from checker.model.cadence import ring_cadence
from checker.model.common import Text
from checker.model.standard import Standard

DocPath = tuple[str | int, ...]
ROOT_MARKERS = (".git", "pyproject.toml", ".servcheck.yaml")
OVERRIDE_FIELDS = ("target", "warn", "min_sample", "severity")

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://|^[A-Za-z]:[\\/]|^\\\\")


@dataclass(frozen=True)
class FieldChange:
    """One field of one requirement changed by an overlay."""

    field: str
    old: Any
    new: Any
    verdict: Verdict

    def describe(self, speak: Speaker | None = None) -> str:
        """``target >= 96% → >= 97%``: field names and values as in the document ("(none)" in ``speak``'s words)."""
        speak = speak or speaker("en")
        return f"{self.field} {_show(self.old, speak)} → {_show(self.new, speak)}"


@dataclass(frozen=True)
class Change:
    """What one overlay did to one requirement: ``tightened``, ``loosened`` (any field looser or
    unordered) or ``added``."""

    requirement: str
    kind: str
    document: str
    location: Location
    fields: tuple[FieldChange, ...] = ()
    justification: Text | None = None
    clause: str | None = None

    def describe(self, speak: Speaker | None = None) -> str:
        """One line of the overlay listing, in ``speak``'s language (English by default); the
        justification is the writer's text in that language when the overlay gives it."""
        speak = speak or speaker("en")
        kind = {
            "tightened": speak.p_("overlay change", "tightened"),
            "loosened": speak.p_("overlay change", "loosened"),
            "added": speak.p_("overlay change", "added"),
        }.get(self.kind, self.kind)
        kind = kind.ljust(10) if speak.lang == "en" else kind
        if self.kind == "added":
            return speak._("{kind} {id} (clause {clause})", kind=kind, id=self.requirement, clause=self.clause)
        changes = "; ".join(c.describe(speak) for c in self.fields)
        text = speak._("{kind} {id}: {changes}", kind=kind, id=self.requirement, changes=changes)
        if self.justification is not None:
            text += speak._(" — justification: {text}", text=self.justification.get(speak.lang))
        return text


@dataclass
class Overlay:
    """A standard with ``extends``, resolved: its parents, the effective standard and the changes."""

    document: Document
    parents: list[Document] = field(default_factory=list)  # nearest first
    effective: Document | None = None
    changes: list[Change] = field(default_factory=list)  # every level's, root side first
    problems: list[Diagnostic] = field(default_factory=list)

    def own_changes(self) -> list[Change]:
        return [c for c in self.changes if c.document == self.document.name]


class OverlayPositions:
    """Positions of the effective standard: each path is looked up in the file it came from."""

    def __init__(self, file: str, origins: dict[DocPath, tuple[Document, DocPath]]) -> None:
        self.file = file
        self.origins = origins

    def _source(self, path: DocPath) -> tuple[Document, DocPath]:
        probe = tuple(path)
        while probe not in self.origins and probe:
            probe = probe[:-1]
        document, source = self.origins[probe]
        return document, (*source, *path[len(probe) :])

    def of_value(self, path: DocPath) -> Location:
        document, source = self._source(path)
        return document.positions.of_value(source)

    def of_key(self, path: DocPath) -> Location:
        document, source = self._source(path)
        return document.positions.of_key(source)


def project_root(path: Path) -> Path:
    """The nearest folder at or above ``path``'s folder holding a root marker, else that folder."""
    start = path.resolve().parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    return start


def _show(value: Any, speak: Speaker) -> str:
    return speak._("(none)") if value is None else str(value)


def _parent_path(child: Document, root: Path, speak: Speaker) -> tuple[Path | None, Diagnostic | None]:
    text = child.model.extends
    where = child.at(("extends",))
    if _URL.search(text):
        message = speak._("extends {parent!r}: a URL; give a relative path", parent=text)
        return None, Diagnostic.of(codes.OVERLAY_PARENT, message, where)
    if text.startswith(("/", "\\")) or Path(text).is_absolute():
        message = speak._(
            "extends {parent!r}: an absolute path; give a path relative to {file}", parent=text, file=child.name
        )
        return None, Diagnostic.of(codes.OVERLAY_PARENT, message, where)
    target = (child.path.resolve().parent / text).resolve()
    if not target.is_relative_to(root):
        message = speak._(
            "extends {parent!r} leaves the project root {root} (the folder holding {markers})",
            parent=text,
            root=root,
            markers=", ".join(ROOT_MARKERS),
        )
        return None, Diagnostic.of(codes.OVERLAY_PARENT, message, where)
    return target, None


def _load_parent(
    child: Document, target: Path, library: Library, speak: Speaker
) -> tuple[Document | None, list[Diagnostic]]:
    parent = child.model.extends
    for document in library.documents:
        if document.path.resolve() == target:
            if document.kind != "standard":
                message = speak._(
                    "extends {parent!r}: {file} is a {kind}, not a standard",
                    parent=parent,
                    file=document.name,
                    kind=document.kind,
                )
                return None, [Diagnostic.of(codes.OVERLAY_PARENT, message, child.at(("extends",)))]
            return document, []
    if not target.is_file():
        message = speak._("extends {parent!r}: no such file ({file})", parent=parent, file=display_name(target))
        return None, [Diagnostic.of(codes.OVERLAY_PARENT, message, child.at(("extends",)))]
    try:
        return load_document(target, {"standard"}, display_name(target)), []
    except InvalidInput as err:
        message = speak._(
            "extends {parent!r}: {file} is not a usable standard", parent=parent, file=display_name(target)
        )
        return None, [Diagnostic.of(codes.OVERLAY_PARENT, message, child.at(("extends",))), *err.diagnostics]


def chain_of(
    document: Document, library: Library, speak: Speaker | None = None
) -> tuple[list[Document], list[Diagnostic]]:
    """The parents of ``document``, nearest first, walked with a loop; located problems (told by ``speak``)."""
    speak = speak or speaker("en")
    root = project_root(document.path)
    seen = {document.path.resolve(): document}
    parents: list[Document] = []
    current = document
    while current.model.extends is not None:
        target, problem = _parent_path(current, root, speak)
        if problem is not None:
            return parents, [problem]
        if target in seen:
            names = " → ".join([*(d.name for d in (document, *parents)), seen[target].name])
            message = speak._("extends {parent!r} makes a cycle: {names}", parent=current.model.extends, names=names)
            return parents, [Diagnostic.of(codes.OVERLAY_CYCLE, message, current.at(("extends",)))]
        parent, problems = _load_parent(current, target, library, speak)
        if parent is None:
            return parents, problems
        seen[target] = parent
        parents.append(parent)
        current = parent
    return parents, []


def _requirement_paths(raw: dict[str, Any]) -> dict[str, DocPath]:
    found: dict[str, DocPath] = {}

    def visit(clauses: list[dict[str, Any]], path: DocPath) -> None:
        for i, clause in enumerate(clauses):
            here = (*path, "clauses", i)
            for j, requirement in enumerate(clause.get("requirements", [])):
                found.setdefault(requirement["id"], (*here, "requirements", j))
            visit(clause.get("clauses", []), here)

    visit(raw.get("clauses", []), ())
    return found


def _clause_paths(raw: dict[str, Any]) -> dict[str, DocPath]:
    found: dict[str, DocPath] = {}

    def visit(clauses: list[dict[str, Any]], path: DocPath) -> None:
        for i, clause in enumerate(clauses):
            here = (*path, "clauses", i)
            found.setdefault(str(clause["number"]), here)
            visit(clause.get("clauses", []), here)

    visit(raw.get("clauses", []), ())
    return found


def _get(raw: Any, path: DocPath) -> Any:
    for part in path:
        raw = raw[part]
    return raw


class _Merge:
    """The effective raw document, built level by level, with where each part came from."""

    def __init__(self, root: Document, library: Library, speak: Speaker) -> None:
        self.speak = speak
        self.raw: dict[str, Any] = copy.deepcopy(root.raw)
        self.origins: dict[DocPath, tuple[Document, DocPath]] = {(): (root, ())}
        self.changes: list[Change] = []
        self.problems: list[Diagnostic] = []
        self.library = library
        self.root = root
        self._nearby: dict[str, Any] | None = None

    def _nearby_rules(self) -> dict[str, Any]:
        if self._nearby is None:
            folder = rules_folder_near(self.root.path)
            self._nearby = load_library([folder], {"rules"}).rules if folder else {}
        return self._nearby

    def _rule_default(self, rule_id: str, name: str) -> Any:
        """A parameter's default from the rule library: the library's, else the ``rules/`` folder
        near the root standard (as lint and the audit find it); None when unknown."""
        entry = self.library.rules.get(rule_id) or self._nearby_rules().get(rule_id)
        parameter = entry.rule.parameters.get(name) if entry else None
        return getattr(parameter, "default", None)

    def apply(self, child: Document, cadence: float) -> None:
        model: Standard = child.model
        raw = child.raw
        for key, value in raw.items():
            if key in ("extends", "overrides", "clauses", "terms", "references", "settings"):
                continue
            self.raw[key] = copy.deepcopy(value)
            self.origins[(key,)] = (child, (key,))
        for key in ("terms", "references"):
            if raw.get(key):
                start = len(self.raw.get(key, []))
                self.raw.setdefault(key, []).extend(copy.deepcopy(raw[key]))
                for i in range(len(raw[key])):
                    self.origins[(key, start + i)] = (child, (key, i))
        for key, value in (raw.get("settings") or {}).items():
            settings = self.raw.setdefault("settings", {})
            if key == "calendars":
                for name, calendar in value.items():
                    settings.setdefault("calendars", {})[name] = copy.deepcopy(calendar)
                    self.origins[("settings", "calendars", name)] = (child, ("settings", "calendars", name))
            else:
                settings[key] = copy.deepcopy(value)
                self.origins[("settings", key)] = (child, ("settings", key))
        for k, override in enumerate(model.overrides):
            self._override(child, k, override, cadence)
        for i, clause in enumerate(raw.get("clauses", [])):
            self._add_clause(child, i, clause)

    def _override(self, child: Document, k: int, override: Any, cadence: float) -> None:
        paths = _requirement_paths(self.raw)
        at = ("overrides", k)
        if override.requirement not in paths:
            known = ", ".join(sorted(paths)) or self.speak._("none")
            message = self.speak._(
                "overrides requirement {id!r}, which its parents do not have (they have: {known})",
                id=override.requirement,
                known=known,
            )
            self.problems.append(Diagnostic.of(codes.INVALID_VALUE, message, child.at((*at, "requirement"))))
            return
        path = paths[override.requirement]
        requirement = _get(self.raw, path)
        fields: list[FieldChange] = []
        for name in OVERRIDE_FIELDS:
            if name not in override.model_fields_set or getattr(override, name) is None:
                continue
            new = child.raw["overrides"][k][name]
            old = requirement.get(name, {"min_sample": 30, "severity": "major"}.get(name))
            fields.append(FieldChange(name, old, new, compare(name, old, new, cadence)))
            requirement[name] = copy.deepcopy(new)
            self.origins[(*path, name)] = (child, (*at, name))
        for name, new in child.raw["overrides"][k].get("params", {}).items():
            params = requirement.setdefault("params", {})
            old = params.get(name, self._rule_default(requirement["rule"], name))
            fields.append(FieldChange(f"params.{name}", old, new, compare(f"params.{name}", old, new, cadence)))
            params[name] = copy.deepcopy(new)
            self.origins[(*path, "params", name)] = (child, (*at, "params", name))
        verdicts = {c.verdict for c in fields}
        kind = (
            "loosened" if verdicts & {"looser", "unordered"} else "tightened" if "tighter" in verdicts else "unchanged"
        )
        self.changes.append(
            Change(
                override.requirement,
                kind,
                child.name,
                child.at((*at, "requirement")),
                tuple(fields),
                override.justification,
            )
        )

    def _add_clause(self, child: Document, i: int, clause: dict[str, Any]) -> None:
        numbers = _clause_paths(self.raw)
        number = str(clause["number"])
        where = child.at(("clauses", i, "number"))
        if number in numbers:
            message = self.speak._(
                "clause {number} is already in the standard it extends; "
                "override its requirements, or number the new clause afresh",
                number=number,
            )
            self.problems.append(Diagnostic.of(codes.INVALID_VALUE, message, where))
            return
        known = _requirement_paths(self.raw)
        added = _requirement_paths({"clauses": [clause]})
        for rid in sorted(set(added) & set(known)):
            message = self.speak._(
                "requirement id {id!r} is already in the standard it extends; use `overrides` to change it", id=rid
            )
            self.problems.append(Diagnostic.of(codes.INVALID_VALUE, message, child.at(("clauses", i, *added[rid][2:]))))
            return
        parts = number.split(".")
        host = next((".".join(parts[:n]) for n in range(len(parts) - 1, 0, -1) if ".".join(parts[:n]) in numbers), None)
        container_path: DocPath = numbers[host] if host else ()
        container = _get(self.raw, container_path)
        container.setdefault("clauses", [])
        new_path = (*container_path, "clauses", len(container["clauses"]))
        container["clauses"].append(copy.deepcopy(clause))
        self.origins[new_path] = (child, ("clauses", i))
        wrapped = {"clauses": [clause]}
        for rid, path in added.items():
            where = child.at(("clauses", i, *path[2:], "id"))
            home = str(_get(wrapped, path[:-2])["number"])
            self.changes.append(Change(rid, "added", child.name, where, clause=home))


def resolve(document: Document, library: Library, lang: str | None = None) -> Overlay:
    """The effective standard of ``document`` (which has ``extends``), with its chain and changes;
    problems in ``lang``, else the overlay's first language."""
    speak = speaker(lang or document.model.languages[0])
    overlay = Overlay(document)
    parents, problems = chain_of(document, library, speak)
    overlay.parents = parents
    if problems:
        overlay.problems = problems
        return overlay
    levels = [*reversed(parents), document]
    merge = _Merge(levels[0], library, speak)
    for child in levels[1:]:
        cadence = ring_cadence(Standard.model_validate(_without_overlay(merge.raw)))[0]
        merge.apply(child, cadence)
    overlay.changes = merge.changes
    if merge.problems:
        overlay.problems = merge.problems
        return overlay
    raw = _without_overlay(merge.raw)
    # golden cases are the overlay's own: a parent's were written for the parent's targets
    raw.pop("cases", None)
    if document.raw.get("cases"):
        raw["cases"] = copy.deepcopy(document.raw["cases"])
        merge.origins[("cases",)] = (document, ("cases",))
    try:
        model = Standard.model_validate(raw)
    except ValidationError as err:
        message = speak._("the effective standard is not valid: {reason}", reason=err.errors()[0]["msg"])
        overlay.problems = [Diagnostic.of(codes.INVALID_VALUE, message, document.at(("extends",)))]
        return overlay
    positions = OverlayPositions(document.name, merge.origins)
    overlay.effective = Document(document.path, document.name, "standard", model, positions, document.text, raw)  # type: ignore[arg-type]
    return overlay


def _without_overlay(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in raw.items() if k not in ("extends", "overrides")}


def resolve_all(library: Library, lang: str | None = None) -> list[Diagnostic]:
    """Resolve every loaded standard with ``extends`` (once; kept in ``library.overlays``);
    returns the loading problems found (SC016, SC017, SC014), in ``lang`` or each overlay's language."""
    found: list[Diagnostic] = []
    for document in library.of_kind("standard"):
        if document.model.extends is None or document.name in library.overlays:
            continue
        overlay = resolve(document, library, lang)
        library.overlays[document.name] = overlay
        found.extend(overlay.problems)
    return found


def overlay_diff(overlay: Overlay, lang: str = "en") -> list[str]:
    """The short listing ``servcheck lint`` prints: the chain, then each requirement tightened,
    loosened or added, by the file that did it (root side first), in ``lang``."""
    speak = speaker(lang)
    document = overlay.document
    chain = " ← ".join(
        f"{d.model.id} {d.model.version}" + speak.p_("brackets", " ({text})", text=d.name)
        for d in reversed(overlay.parents)
    )
    lines = [
        speak._(
            "{file}: effective standard {id} {version} extends {chain}",
            file=document.name,
            id=document.model.id,
            version=document.model.version,
            chain=chain,
        )
    ]
    if overlay.effective is None:
        return [*lines, "  " + speak._("(not resolved: see the errors above)")]
    for change in overlay.changes:
        where = "" if change.document == document.name else f"  [{change.document}]"
        lines.append(f"  {change.describe(speak)}{where}")
    if not overlay.changes:
        lines.append("  " + speak._("(no requirement changed or added)"))
    return lines


def effective_yaml(overlay: Overlay) -> str:
    """The effective standard as a YAML document (``servcheck lint --show-effective``)."""
    import yaml

    assert overlay.effective is not None
    return yaml.safe_dump(overlay.effective.raw, allow_unicode=True, sort_keys=False, width=120)
