"""Every measure has the one shape, and a measure's plan is data that can be read without a database.

Why these checks: the engine redesign moves all data access into a backend. A measure that
imports DuckDB, calls ``.execute(`` or pastes SQL with an f-string would quietly bring the old
coupling back, so the source is searched for those patterns (the same regular expression as
``grep -rnE "duckdb|\\.execute\\(|f\\"(SELECT|CREATE|WITH)" checker/measures``). A plan is then
built for a timer with no connection anywhere and printed step by step.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from sqlglot import exp

from checker.diagnostics import InvalidInput, Location
from checker.measures import case_path, follow_up, registry, timer
from checker.measures.base import NoteQuery, Options, PlanContext
from checker.measures.options import expression_options, field_options, options_model
from checker.measures.options.models import DECLARED
from checker.model.calendar import Calendar
from checker.model.dataset import Table
from checker.model.params import ParamTyped
from checker.model.quantity import parse_duration

MEASURES = Path(__file__).resolve().parents[2] / "checker" / "measures"
FORBIDDEN = re.compile(r"duckdb|\.execute\(|f\"(SELECT|CREATE|WITH)")


def test_no_measure_touches_a_connection_or_writes_sql_text() -> None:
    hits = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(MEASURES.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert hits == []


def test_the_pattern_would_catch_the_old_style() -> None:
    # the search is only worth something if it matches what it forbids
    assert FORBIDDEN.search('con.execute(f"SELECT * FROM {q(view)}")')
    assert FORBIDDEN.search("import duckdb")
    assert FORBIDDEN.search('query = f"WITH x AS (SELECT 1)"')
    assert not FORBIDDEN.search("exp.select(star()).from_(rel(view))")


def test_every_measure_declares_its_options_once_in_registry_order() -> None:
    assert list(DECLARED) == list(registry.NAMES)
    assert len({declared.model for declared in DECLARED.values()}) == len(DECLARED)


@pytest.mark.parametrize("name", registry.NAMES)
def test_every_registered_measure_has_the_one_shape(name: str) -> None:
    module = registry.module(name)
    assert name == module.NAME
    assert inspect.isclass(module.OPTIONS) and issubclass(module.OPTIONS, Options), f"{name}: OPTIONS"
    # the model is declared where lint reads it without importing the measure (issue 15), and the
    # measure plans with that same model and the same expression and field options
    assert module.OPTIONS.__module__ == "checker.measures.options.models", name
    declared = DECLARED[name]
    assert module.OPTIONS is declared.model is options_model(name), name
    assert getattr(module, "EXPRESSION_OPTIONS", ()) == declared.expressions == expression_options(name), name
    assert getattr(module, "FIELD_OPTIONS", ()) == declared.fields == field_options(name), name
    for path, kind in getattr(module, "EXPRESSION_OPTIONS", ()):
        assert kind in ("predicate", "value") and path[0] in module.OPTIONS.model_fields, (name, path)
    for path, types in getattr(module, "FIELD_OPTIONS", ()):
        assert types and path[0] in module.OPTIONS.model_fields, (name, path)
    doc = module.__doc__ or ""
    assert "PASS" in doc and "FAIL" in doc and "Worked example" in doc, name
    assert list(inspect.signature(module.plan).parameters) == ["ctx"]


EVENTS = Table.model_validate(
    {
        "kind": "events",
        "source": ["tickets.csv"],
        "key": ["ticket"],
        "case": "ticket",
        "activity": "activity",
        "time": "at",
        "fields": {
            "ticket": {"column": "ticket"},
            "at": {"column": "at", "type": "timestamp"},
            "activity": {"column": "activity"},
            "priority": {"column": "priority"},
        },
    }
)
OFFICE = Calendar.model_validate(
    {"timezone": "Europe/Paris", "week": {d: ["09:00-18:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}
)
HERE = Location("rules.yaml", 7, 5)


def context(options: dict, params: dict[str, ParamTyped] | None = None, prefix: str = "_r3") -> PlanContext:
    return PlanContext(
        options=options,
        params=params or {},
        columns=["ticket", "at", "activity", "priority"],
        locate=lambda key: Location("rules.yaml", 7, 5 + len(key)),
        table_name="tickets",
        table=EVENTS,
        view="tickets_view",
        zone="Europe/Paris",
        calendars={"24x7": Calendar.around_the_clock(), "office": OFFICE},
        prefix=prefix,
    )


TIMER = {
    "start": "activity = 'Created'",
    "stop": "activity = 'Resolved'",
    "pause": "activity = 'Waiting'",
    "calendar": "office",
    "goals": [
        {"when": "priority = 'P1'", "within": "4 business hours"},
        {"when": "priority = 'P2'", "within": "2 business days"},
        {"when": "priority = 'P3'", "by": "next business day 16:00"},
        {"within": "48h"},
    ],
}


def test_a_timer_plan_is_named_steps_printable_without_a_connection() -> None:
    plan = timer.plan(context(TIMER))
    names = [s.name for s in plan.steps]
    assert len(names) == len(set(names))
    assert all(n.startswith("_r3_") for n in names)
    # steps deadlines for the business-days and next-day goals only (goals 2 and 3 → _j2, _j3)
    assert [n for n in names if n.startswith("_r3_j")] == ["_r3_j0", "_r3_j2", "_r3_j3"]
    assert plan.relation is not None and plan.relation.name == names[-1] == "_r3_cases"
    assert plan.relation.key == ("ticket",)
    assert plan.relation.fields == ("ticket", "at", "activity", "priority", "_cycle")
    printed = 0
    for step in plan.steps:
        assert sum(x is not None for x in (step.query, step.rows, step.rows_from)) == 1, step.name
        tree = step.query if step.query is not None else step.rows_from.facts if step.rows_from else None
        if tree is not None:
            assert isinstance(tree, exp.Query)
            text = tree.sql("duckdb")
            assert text.startswith(("SELECT", "WITH")), step.name
            printed += 1
    assert printed == len(plan.steps)  # the calendar's rows are sized from a facts query, never at plan time
    queries = [n for n in plan.notes if isinstance(n, NoteQuery)]
    assert len(queries) == 2 and all(q.query.sql("duckdb").startswith("SELECT") for q in queries)


def test_the_calendar_is_sized_by_facts_and_built_in_python() -> None:
    plan = timer.plan(context(TIMER))
    calendar_steps = {s.name: s for s in plan.steps if s.rows_from is not None}
    assert sorted(calendar_steps) == ["_r3_cal_buckets", "_r3_cal_days", "_r3_cal_pieces", "_r3_cal_range"]
    # one scan of the events: the four calendar relations read the same one-row span step, made before them
    names = [s.name for s in plan.steps]
    assert all(s.rows_from.facts.sql("duckdb") == 'SELECT * FROM "_r3_span"' for s in calendar_steps.values())
    assert names.index("_r3_span") < min(names.index(n) for n in calendar_steps)
    facts = {"low": __import__("datetime").datetime(2025, 9, 5, 15, 30), "high": None, "asof": None}
    pieces = calendar_steps["_r3_cal_pieces"].rows_from.build(facts)
    bounds = calendar_steps["_r3_cal_range"].rows_from.build(facts)
    # Paris is UTC+2 in September: 09:00-18:00 local = 07:00-16:00Z; the first piece is the
    # window's first working day, 2025-09-03 (two days before Friday the 5th).
    first = dict(zip([c for c, _ in pieces.columns], pieces.values[0], strict=True))
    assert (first["start_utc"].isoformat(), first["end_utc"].isoformat()) == (
        "2025-09-03T07:00:00",
        "2025-09-03T16:00:00",
    )
    assert first["cum_start"] == 0 and first["cum_end"] == 9 * 3600 * 10**6
    # local 2025-09-03 00:00 in Paris is 2025-09-02 22:00Z
    assert bounds.values[0][0].isoformat() == "2025-09-02T22:00:00"
    # no usable event: nothing to size a calendar on, and no rows rather than a crash
    empty = calendar_steps["_r3_cal_pieces"].rows_from.build({"low": None, "high": None, "asof": None})
    assert empty.values == ()


def test_follow_up_and_case_path_plans_are_named_steps_too() -> None:
    up = follow_up.plan(
        context({"trigger": "activity = 'Complaint'", "response": "activity = 'Call'", "within": "48h"}, prefix="_f1")
    )
    path = case_path.plan(context({"levels": ["L1", "L2"], "no_skip": True}, prefix="_p2"))
    for plan, prefix in ((up, "_f1_"), (path, "_p2_")):
        names = [s.name for s in plan.steps]
        assert len(names) == len(set(names)) and all(n.startswith(prefix) for n in names)
        assert plan.relation is not None and plan.relation.name == names[-1]
        for step in plan.steps:
            if step.query is not None:
                step.query.sql("duckdb")


@pytest.mark.parametrize(
    ("options", "params", "key", "message"),
    [
        ({**TIMER, "calendar": "night-shift"}, {}, "calendar", "no calendar 'night-shift'"),
        ({**TIMER, "calendar": ":cal"}, {"cal": parse_duration("4h")}, "calendar", "must name a text parameter"),
        ({**TIMER, "goals": [{"within": "4"}]}, {}, "goals", "goals/0/within"),
        ({"record": {"start": "opened", "stop": "at"}, "goals": [{"within": "4h"}]}, {}, "record", "'opened'"),
        ({**TIMER, "goals": [{"due": "due_at"}]}, {}, "goals", "due field 'due_at'"),
    ],
)
def test_plan_time_errors_are_located_in_the_rule_options(options: dict, params: dict, key: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        timer.plan(context(options, params))
    (diagnostic,) = caught.value.diagnostics
    assert message in diagnostic.message
    assert diagnostic.location == Location("rules.yaml", 7, 5 + len(key))
