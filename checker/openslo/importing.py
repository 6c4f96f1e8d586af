"""OpenSLO v1 documents read back as a draft standard (YAML a writer then completes and lints).

Each SLO becomes a clause (its label ``clause`` as the number, else the next free number; its
displayName the title, its description the text); each of its objectives becomes a requirement when
its SLI is a ratio of ``type: servcheck`` metric sources (what ``servcheck openslo export`` writes):
the rule, params and ``where`` come from the metric source, the target from the objective (``good``
numerator: ``>=``; ``bad``: ``<=``; ``per`` in the total's spec: a rate), the period from a calendar
``timeWindow`` (or ``timeSliceWindow`` with Timeslices, which also gives ``intervals``), severity and
tags from the labels. An SLO measured any other way (a Prometheus query, a threshold metric) becomes
a clause without a requirement, for the writer to give a rule (lint SC102 reminds them).

What servcheck has no equivalent for is listed as a :class:`~checker.openslo.losses.Loss`: alert
policies and conditions, notification targets, data sources, rolling windows, calendar start times
and zones, counters, unknown labels and annotations. A document that does not have the OpenSLO v1
structure, or a servcheck metric source without a rule, is refused at its file:line:col (SC118).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.i18n import N_, speaker
from checker.load.library import display_name
from checker.load.yaml_source import LoadedYaml, load_yaml_stream_file
from checker.model.standard import Requirement, Tags
from checker.openslo.export import ANNOTATION, TAG_KEYS
from checker.openslo.losses import STANDARD, Loss, Said, say
from checker.openslo.mapping import WINDOW_PERIOD, exact, target_text
from checker.openslo.validate import problems as schema_problems

KNOWN_LABELS = {"requirement", "clause", "severity", *TAG_KEYS}
SEVERITIES = ("major", "minor", "observation")
MINUTE_PERIODS = {15: "15min", 30: "30min", 60: "hour"}
"""A ``timeSliceWindow`` given as a bare number counts minutes (the OpenSLO spec's default)."""
_CLAUSE = re.compile(r"^[A-Z]?\d+(\.\d+)*$")


@dataclass
class Draft:
    """The draft standard (plain data, in the standard's key order) and what could not be carried."""

    standard: dict[str, Any]
    losses: list[Loss] = field(default_factory=list)


@dataclass(frozen=True)
class _Doc:
    """One OpenSLO document with where it came from."""

    loaded: LoadedYaml

    @property
    def data(self) -> dict[str, Any]:
        return self.loaded.data  # type: ignore[no-any-return]

    def at(self, *path: str | int) -> Location:
        return self.loaded.positions.of_value(path)

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def name(self) -> str:
        return str(self.data["metadata"]["name"])


def _identifier(name: str) -> str:
    """A servcheck id from an OpenSLO name (``|``, ``/`` and ``\\`` are not allowed in ids).

    >>> _identifier("checkout/latency|p99")
    'checkout-latency-p99'
    """
    return re.sub(r"[^a-z0-9_.-]+", "-", name.lower()).strip("-") or "slo"


def _sort_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", number))


class _Importer:
    def __init__(self, lang: str):
        self.lang = lang
        self.speak = speaker(lang)
        self.losses: list[Loss] = []
        self.errors: list[Diagnostic] = []
        self.clauses: dict[str, dict[str, Any]] = {}
        self.tag_sets: dict[str, list[str]] = {}
        self.cadences: dict[str, Location] = {}

    def lose(self, location: Location, requirement: str, what: str, message: Said) -> None:
        self.losses.append(Loss(location, requirement, what, message))

    def refuse(self, location: Location, message: Said) -> None:
        """An SC118 problem, said in the language of the import."""
        self.errors.append(Diagnostic.of(codes.OPENSLO_DOCUMENT, message.said(self.speak), location))

    # --- reading ---------------------------------------------------------------------------------
    def read(self, paths: Iterable[Path]) -> list[_Doc]:
        documents: list[_Doc] = []
        for path in paths:
            try:
                stream = load_yaml_stream_file(path, display_name(path))
            except InvalidInput as err:
                self.errors.extend(err.diagnostics)
                continue
            for loaded in stream:
                self.errors.extend(loaded.problems)
                if not isinstance(loaded.data, dict):
                    self.refuse(
                        loaded.positions.of_value(()), say(N_("an OpenSLO document is a mapping (apiVersion, kind…)"))
                    )
                    continue
                found = schema_problems(loaded.data)
                for where, message in found:
                    self.refuse(loaded.positions.of_value(where), say(N_("not OpenSLO v1: {problem}"), problem=message))
                if not found:
                    documents.append(_Doc(loaded))
        return documents

    # --- the standard ----------------------------------------------------------------------------
    def run(self, paths: list[Path]) -> Draft:
        documents = self.read(paths)
        if self.errors:
            raise InvalidInput(self.errors, self.lang)
        services = [d for d in documents if d.kind == "Service"]
        slis = {d.name: d for d in documents if d.kind == "SLI"}
        for doc in documents:
            if doc.kind in ("AlertPolicy", "AlertCondition", "AlertNotificationTarget", "DataSource"):
                message = (
                    say(N_("{name}: servcheck has no connection details; not imported"), name=doc.name)
                    if doc.kind == "DataSource"
                    else say(N_("{name}: servcheck has no alerting; not imported"), name=doc.name)
                )
                self.lose(doc.at(), STANDARD, doc.kind, message)
        for doc in documents:
            if doc.kind == "SLO":
                self.slo(doc, slis)
        if not self.clauses and not self.errors:
            where = documents[0].at() if documents else Location(display_name(paths[0]), 1, 1)
            self.refuse(where, say(N_("the files hold no SLO: there is nothing to draft a standard from")))
        if self.errors:
            raise InvalidInput(self.errors, self.lang)
        return Draft(self.standard(services, paths), sorted(self.losses))

    def standard(self, services: list[_Doc], paths: list[Path]) -> dict[str, Any]:
        service = services[0] if len(services) == 1 else None
        for extra in services[1:]:
            self.lose(
                extra.at(),
                STANDARD,
                "Service",
                say(N_("{name}: one standard per import; its SLOs are clauses here"), name=extra.name),
            )
        if service is not None:
            meta = service.data["metadata"]
            ident, title = _identifier(service.name), meta.get("displayName") or service.name
            scope = service.data["spec"].get("description")
            version = str(meta.get("labels", {}).get("version", "0.1.0"))
        else:
            ident = _identifier(paths[0].name.split(".")[0]) if paths else "imported"
            title, scope, version = ident, None, "0.1.0"
        if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version):
            version = "0.1.0"
        standard: dict[str, Any] = {
            "kind": "standard",
            "id": ident,
            "title": {self.lang: title},
            "version": version,
            "status": "draft",
            "languages": [self.lang],
        }
        if scope:
            standard["scope"] = {self.lang: scope}
        if self.cadences:
            standard["settings"] = {"ring_cadence": next(iter(self.cadences))}
        if self.tag_sets:
            standard["tag_sets"] = {key: {"values": values} for key, values in self.tag_sets.items()}
        standard["clauses"] = [self.clauses[n] for n in sorted(self.clauses, key=_sort_key)]
        return standard

    # --- one SLO ---------------------------------------------------------------------------------
    def slo(self, doc: _Doc, slis: dict[str, _Doc]) -> None:
        meta, spec = doc.data["metadata"], doc.data["spec"]
        labels = meta.get("labels") or {}
        rid = _identifier(str(labels.get("requirement") or doc.name))
        clause = self.clause(doc, labels)
        self.metadata_losses(doc, rid, labels, meta.get("annotations") or {})
        if spec.get("alertPolicies"):
            self.lose(doc.at("spec", "alertPolicies"), rid, "alertPolicies", say(N_("servcheck has no alerting")))
        if "indicatorRef" in spec:
            sli_doc = slis.get(spec["indicatorRef"])
            if sli_doc is None:
                self.refuse(
                    doc.at("spec", "indicatorRef"),
                    say(N_("no SLI named {name} in the files given"), name=repr(spec["indicatorRef"])),
                )
                return
            sli, sli_at = sli_doc.data["spec"], sli_doc.at
        else:
            sli, sli_at = spec["indicator"]["spec"], (lambda *p: doc.at("spec", "indicator", "spec", *p))
        sources = self.servcheck_sources(sli, sli_at, rid, _summary(spec))
        if sources is None:
            return
        side, numerator, total = sources
        base = self.requirement_base(numerator, sli_at("ratioMetric", side, "metricSource", "spec"), rid)
        if base is None:
            return
        period, window_ok = self.period(doc, rid)
        objectives = spec["objectives"]
        for i, objective in enumerate(objectives):
            ident = rid if i == 0 else f"{rid}-{i + 1}"
            where = doc.at("spec", "objectives", i)
            requirement = dict(base, id=ident)
            if labels.get("severity") in SEVERITIES:
                requirement["severity"] = labels["severity"]
            good = exact(objective["target"]) if "target" in objective else exact(objective["targetPercent"]) / 100
            ignored = [key for key in ("op", "value") if key in objective]
            if spec["budgetingMethod"] != "Timeslices":
                ignored += [key for key in ("timeSliceTarget", "timeSliceWindow") if key in objective]
            for key in ignored:
                self.lose(
                    doc.at("spec", "objectives", i, key), ident, key, say(N_("not used by a ratio objective; ignored"))
                )
            unit, per = ("rate", total.get("per")) if isinstance(total.get("per"), int) else ("percent", None)
            if spec["budgetingMethod"] == "Timeslices":
                slice_period = self.slice_period(objective["timeSliceWindow"])
                if slice_period is None:
                    window = objective["timeSliceWindow"]
                    message = say(
                        N_("time slices of {window}: not 15min, 30min, hour or day; requirement not imported"),
                        window=window,
                    )
                    self.lose(where, ident, "requirement", message)
                    continue
                requirement["target"] = target_text(side, exact(objective["timeSliceTarget"]), unit, per)
                requirement["period"] = slice_period
                requirement["intervals"] = {"target": target_text("good", good, "percent")}
                if not window_ok or period != "none":
                    self.lose(
                        doc.at("spec", "timeWindow"),
                        ident,
                        "timeWindow",
                        say(N_("the intervals are counted over the audit period")),
                    )
            else:
                requirement["target"] = target_text(side, good, unit, per)
                if period != "none":
                    requirement["period"] = period
            order = ("id", "rule", "params", "target", "where", "period", "intervals", "severity")
            requirement = {key: requirement[key] for key in order if key in requirement}
            try:
                Requirement.model_validate(requirement)
            except ValidationError as err:
                detail = "; ".join(str(e["msg"]) for e in err.errors())
                self.refuse(
                    sli_at(),
                    say(N_("requirement {id} drafted from this SLI is not valid: {detail}"), id=ident, detail=detail),
                )
                continue
            clause.setdefault("requirements", []).append(requirement)
        if "requirements" in clause:
            clause.pop("kind", None)

    def clause(self, doc: _Doc, labels: dict[str, Any]) -> dict[str, Any]:
        meta, spec = doc.data["metadata"], doc.data["spec"]
        number = str(labels.get("clause", ""))
        if not _CLAUSE.match(number):
            if number:
                self.lose(
                    doc.at("metadata", "labels", "clause"),
                    STANDARD,
                    "clause",
                    say(N_("{number} is not a clause number"), number=repr(number)),
                )
            taken = [_sort_key(n)[0] for n in self.clauses if _sort_key(n)]
            number = str(max(taken, default=0) + 1)
        if number not in self.clauses:
            text = spec.get("description") or meta.get("displayName") or meta["name"]
            clause: dict[str, Any] = {"number": number, "title": {self.lang: meta.get("displayName") or meta["name"]}}
            clause["text"] = {self.lang: text}
            tags = self.tags(doc, labels)
            if tags:
                clause["tags"] = tags
            self.clauses[number] = clause
        return self.clauses[number]

    def tags(self, doc: _Doc, labels: dict[str, Any]) -> dict[str, str]:
        tags: dict[str, str] = {}
        for key, value in labels.items():
            if key in ("requirement", "clause", "severity") or not isinstance(value, str):
                continue
            if key in TAG_KEYS:
                try:
                    Tags.model_validate({key: value})
                except ValidationError:
                    self.lose(
                        doc.at("metadata", "labels", key),
                        STANDARD,
                        "labels",
                        say(N_("{key}: {value} is not a servcheck tag value"), key=key, value=repr(value)),
                    )
                    continue
            else:
                values = self.tag_sets.setdefault(key, [])
                if value not in values:
                    values.append(value)
            tags[key] = value
        return tags

    def metadata_losses(self, doc: _Doc, rid: str, labels: dict[str, Any], annotations: dict[str, Any]) -> None:
        for key, value in labels.items():
            if not isinstance(value, str):
                self.lose(
                    doc.at("metadata", "labels", key),
                    rid,
                    "labels",
                    say(N_("{key}: a list of values is not a servcheck tag"), key=key),
                )
            elif key == "severity" and value not in SEVERITIES:
                self.lose(
                    doc.at("metadata", "labels", key),
                    rid,
                    "severity",
                    say(
                        N_("{value}: servcheck's are {severities}"), value=repr(value), severities=", ".join(SEVERITIES)
                    ),
                )
        for key in annotations:
            if not key.startswith(ANNOTATION):
                self.lose(
                    doc.at("metadata", "annotations", key),
                    rid,
                    "annotations",
                    say(N_("{key}: no servcheck equivalent"), key=key),
                )

    def servcheck_sources(
        self, sli: dict[str, Any], sli_at: Any, rid: str, summary: Said
    ) -> tuple[str, dict[str, Any], dict[str, Any]] | None:
        """(numerator side, its spec, the total's spec) of a ratio of servcheck metric sources, or None
        (listed, with the SLO's objectives and window) when the SLI is measured some other way."""
        ratio = sli.get("ratioMetric")
        if ratio is None:
            message = say(
                N_(
                    "a threshold metric has no servcheck rule; "
                    "clause drafted without a requirement ({slo} not imported)"
                ),
                slo=summary,
            )
            self.lose(sli_at("thresholdMetric"), rid, "requirement", message)
            return None
        if "raw" in ratio:
            message = say(
                N_(
                    "a precomputed ratio has no servcheck rule; "
                    "clause drafted without a requirement ({slo} not imported)"
                ),
                slo=summary,
            )
            self.lose(sli_at("ratioMetric", "raw"), rid, "requirement", message)
            return None
        side = "good" if "good" in ratio else "bad"
        sources = {key: ratio[key]["metricSource"] for key in (side, "total")}
        foreign = [key for key, source in sources.items() if source.get("type") != "servcheck"]
        if foreign:
            kinds = ", ".join(
                sorted({str(sources[k].get("type") or sources[k].get("metricSourceRef")) for k in foreign})
            )
            message = say(
                N_(
                    "metric source {kinds} has no servcheck rule; "
                    "clause drafted without a requirement ({slo} not imported)"
                ),
                kinds=kinds,
                slo=summary,
            )
            self.lose(sli_at("ratioMetric", foreign[0], "metricSource"), rid, "requirement", message)
            return None
        if ratio.get("counter"):
            self.lose(
                sli_at("ratioMetric", "counter"),
                rid,
                "counter",
                say(N_("servcheck counts records, not a counter's increase")),
            )
        for key, source in sources.items():
            if "metricSourceRef" in source:
                self.lose(
                    sli_at("ratioMetric", key, "metricSource", "metricSourceRef"),
                    rid,
                    "metricSourceRef",
                    say(N_("servcheck reads a dataset mapping, not a DataSource")),
                )
        return side, sources[side]["spec"], sources["total"]["spec"]

    def requirement_base(self, spec: dict[str, Any], location: Location, rid: str) -> dict[str, Any] | None:
        """rule, params and where from a servcheck metric source, checked (SC118 when malformed)."""
        rule, params, where = spec.get("rule"), spec.get("params", {}), spec.get("where")
        scalar = (str, int, float, bool)
        if not isinstance(rule, str) or not rule:
            self.refuse(location, say(N_("a servcheck metric source names its rule (spec.rule)")))
            return None
        if not isinstance(params, dict) or not all(isinstance(v, scalar) for v in params.values()):
            self.refuse(location, say(N_("a servcheck metric source's params are a mapping of plain values")))
            return None
        if where is not None and not isinstance(where, str):
            self.refuse(location, say(N_("a servcheck metric source's where is a filter expression (text)")))
            return None
        cadence = spec.get("ring_cadence")
        if isinstance(cadence, str):
            if self.cadences and cadence not in self.cadences:
                self.lose(
                    location,
                    rid,
                    "ring_cadence",
                    say(
                        N_("{cadence}: the standard keeps one ring cadence ({kept})"),
                        cadence=cadence,
                        kept=next(iter(self.cadences)),
                    ),
                )
            self.cadences.setdefault(cadence, location)
        base: dict[str, Any] = {"rule": rule}
        if params:
            base["params"] = dict(params)
        if where:
            base["where"] = where
        return base

    def period(self, doc: _Doc, rid: str) -> tuple[str, bool]:
        """The requirement's period from the SLO's time window, and whether the window said nothing lost."""
        windows = doc.data["spec"].get("timeWindow")
        if not windows:
            return "none", True
        window, where = windows[0], doc.at("spec", "timeWindow", 0)
        if window.get("isRolling"):
            self.lose(
                where,
                rid,
                "timeWindow",
                say(
                    N_("rolling {duration} window: servcheck judges the period given to the audit"),
                    duration=window["duration"],
                ),
            )
            return "none", False
        period = WINDOW_PERIOD.get(window["duration"])
        calendar = window.get("calendar", {})
        if period is None:
            self.lose(
                where,
                rid,
                "timeWindow",
                say(
                    N_("calendar window of {duration}: not a servcheck period; judged over the audit period"),
                    duration=window["duration"],
                ),
            )
            return "none", False
        start, zone = calendar.get("startTime"), calendar.get("timeZone")
        message = say(
            N_("calendar from {start} in {zone}: servcheck's periods are the calendar's in the dataset's zone"),
            start=start,
            zone=zone,
        )
        self.lose(where, rid, "timeWindow", message)
        return period, True

    def slice_period(self, window: str | float) -> str | None:
        if isinstance(window, int | float) and not isinstance(window, bool):
            minutes = Fraction(window)
            return MINUTE_PERIODS.get(int(minutes)) if minutes.denominator == 1 else None
        period = WINDOW_PERIOD.get(str(window))
        return period if period in ("15min", "30min", "hour", "day") else None


