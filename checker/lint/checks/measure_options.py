"""A rule's ``options`` are the options of its measure, with values of the right type.

Why: ``options`` is read by the measure only when an audit runs; a misspelt key ("condtion") or a
missing one used to pass lint and stop the audit. Each measure declares its options as a model
(``checker/measures/options``; the rules JSON Schema carries the same models, so editors complete
them), and this check validates every rule against it, at the offending key, with a did-you-mean.
For timer and follow-up rules used by a requirement it also resolves the goals (``within`` naming
a duration parameter, "next business day 16:00"…) and a ``calendar: ":param"`` with that
requirement's parameters, as the audit would.

PASS:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: share
    table: calls
    fields: [wait, outcome]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
    options:
      base: "outcome = 'answered'"
      condition: "wait <= :threshold"
```

FAIL:

```yaml
kind: rules
rules:
  - id: contact.answered-within
    title: {en: Calls answered within a time}
    definition: {en: Share of answered calls answered within the threshold.}
    measure: share
    table: calls
    fields: [wait, outcome]
    unit: percent
    parameters:
      threshold: {type: duration, default: 20s}
    options:
      base: "outcome = 'answered'"
      condtion: "wait <= :threshold"
```
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError

from checker import codes
from checker.diagnostics import Location, Severity
from checker.i18n import Speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.lint.expression_scope import written
from checker.load.documents import Document
from checker.load.library import RuleEntry
from checker.measures.options import options_model
from checker.model.cadence import ring_cadence
from checker.model.params import resolve_params
from checker.model.rule import Rule

CODE = codes.MEASURE_OPTIONS
SEVERITY = Severity.ERROR

OptionPath = tuple[str | int, ...]


def run(context: LintContext) -> Iterator[Finding]:
    parsed: dict[str, BaseModel] = {}
    speak = context.speaker()
    for document in context.library.of_kind("rules"):
        for i, rule in enumerate(document.model.rules):
            model = options_model(rule.measure)
            if model is None:
                continue
            try:
                parsed[rule.id] = model.model_validate(dict(rule.options))
            except ValidationError as err:
                yield from _option_errors(document, ("rules", i), rule, model, err, speak)
    yield from _goal_errors(context, parsed)


def _option_errors(
    document: Document, path: OptionPath, rule: Rule, model: type[BaseModel], err: ValidationError, speak: Speaker
) -> Iterator[Finding]:
    options_path = (*path, "options")
    errors = err.errors()
    misspelt = {tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"}
    for error in errors:
        loc: OptionPath = tuple(error["loc"])
        if error["type"] == "missing" and _spelt_wrong(loc, misspelt):
            continue  # the misspelt key's did-you-mean says it
        where = "/".join(map(str, loc))
        if error["type"] == "extra_forbidden":
            known = _keys_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            hint = (
                speak._("did you mean {word!r}?", word=close[0])
                if close
                else speak._(
                    "{measure} options: {options}", measure=rule.measure, options=", ".join(known) or speak._("none")
                )
            )
            yield Finding(
                document.key_at((*options_path, *loc)),
                speak._(
                    "rule {rule!r}: measure {measure!r} has no option {option!r}",
                    rule=rule.id,
                    measure=rule.measure,
                    option=where,
                ),
                hint,
            )
        elif error["type"] == "missing":
            yield Finding(
                _nearest(document, options_path, loc[:-1]),
                speak._(
                    "rule {rule!r}: measure {measure!r} needs option {option!r}",
                    rule=rule.id,
                    measure=rule.measure,
                    option=where,
                ),
                speak._(
                    "{measure} options: {options}", measure=rule.measure, options=", ".join(_keys_at(model, loc[:-1]))
                ),
            )
        else:
            message = error["msg"].removeprefix("Value error, ")
            yield Finding(
                _nearest(document, options_path, loc),
                speak._(
                    "rule {rule!r} options{where}: {message}",
                    rule=rule.id,
                    where="/" + where if where else "",
                    message=message,
                ),
                speak._(
                    "see the {measure} measure's options (servcheck schema, rules.schema.json)", measure=rule.measure
                ),
            )


def _spelt_wrong(missing: OptionPath, extra: set[OptionPath]) -> bool:
    """Whether a missing option was written under a close spelling (``condtion`` for ``condition``)."""
    beside = [str(loc[-1]) for loc in extra if loc[:-1] == missing[:-1]]
    return bool(difflib.get_close_matches(str(missing[-1]), beside, n=1, cutoff=0.6))


def _nearest(document: Document, options_path: OptionPath, loc: OptionPath) -> Location:
    """The option's value when it is written, else the ``options`` key, else the rule's measure."""
    if options_path[-1:] == ("options",) and not written(document.raw, options_path):
        return document.at((*options_path[:-1], "measure"))
    return document.at((*options_path, *loc))


def _keys_at(model: type[BaseModel], loc: OptionPath) -> list[str]:
    """The option names allowed at ``loc`` (nested models such as ``goals/0`` or ``record``)."""
    current: object = model
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or step not in current.model_fields:
            return []
        current = _inner_model(current.model_fields[step].annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return sorted(current.model_fields)
    return []


def _inner_model(annotation: object) -> object:
    """``list[GoalSpec]`` / ``RecordFields | None`` → the model inside, else the annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def _goal_errors(context: LintContext, parsed: dict[str, BaseModel]) -> Iterator[Finding]:
    """Timer and follow-up goals and calendars, resolved with each requirement's parameters."""
    from checker.measures.case_goals import GoalErrors, GoalSpec, resolve_goals

    for _document, standard in context.standards():
        speak = context.speaker(standard)
        cadence, _source = ring_cadence(standard)
        for _path, _clause, requirement in standard.requirements():
            entry = context.rule(requirement.rule)
            options = parsed.get(requirement.rule)
            if entry is None or options is None or entry.rule.measure not in ("timer", "follow-up"):
                continue
            values, problems = resolve_params(entry.rule, dict(requirement.params), cadence)
            if problems:
                continue  # rule-parameters reports them
            if entry.rule.measure == "timer":
                goals, at = options.goals, ()  # type: ignore[attr-defined]
            else:
                goals, at = [GoalSpec(within=options.within)], None  # type: ignore[attr-defined]
            try:
                resolve_goals(goals, values, None)
            except GoalErrors as errors:
                for error in errors.errors:
                    inside = error.path if at is not None else ("within",)
                    yield Finding(
                        _option_at(entry, inside),
                        speak._(
                            "rule {rule!r} options/{option}: {error} (requirement {id!r})",
                            rule=entry.rule.id,
                            option="/".join(map(str, inside)),
                            error=error,
                            id=requirement.id,
                        ),
                        speak._('write e.g. "4 business hours", "3 business days" or ":name" of a duration parameter'),
                    )
            known = _calendars(context, standard)
            calendar = options.calendar  # type: ignore[attr-defined]
            yield from _calendar(entry, calendar, values, requirement.id, known, speak)


