"""A standard's measurable requirements as OpenSLO v1 documents: one Service, and an SLI and an SLO per
requirement a ratio can state; everything else listed as a :class:`~checker.openslo.losses.Loss`.

The mapping (docs/openslo.md has the table):

* the standard → ``kind: Service`` (id, title, scope; version and status as labels);
* a requirement whose rule measures a share or a rate → ``kind: SLI`` with a ``ratioMetric`` whose
  numerator (``good`` for a ``>=`` target, ``bad`` for ``<=``) and ``total`` are metric sources of
  ``type: servcheck``: the rule, measure, table, the requirement's params and ``where``, what is
  counted, and for filter measures the filter itself, so the figure is reproducible; and ``kind:
  SLO`` with ``budgetingMethod: Occurrences`` and the target as a fraction;
* ``period: month`` (day, week…) → a calendar-aligned ``timeWindow`` of that length; no period →
  no window (servcheck judges the audit period it is given), or ``--rolling`` when asked;
* ``intervals`` (80/20 in 90% of half-hours) → ``budgetingMethod: Timeslices``: the requirement's
  target is ``timeSliceTarget``, the period ``timeSliceWindow``, the share of intervals ``target``;
* severity, clause number, requirement id and the clause's tags → labels.

Not expressible, listed (stderr and ``metadata.annotations``): warn bands, grouping and expected
groups, minimum samples other than the default, owners and corrective actions, strict or 100%
targets, mean/percentile/score targets, qualitative and informative clauses, texts in other
languages, terms, references, calendars and dates.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from importlib import resources
from typing import Any

import yaml

from checker.i18n import N_, Speaker, speaker
from checker.load.documents import Document
from checker.model.common import Text
from checker.model.quantity import QuantityError, Rings, parse_quantity
from checker.model.rule import Rule
from checker.model.standard import Clause, Requirement, Standard
from checker.openslo.inputs import ExportInputs
from checker.openslo.losses import STANDARD, Loss, Said, say
from checker.openslo.mapping import PERIOD_WINDOW, number, period_start, rate_base, ratio_target

API_VERSION = "openslo/v1"
ANNOTATION = "servcheck.example/"
"""Prefix of servcheck's annotations: a DNS name under ``.example`` (RFC 2606), so it can clash
with no one's; the OpenSLO spec reserves ``openslo.com/``."""
NOT_EXPORTED = ANNOTATION + "not-exported-"
DEFAULT_MIN_SAMPLE = Requirement.model_fields["min_sample"].default
DESCRIPTION_LIMIT = 1050
LABEL_VALUE_LIMIT = 63
DEFAULT_TIMEZONE = "Etc/UTC"
TAG_KEYS = ("category", "tier", "level", "element", "servqual")


@dataclass(frozen=True)
class ExportOptions:
    """``lang``: the language of titles and texts (default: English when the standard has it);
    ``timezone``: IANA zone of calendar windows (the dataset's, for the audit); ``start``: a day the
    calendar windows are aligned to (default: the standard's effective or issue date); ``rolling``:
    a rolling window (``28d``) for requirements judged over the whole audit period."""

    lang: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    start: dt.date | None = None
    rolling: str | None = None


@dataclass
class Export:
    """The documents in output order (Service, then SLI and SLO per requirement) and what was lost."""

    documents: list[dict[str, Any]] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    lang: str = "en"
    """The language of the texts exported, and of what is said about the export."""


