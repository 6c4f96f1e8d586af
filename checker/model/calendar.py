"""Business calendars as data: weekly working hours, holidays and make-up working days, in a zone.

Why a calendar is a document and not code: "respond within 4 business hours" means nothing
until someone says *whose* business hours — a contact centre in Shanghai with 调休 weekend
working days and a help desk in New York with a lunch break count differently. The calendar
states it, the engine (:mod:`checker.engine.calendar`) turns it into UTC working intervals.

Resolution of one local date, in order (documented in ``docs/calendars.md``):

1. a make-up working day (``working_days``) works the hours of its ``hours_of`` weekday;
2. otherwise a holiday (one-off date, inclusive date range, or every-year ``MM-DD``) is closed;
3. otherwise the weekday's hours from ``week`` apply (a weekday not listed is closed).

A date that is both a holiday and a make-up working day is refused with a located error: the
author said two contradictory things and guessing either would silently change every figure.

>>> cal = Calendar.model_validate({"timezone": "Asia/Shanghai",
...     "week": {"mon": ["09:00-12:00", "13:30-18:00"]}, "holidays": ["2025-10-06"]})
>>> cal.hours_on(date(2025, 10, 13))
((32400, 43200), (48600, 64800))
>>> cal.hours_on(date(2025, 10, 6))
()
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from contextlib import suppress
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Discriminator, Field, Tag, ValidationError, field_validator, model_validator

from checker.model.common import Identifier, Strict, Text

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Index ``i`` is Python's ``date.weekday() == i``."""

_SPAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_RANGE = re.compile(rf"^\s*({_ISO_DATE})\s*\.\.\s*({_ISO_DATE})\s*$")
_ONE_DAY = re.compile(rf"^\s*({_ISO_DATE})\s*$")
_MONTH_DAY = re.compile(r"^\s*(\d{2})-(\d{2})\s*$")
HOLIDAY_PATTERN = rf"^\s*({_ISO_DATE}(\s*\.\.\s*{_ISO_DATE})?|\d{{2}}-\d{{2}})\s*$"


def parse_span(text: str) -> tuple[int, int]:
    """``"09:00-12:00"`` → ``(32400, 43200)``: seconds from local midnight, end exclusive.

    ``24:00`` is allowed as an end only, so a whole day is ``"00:00-24:00"``. An interval that
    crosses midnight is refused: write it as two intervals on consecutive weekdays, so each
    working second belongs to exactly one local date (which "same day" rules rely on).
    """
    match = _SPAN.match(text)
    if not match:
        raise ValueError(f'{text!r} is not a working interval; write "HH:MM-HH:MM", e.g. "09:00-18:00"')
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if m1 > 59 or m2 > 59 or h1 > 23 or h2 > 24 or (h2 == 24 and m2 != 0):
        raise ValueError(f"{text!r}: hours are 00-23 (24:00 only as an end) and minutes 00-59")
    start, end = h1 * 3600 + m1 * 60, h2 * 3600 + m2 * 60
    if end <= start:
        raise ValueError(
            f"{text!r} ends before it starts; an interval cannot cross midnight — split a night "
            'shift into "22:00-24:00" on one day and "00:00-06:00" on the next'
        )
    return start, end


def _check_span(text: str) -> str:
    parse_span(text)
    return text


def _check_day_hours(spans: list[str]) -> list[str]:
    """Intervals of one weekday must be in time order and must not overlap (touching is fine)."""
    parsed = [parse_span(s) for s in spans]
    for i in range(1, len(spans)):
        (prev_start, prev_end), (start, _) = parsed[i - 1], parsed[i]
        if start < prev_end:
            what = "comes before" if start < prev_start else "overlaps"
            raise ValueError(
                f"{spans[i]!r} {what} {spans[i - 1]!r}; list a day's intervals in time order without overlap"
            )
    return spans