def _calendars(context: LintContext, standard: object) -> set[str] | None:
    """Calendar names in force as the audit finds them, or None when no dataset is loaded (a
    dataset may name calendars of its own)."""
    datasets = context.library.of_kind("dataset")
    if not datasets:
        return None
    names = {"24x7", *standard.settings.calendars}  # type: ignore[attr-defined]
    names.update(doc.model.id for doc in context.library.of_kind("calendar") if doc.model.id)
    for document in datasets:
        names.update(document.model.calendars)
    return names


def _calendar(
    entry: RuleEntry, calendar: str, values: dict, requirement_id: str, known: set[str] | None, speak: Speaker
) -> Iterator[Finding]:
    name = calendar
    if calendar.startswith(":"):
        value = values.get(calendar[1:])
        if not isinstance(value, str):
            declared = [n for n, spec in entry.rule.parameters.items() if spec.type in ("text", "enum")]
            yield Finding(
                _option_at(entry, ("calendar",)),
                speak._(
                    "rule {rule!r}: calendar {calendar!r} must name a text parameter of the rule (requirement {id!r})",
                    rule=entry.rule.id,
                    calendar=calendar,
                    id=requirement_id,
                ),
                speak._("text parameters: {names}", names=", ".join(":" + n for n in declared) or speak._("none")),
            )
            return
        name = value
    if known is not None and name not in known:
        yield Finding(
            _option_at(entry, ("calendar",)),
            speak._(
                "rule {rule!r}: no calendar {name!r} (requirement {id!r})",
                rule=entry.rule.id,
                name=name,
                id=requirement_id,
            ),
            speak._("calendars in force: {names}", names=", ".join(sorted(known))),
        )


def _option_at(entry: RuleEntry, inside: OptionPath) -> Location:
    return entry.document.at((*entry.path, "options", *inside))