@cache
def counts() -> dict[str, dict[str, str]]:
    """What each measure counts (``counts.yaml`` beside this module); a measure missing there has no ratio."""
    text = resources.files("checker.openslo").joinpath("counts.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def openslo_name(identifier: str) -> str:
    """An OpenSLO object name for a servcheck id (``_`` is not allowed there).

    >>> openslo_name("answered_by_2nd-ring")
    'answered-by-2nd-ring'
    """
    return identifier.replace("_", "-")


def _cut(text: str, limit: int = DESCRIPTION_LIMIT) -> tuple[str, bool]:
    return (text, False) if len(text) <= limit else (text[: limit - 1] + "…", True)


def _label_ok(value: str) -> bool:
    """Whether ``value`` may be an OpenSLO label value (63 characters of letters, digits, ``-_.``)."""
    return len(value) <= LABEL_VALUE_LIMIT and re.fullmatch(r"[a-z0-9A-Z][a-z0-9A-Z._-]*", value) is not None


class _Exporter:
    """One export: the standard's document, its rules and the options; collects documents and losses."""

    def __init__(self, inputs: ExportInputs, options: ExportOptions):
        self.doc: Document = inputs.standard
        self.standard: Standard = inputs.standard.model
        self.rules = inputs.rules
        self.options = options
        languages = self.standard.languages
        self.lang = options.lang or ("en" if "en" in languages else languages[0])
        self.service = openslo_name(self.standard.id)
        self.result = Export(lang=self.lang)

    # --- helpers -------------------------------------------------------------------------------
    def lose(self, path: tuple[str | int, ...], requirement: str, what: str, message: Said) -> None:
        self.result.losses.append(Loss(self.doc.at(path), requirement, what, message))

    def text(self, value: Text | None) -> str | None:
        return value.get(self.lang) if value is not None else None

    def calendar_start(self, period: str) -> str:
        anchor = self.options.start or dt.date.fromisoformat(
            self.standard.effective or self.standard.issued or "2000-01-01"
        )
        return period_start(period, anchor).strftime("%Y-%m-%d %H:%M:%S")

    def window(self, period: str) -> list[dict[str, Any]] | None:
        if period != "none":
            calendar = {"startTime": self.calendar_start(period), "timeZone": self.options.timezone}
            return [{"duration": PERIOD_WINDOW[period], "calendar": calendar, "isRolling": False}]
        if self.options.rolling:
            return [{"duration": self.options.rolling, "isRolling": True}]
        return None

    # --- the standard ----------------------------------------------------------------------------
    def run(self) -> Export:
        self.result.documents.append(self.service_document())
        self.standard_losses()
        for path, clause in self.standard.walk():
            for j, requirement in enumerate(clause.requirements):
                self.requirement((*path, "requirements", j), clause, requirement)
        notes = sorted(loss for loss in self.result.losses if loss.requirement == STANDARD)
        service = self.result.documents[0]["metadata"]
        if notes:
            service["annotations"] = {f"{NOT_EXPORTED}{i}": f"{n.field}: {n.message}" for i, n in enumerate(notes, 1)}
        return self.result

    def service_document(self) -> dict[str, Any]:
        standard = self.standard
        metadata: dict[str, Any] = {"name": self.service, "displayName": self.text(standard.title)}
        labels = {"version": standard.version, "status": standard.status}
        metadata["labels"] = {k: v for k, v in labels.items() if _label_ok(v)}
        spec: dict[str, Any] = {}
        scope = self.text(standard.scope)
        if scope:
            spec["description"], cut = _cut(scope)
            if cut:
                self.lose(("scope",), STANDARD, "scope", say(N_("cut to {n} characters"), n=DESCRIPTION_LIMIT))
        return {"apiVersion": API_VERSION, "kind": "Service", "metadata": metadata, "spec": spec}

    def standard_losses(self) -> None:
        standard = self.standard
        others = [lang for lang in standard.languages if lang != self.lang]
        if others:
            self.lose(
                ("languages",),
                STANDARD,
                "languages",
                say(
                    N_("texts in {languages} are not exported (--lang {lang})"),
                    languages=", ".join(others),
                    lang=self.lang,
                ),
            )
        informative = [c.number for _, c in standard.walk() if c.kind == "informative"]
        if informative:
            self.lose(
                ("clauses",),
                STANDARD,
                "clause",
                say(N_("clauses marked informative ({clauses}): text only, no SLO"), clauses=", ".join(informative)),
            )
        for path, clause in standard.walk():
            if clause.kind == "qualitative":
                message = (
                    say(
                        N_(
                            "clause {clause} is qualitative (reviewed by checklist item {item}): no OpenSLO counterpart"
                        ),
                        clause=clause.number,
                        item=clause.reviewed_by.item,
                    )
                    if clause.reviewed_by
                    else say(
                        N_("clause {clause} is qualitative (judged by review): no OpenSLO counterpart"),
                        clause=clause.number,
                    )
                )
                self.lose(path, STANDARD, "clause", message)
        features = {
            "terms": N_("the standard's terms (count: {n}): no OpenSLO field"),
            "references": N_("the standard's references (count: {n}): no OpenSLO field"),
            "tag_sets": N_("the standard's tag sets (count: {n}): no OpenSLO field"),
        }
        for key, template in features.items():
            if getattr(standard, key):
                self.lose((key,), STANDARD, key, say(template, n=len(getattr(standard, key))))
        if standard.settings.calendars:
            names = ", ".join(sorted(standard.settings.calendars))
            self.lose(
                ("settings", "calendars"),
                STANDARD,
                "calendars",
                say(N_("business calendars ({names}): no OpenSLO field"), names=names),
            )
        dates = [key for key in ("issued", "effective", "review_by") if getattr(standard, key)]
        if dates:
            self.lose(
                (dates[0],), STANDARD, "dates", say(N_("dates ({dates}): no OpenSLO field"), dates=", ".join(dates))
            )

    # --- one requirement -------------------------------------------------------------------------
    def requirement(self, path: tuple[str | int, ...], clause: Clause, requirement: Requirement) -> None:
        rule = self.rules[requirement.rule]
        rid = requirement.id
        ratio = ratio_target(requirement.target) if rule.unit in ("percent", "rate") else None
        if ratio is None or rule.measure not in counts():
            why = say(
                N_(
                    "{measure} target {target} is not a share of good records "
                    "(a mean, percentile, score or exact value): OpenSLO ratio objectives cannot state it"
                ),
                measure=rule.measure,
                target=repr(requirement.target),
            )
            self.lose((*path, "target"), rid, "requirement", why)
            return
        for message in ratio.lost:
            self.lose((*path, "target"), rid, "target", message)
        self.requirement_losses(path, requirement)
        name = openslo_name(rid)
        self.result.documents.append(self.sli(name, rule, requirement, ratio.side))
        self.result.documents.append(self.slo(path, name, clause, requirement, ratio.target))

    def requirement_losses(self, path: tuple[str | int, ...], requirement: Requirement) -> None:
        rid = requirement.id
        if requirement.warn:
            self.lose(
                (*path, "warn"),
                rid,
                "warn",
                say(N_("warn band {warn}: an OpenSLO objective has one target"), warn=requirement.warn),
            )
        if requirement.group_by:
            groups = ", ".join(requirement.group_by)
            self.lose(
                (*path, "group_by"),
                rid,
                "group_by",
                say(N_("judged per {groups}: an OpenSLO SLO is one series"), groups=groups),
            )
        if requirement.expect_groups:
            self.lose(
                (*path, "expect_groups"), rid, "expect_groups", say(N_("expected groups (not-assessed when missing)"))
            )
        if requirement.small_groups != "block":
            self.lose(
                (*path, "small_groups"),
                rid,
                "small_groups",
                say(N_("small groups {policy}"), policy=requirement.small_groups),
            )
        if requirement.min_sample != DEFAULT_MIN_SAMPLE:
            message = say(
                N_("min_sample {n}: fewer records are insufficient-data, which OpenSLO cannot say"),
                n=requirement.min_sample,
            )
            self.lose((*path, "min_sample"), rid, "min_sample", message)
        if requirement.owner:
            self.lose((*path, "owner"), rid, "owner", say(N_("owner {owner}"), owner=repr(requirement.owner)))
        if requirement.corrective_action:
            self.lose((*path, "corrective_action"), rid, "corrective_action", say(N_("corrective action and due date")))
        if requirement.title:
            self.lose((*path, "title"), rid, "title", say(N_("requirement title (the SLO shows the clause title)")))
        if requirement.intervals and requirement.intervals.insufficient != "exclude":
            message = say(
                N_("intervals below min_sample count as {insufficient}"),
                insufficient=requirement.intervals.insufficient,
            )
            self.lose((*path, "intervals", "insufficient"), rid, "intervals", message)

    def sli(self, name: str, rule: Rule, requirement: Requirement, side: str) -> dict[str, Any]:
        hits, base = self.filters(rule, requirement)
        described = counts()[rule.measure]
        partner = rule.options.get("partner") if rule.measure == "cross-rate" else None
        numerator = self.source(rule, requirement, rule.table, described["hits"], hits)
        total = self.source(rule, requirement, partner or rule.table, described["base"], base)
        per = rate_base(requirement.target)
        if per:
            total["spec"]["per"] = per
        metadata = {"name": name, "displayName": self.text(rule.title)}
        spec: dict[str, Any] = {"description": _cut(self.text(rule.definition) or "")[0]}
        spec["ratioMetric"] = {"counter": False, side: {"metricSource": numerator}, "total": {"metricSource": total}}
        return {"apiVersion": API_VERSION, "kind": "SLI", "metadata": metadata, "spec": spec}

    def source(
        self, rule: Rule, requirement: Requirement, table: str, counted: str, filter_: str | None
    ) -> dict[str, Any]:
        """A ``type: servcheck`` metric source: enough to recompute the count with servcheck."""
        spec: dict[str, Any] = {"rule": rule.id, "measure": rule.measure, "table": table}
        if requirement.params:
            spec["params"] = dict(requirement.params)
        cadence = self.standard.settings.ring_cadence
        if cadence and any(_is_rings(v) for v in requirement.params.values()):
            spec["ring_cadence"] = cadence
        if requirement.where:
            spec["where"] = requirement.where
        spec["counts"] = counted
        if filter_:
            spec["filter"] = filter_
        return {"type": "servcheck", "spec": spec}

    def filters(self, rule: Rule, requirement: Requirement) -> tuple[str | None, str | None]:
        """The hits and base filters of the filter measures (``:name`` stands for a parameter's value)."""
        options = rule.options
        if rule.measure in ("share", "rate"):
            base = options.get("base" if rule.measure == "share" else "denominator")
            hit = options.get("condition" if rule.measure == "share" else "numerator")
            return (f"({base}) and ({hit})" if base else hit), base
        if rule.measure == "service-level":
            outcome, wait = options.get("outcome", "outcome"), options.get("wait", "wait")
            policy = requirement.params.get("abandon_policy", rule.parameters["abandon_policy"].default)
            answered = f"{outcome} = 'answered'"
            base = (
                answered
                if policy == "ignored"
                else f"{answered} or ({outcome} = 'abandoned' and {wait} >= :short_abandon)"
            )
            hit = f"{answered} and {wait} <= :threshold"
            if policy == "positive":
                hit = f"({answered} or {outcome} = 'abandoned') and {wait} <= :threshold"
            return f"({base}) and ({hit})", base
        return None, None

    def slo(
        self, path: tuple[str | int, ...], name: str, clause: Clause, requirement: Requirement, good: Fraction
    ) -> dict[str, Any]:
        labels: dict[str, str] = {
            "requirement": requirement.id,
            "clause": clause.number,
            "severity": requirement.severity,
        }
        tags = clause.tags.model_dump(exclude_none=True) if clause.tags else {}
        for key, value in tags.items():
            if _label_ok(str(value)):
                labels[key] = str(value)
            else:
                self.lose(
                    (*path, "tags"),
                    requirement.id,
                    "tags",
                    say(N_("tag {key}: {value} is not a label value"), key=key, value=repr(value)),
                )
        metadata: dict[str, Any] = {"name": name, "displayName": self.text(clause.title) or f"clause {clause.number}"}
        metadata["labels"] = labels
        spec: dict[str, Any] = {}
        text, cut = _cut(self.text(clause.text) or "")
        if text:
            spec["description"] = text
        if cut:
            self.lose(
                (*path[:-2], "text"),
                STANDARD,
                "clause",
                say(N_("clause {clause} text cut to {n} characters"), clause=clause.number, n=DESCRIPTION_LIMIT),
            )
        spec["service"] = self.service
        spec["indicatorRef"] = name
        intervals = requirement.intervals
        window = self.window("none" if intervals else requirement.period)
        if window:
            spec["timeWindow"] = window
        objective: dict[str, Any] = {"displayName": requirement.target}
        if intervals:
            share = ratio_target(intervals.target)
            assert share is not None  # an interval target is a share (the model checks it)
            for message in share.lost:
                self.lose((*path, "intervals", "target"), requirement.id, "intervals", message)
            exact = ratio_target(requirement.target, cap=False)
            assert exact is not None
            spec["budgetingMethod"] = "Timeslices"
            objective["displayName"] = f"{requirement.target} in {intervals.target} of {requirement.period} intervals"
            objective.update(
                target=number(share.target),
                timeSliceTarget=number(exact.target),
                timeSliceWindow=PERIOD_WINDOW[requirement.period],
            )
        else:
            spec["budgetingMethod"] = "Occurrences"
            objective["target"] = number(good)
        spec["objectives"] = [objective]
        mine = sorted(loss for loss in self.result.losses if loss.requirement == requirement.id)
        if mine:
            metadata["annotations"] = {f"{NOT_EXPORTED}{i}": f"{n.field}: {n.message}" for i, n in enumerate(mine, 1)}
        return {"apiVersion": API_VERSION, "kind": "SLO", "metadata": metadata, "spec": spec}


def _is_rings(value: object) -> bool:
    try:
        return isinstance(parse_quantity(value), Rings)
    except QuantityError:
        return False


def export_standard(inputs: ExportInputs, options: ExportOptions | None = None) -> Export:
    """The OpenSLO documents of a loaded, lint-clean standard, and what they could not carry."""
    return _Exporter(inputs, options or ExportOptions()).run()


def dump(documents: list[dict[str, Any]]) -> str:
    """Multi-document YAML, keys in the order written, deterministic."""
    return yaml.safe_dump_all(documents, sort_keys=False, allow_unicode=True, width=120, explicit_start=True)


def render_losses(losses: list[Loss], speak: Speaker | None = None, imported: bool = False) -> list[str]:
    """One line per loss, sorted by place in the file, in ``speak``'s language (default English)."""
    return [loss.render(speak or speaker("en"), imported) for loss in sorted(losses)]


def export_summary(speak: Speaker, slos: int, losses: int) -> str:
    """The closing line of an export on standard error.

    >>> from checker.i18n import speaker
    >>> export_summary(speaker("en"), 11, 1)
    'SLOs exported: 11; features not exported: 1 (listed above)'
    """
    return speak._("SLOs exported: {slos}; features not exported: {losses} (listed above)", slos=slos, losses=losses)


def import_summary(speak: Speaker, clauses: int, requirements: int, losses: int) -> str:
    """The closing line of an import on standard error."""
    return speak._(
        "drafted: clauses {clauses}, requirements {requirements}; features not imported: {losses} (listed above)",
        clauses=clauses,
        requirements=requirements,
        losses=losses,
    )