SpanText = Annotated[str, AfterValidator(_check_span), Field(description='"HH:MM-HH:MM", e.g. "09:00-12:00"')]
DayHours = Annotated[list[SpanText], AfterValidator(_check_day_hours)]


@dataclass(frozen=True)
class HolidayRule:
    """One parsed holiday entry: an inclusive date range, or a month-day recurring every year."""

    text: str
    first: date | None = None
    last: date | None = None
    month_day: tuple[int, int] | None = None

    def covers(self, day: date) -> bool:
        if self.month_day is not None:
            return (day.month, day.day) == self.month_day
        assert self.first is not None and self.last is not None
        return self.first <= day <= self.last


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a calendar date (YYYY-MM-DD)") from None


def parse_holiday(text: str) -> HolidayRule:
    """``"2025-10-01"``, ``"2025-10-01..2025-10-08"`` (inclusive) or ``"12-25"`` (every year)."""
    if match := _ONE_DAY.match(text):
        day = _iso(match.group(1))
        return HolidayRule(text, day, day)
    if match := _RANGE.match(text):
        first, last = _iso(match.group(1)), _iso(match.group(2))
        if last < first:
            raise ValueError(f"{text!r}: the range ends before it starts")
        return HolidayRule(text, first, last)
    if match := _MONTH_DAY.match(text):
        month, day = int(match.group(1)), int(match.group(2))
        try:
            date(2024, month, day)  # a leap year, so "02-29" is accepted
        except ValueError:
            raise ValueError(f"{text!r} is not a month-day (MM-DD)") from None
        return HolidayRule(text, month_day=(month, day))
    raise ValueError(
        f'{text!r} is not a holiday; write "2025-10-01", a range "2025-10-01..2025-10-07" or "12-25" for every year'
    )


def _check_holiday(text: str) -> str:
    parse_holiday(text)
    return text


HolidayText = Annotated[str, AfterValidator(_check_holiday), Field(pattern=HOLIDAY_PATTERN)]

_HOLIDAYS_IN_SCOPE: ContextVar[tuple[HolidayRule, ...]] = ContextVar("holidays_in_scope", default=())
"""The holidays of the calendar being validated, so that a make-up working day that is also a
holiday is reported at *its own* position (pydantic locates item errors, not model errors)."""


class Holiday(Strict):
    """A closed date, date range or every-year month-day, optionally named."""

    date: HolidayText = Field(description='"2025-10-01", "2025-10-01..2025-10-07" (inclusive) or "12-25" (every year)')
    name: Text | None = None

    @property
    def rule(self) -> HolidayRule:
        return parse_holiday(self.date)


@functools.lru_cache(maxsize=1)
def supported_countries() -> dict[str, tuple[str, ...]]:
    """Country code → its subdivision codes, as the installed ``holidays`` library supports them
    (imported only when a calendar names a country: it takes a tenth of a second)."""
    import holidays

    return {country: tuple(subdivs) for country, subdivs in holidays.list_supported_countries().items()}