def _summary(spec: dict[str, Any]) -> Said:
    """The objectives and window of an SLO in a few words, for the loss of one not imported.

    >>> str(_summary({"objectives": [{"targetPercent": 99.5}], "timeWindow": [{"duration": "28d", "isRolling": True}],
    ...           "budgetingMethod": "Occurrences"}))
    'Occurrences objective 99.5%, rolling 28d window'
    """
    targets = [
        f"{o['targetPercent']}%" if "targetPercent" in o else f"{o['target']}" for o in spec.get("objectives", [])
    ]
    windows = tuple(
        say(N_(", rolling {duration} window"), duration=window.get("duration"))
        if window.get("isRolling")
        else say(N_(", calendar {duration} window"), duration=window.get("duration"))
        for window in spec.get("timeWindow") or []
    )
    return say(
        N_("{method} objective {targets}{windows}"),
        method=spec.get("budgetingMethod"),
        targets=", ".join(targets),
        windows=windows,
    )


def import_documents(paths: list[Path], lang: str = "en") -> Draft:
    """Read OpenSLO files (multi-document YAML) as one draft standard; SC118 (exit 3) when malformed."""
    return _Importer(lang).run(paths)


def draft_yaml(draft: Draft, sources: list[str]) -> str:
    """The draft as a YAML file, with a header saying where it came from and what to do next."""
    header = (
        "# yaml-language-server: $schema=../schemas/standard.schema.json\n"
        f"# Drafted by `servcheck openslo import` from {', '.join(sources)}.\n"
        "# A draft: review the texts, give clauses without requirements a rule, then `servcheck lint`.\n"
    )
    return header + yaml.safe_dump(draft.standard, sort_keys=False, allow_unicode=True, width=120)