@functools.lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The country codes (and aliases) the installed ``holidays`` library supports: the keys of
    :func:`supported_countries`, from the library's own registry table.

    Why the table is read rather than imported: importing anything of ``holidays`` runs its package
    (constants, the Islamic and other calendars: 0.04–0.06 s), and every lint of a standard whose
    calendar names a country asks only whether the code is known (issue 15). The registry's
    ``COUNTRIES`` literal is read from the installed library's file, and its codes picked as
    ``EntityLoader.get_country_codes`` picks them; when the file is not a readable literal (another
    layout, a zipped install) the library's registry is imported as before.

    >>> country_codes() == frozenset(supported_countries())
    True
    """
    listed = _registry_countries()
    if listed is not None:
        return frozenset(code for entities in listed.values() for code in entities[1:] if 2 <= len(code) <= 3)
    from holidays.registry import EntityLoader

    return frozenset(EntityLoader.get_country_codes())


def _registry_countries() -> dict[str, tuple[str, ...]] | None:
    """``holidays.registry.COUNTRIES`` (module → class name and codes) read from the installed file
    without importing the package, or None when it cannot be read as a literal."""
    import ast
    import importlib.util
    from pathlib import Path

    try:
        spec = importlib.util.find_spec("holidays")
        folders = spec.submodule_search_locations if spec else None
        if not folders:
            return None
        text = (Path(next(iter(folders))) / "registry.py").read_text(encoding="utf-8")
        start = text.index("\nCOUNTRIES: RegistryDict = {\n") + len("\nCOUNTRIES: RegistryDict = ")
        end = text.index("\n}\n", start) + 2
        table = ast.literal_eval(text[start:end])
    except (OSError, ValueError, SyntaxError, ImportError, UnicodeDecodeError):
        return None
    if not isinstance(table, dict) or not all(
        isinstance(entities, tuple) and all(isinstance(code, str) for code in entities) for entities in table.values()
    ):
        return None
    return table


@functools.lru_cache(maxsize=64)
def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivision codes of one supported country, as :func:`supported_countries` lists them
    (``()`` for a code the library does not know), loading only that country's module."""
    import holidays

    if country not in country_codes():
        return ()
    return tuple(getattr(holidays, country).subdivisions)


@functools.lru_cache(maxsize=64)
def library_days(country: str, subdiv: str | None, years: tuple[int, ...]) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, make-up working days) of a country in ``years``, from the ``holidays`` library.

    Make-up working days are the library's ``weekend_workdays`` (China's 调休 weekend days, e.g.
    Sunday 2024-02-04 before the Spring Festival); a country without them gives none.

    >>> closed, working = library_days("CN", None, (2024,))
    >>> date(2024, 10, 1) in closed, date(2024, 2, 4) in working, date(2024, 2, 4) in closed
    (True, True, False)
    """
    import holidays

    found = holidays.country_holidays(country, subdiv=subdiv, years=years)
    wanted = set(years)
    closed = frozenset(day for day in found if day.year in wanted)
    working = frozenset(day for day in getattr(found, "weekend_workdays", ()) if day.year in wanted) - closed
    return closed, working


class HolidaySource(Strict):
    """A country's public holidays (and make-up working days) from the ``holidays`` library."""

    country: str = Field(description="ISO 3166-1 alpha-2 code the holidays library knows, e.g. 'CN', 'IT'")
    subdiv: str | None = Field(default=None, description="subdivision code as the library names it, e.g. 'MI'")
    name: Text | None = None
    make_up_days: bool = Field(default=True, description="also work the library's make-up working days (调休)")
    hours_of: Weekday = Field(default="mon", description="whose weekday's hours the make-up working days work")

    @field_validator("country")
    @classmethod
    def _known_country(cls, value: str) -> str:
        if value not in country_codes():
            known = supported_countries()
            raise ValueError(
                f"{value!r} is not a country the holidays library knows; choose one of: {', '.join(sorted(known))}"
            )
        return value

    @field_validator("subdiv")
    @classmethod
    def _known_subdiv(cls, value: str | None, info: Any) -> str | None:
        country = info.data.get("country")
        if value is None or country is None:
            return value
        choices = subdivisions(country)
        if value not in choices:
            listed = ", ".join(choices) if choices else "none: leave subdiv out"
            raise ValueError(f"{value!r} is not a subdivision of {country}; choose one of: {listed}")
        return value

    def days(self, years: Iterable[int]) -> tuple[frozenset[date], frozenset[date]]:
        """(holidays, make-up working days) in ``years``."""
        closed, working = library_days(self.country, self.subdiv, tuple(sorted(set(years))))
        return closed, working if self.make_up_days else frozenset()


def _holiday_kind(value: Any) -> str:
    """Which kind of holiday entry ``value`` is; tags start with ``tag:`` so that error locations
    leave them out (:func:`checker.load.documents._pydantic_diagnostics`)."""
    if isinstance(value, HolidaySource) or (isinstance(value, dict) and "country" in value):
        return "tag:country"
    return "tag:date"


HolidayEntry = Annotated[
    Annotated[Holiday, Tag("tag:date")] | Annotated[HolidaySource, Tag("tag:country")],
    Discriminator(_holiday_kind),
]


def _holidays_schema(schema: dict[str, Any]) -> None:
    """JSON Schema: a list of dates, date objects or country entries — or one country entry alone."""
    items = schema.get("items", {})
    schema["items"] = {"anyOf": [{"type": "string"}, items]}
    listed = {k: schema.pop(k) for k in list(schema) if k not in ("title", "description", "default")}
    country = next((o for o in items.get("oneOf", items.get("anyOf", [])) if "HolidaySource" in str(o)), None)
    schema["anyOf"] = [listed, country] if country else [listed]


class WorkingDay(Strict):
    """A make-up working day (调休): a date that works although its weekday is closed."""

    date: str = Field(pattern=rf"^\s*{_ISO_DATE}\s*$", description="the date, YYYY-MM-DD")
    hours_of: Weekday = Field(default="mon", description="whose weekday's hours apply on this date")
    name: Text | None = None

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str) -> str:
        _iso(value.strip())
        return value

    @model_validator(mode="after")
    def _not_a_holiday(self) -> WorkingDay:
        day = self.day
        for rule in _HOLIDAYS_IN_SCOPE.get():
            if rule.covers(day):
                raise ValueError(
                    f"{day.isoformat()} is both a make-up working day and a holiday "
                    f"({rule.text!r}); remove it from one of the two lists"
                )
        return self

    @property
    def day(self) -> date:
        return date.fromisoformat(self.date.strip())


def _text_to_mapping(entries: Any) -> Any:
    """Entries may be written as bare strings; they mean ``{date: <string>}``. A single mapping
    (``holidays: {country: CN}``) is a list of that one entry."""
    if isinstance(entries, dict):
        return [entries]
    if not isinstance(entries, list):
        return entries
    return [{"date": e} if isinstance(e, str) else e for e in entries]


def _unlisted(error: Any) -> Any:
    """A validation error of ``holidays[0]`` as one of ``holidays`` (written as a single mapping)."""
    loc = tuple(error["loc"])
    if loc[:2] == ("holidays", 0):
        loc = ("holidays", *loc[2:])
    return {
        "type": error["type"],
        "loc": loc,
        "input": error["input"],
        **({"ctx": error["ctx"]} if "ctx" in error else {}),
    }


def _strings_allowed(schema: dict[str, Any]) -> None:
    """JSON Schema: each list item is an object *or* the bare date string."""
    schema["items"] = {"anyOf": [{"type": "string"}, schema["items"]]}


def _holiday_rules_from_raw(data: Any) -> tuple[HolidayRule, ...]:
    rules = []
    entries = data.get("holidays") if isinstance(data, dict) else None
    for entry in _text_to_mapping(entries) if isinstance(entries, list) else []:
        text = entry.get("date") if isinstance(entry, dict) else None
        if isinstance(text, str):
            with suppress(ValueError):  # a bad holiday is reported at its own position
                rules.append(parse_holiday(text))
    return tuple(rules)


class Calendar(Strict):
    """A business calendar (``kind: calendar``): when working time runs, in one IANA time zone."""

    kind: Literal["calendar"] = "calendar"
    id: Identifier | None = Field(default=None, description="how requirements refer to it")
    name: Text | None = None
    timezone: str = Field(description="IANA zone of the wall-clock hours, e.g. 'Asia/Shanghai'")
    week: dict[Weekday, DayHours] = Field(
        default_factory=dict,
        description='working intervals per weekday, e.g. {mon: ["09:00-12:00", "13:30-18:00"]}; '
        "a weekday not listed is closed",
    )
    holidays: list[HolidayEntry] = Field(
        default_factory=list,
        description="closed dates, ranges, every-year MM-DD, or {country: CN, subdiv: …} from the holidays library",
        json_schema_extra=_holidays_schema,
    )
    working_days: list[WorkingDay] = Field(
        default_factory=list,
        description="make-up working days; they work the hours of their 'hours_of' weekday",
        json_schema_extra=_strings_allowed,
    )

    @model_validator(mode="wrap")
    @classmethod
    def _validate_with_holidays_in_scope(cls, data: Any, handler: Any) -> Calendar:
        single = isinstance(data, dict) and isinstance(data.get("holidays"), dict)
        if isinstance(data, dict):
            data = {**data}
            for key in ("holidays", "working_days"):
                if key in data:
                    data[key] = _text_to_mapping(data[key])
        token = _HOLIDAYS_IN_SCOPE.set(_holiday_rules_from_raw(data))
        try:
            return handler(data)
        except ValidationError as err:
            if not single:
                raise
            # ``holidays: {country: …}`` was validated as a list of that one entry: point at the mapping itself
            raise ValidationError.from_exception_data(err.title, [_unlisted(e) for e in err.errors()]) from None
        finally:
            _HOLIDAYS_IN_SCOPE.reset(token)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"{value!r} is not an IANA time zone; write e.g. 'Asia/Shanghai' or 'America/New_York'"
            ) from None
        return value

    @field_validator("working_days")
    @classmethod
    def _distinct_and_staffed(cls, days: list[WorkingDay], info: Any) -> list[WorkingDay]:
        seen: set[date] = set()
        week = info.data.get("week") or {}
        for entry in days:
            if entry.day in seen:
                raise ValueError(f"make-up working day {entry.date} is listed twice")
            seen.add(entry.day)
            if not week.get(entry.hours_of):
                raise ValueError(
                    f"make-up working day {entry.date} works the hours of {entry.hours_of!r}, "
                    "which has no working hours in 'week'"
                )
        return days

    @classmethod
    def around_the_clock(cls, timezone: str = "UTC") -> Calendar:
        """The 24×7 calendar: business time equals elapsed time."""
        return cls(timezone=timezone, week={day: ["00:00-24:00"] for day in WEEKDAYS})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def hours_on(self, day: date) -> tuple[tuple[int, int], ...]:
        """Working intervals of a local date, as seconds from local midnight (end exclusive)."""
        return self.hours_between(day, day)[day]

    def hours_between(self, start: date, end: date) -> dict[date, tuple[tuple[int, int], ...]]:
        """:meth:`hours_on` for every date from ``start`` to ``end`` inclusive, resolved once.

        Listed make-up working days win over holidays (validation guarantees they never collide
        with listed ones; they override a country's), holidays over a country's make-up days, and
        those over the week. A country's holidays are taken for the years of ``start``…``end``.
        """
        week = {day: tuple(parse_span(s) for s in spans) for day, spans in self.week.items()}
        make_up = {entry.day: week.get(entry.hours_of, ()) for entry in self.working_days}
        rules = [h.rule for h in self.holidays if isinstance(h, Holiday)]
        years = range(start.year, end.year + 1)
        country_closed: set[date] = set()
        country_make_up: dict[date, tuple[tuple[int, int], ...]] = {}
        for source in (h for h in self.holidays if isinstance(h, HolidaySource)):
            closed, working = source.days(years)
            country_closed |= closed
            for day in working:
                country_make_up.setdefault(day, week.get(source.hours_of, ()))
        resolved = {}
        for i in range((end - start).days + 1):
            day = start + timedelta(days=i)
            if day in make_up:
                resolved[day] = make_up[day]
            elif any(rule.covers(day) for rule in rules) or day in country_closed:
                resolved[day] = ()
            elif day in country_make_up:
                resolved[day] = country_make_up[day]
            else:
                resolved[day] = week.get(WEEKDAYS[day.weekday()], ())
        return resolved
