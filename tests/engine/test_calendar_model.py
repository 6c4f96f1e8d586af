"""The calendar document: what it accepts, how dates resolve, and where its errors point."""

from __future__ import annotations

from datetime import date

import jsonschema
import pytest
from pydantic import ValidationError

from checker.diagnostics import Location
from checker.load.documents import _pydantic_diagnostics
from checker.load.yaml_source import load_yaml_text
from checker.model.calendar import Calendar, parse_span

CHINA_2025 = """\
kind: calendar
id: cn-office
name: {zh: 北京办公时间, en: Beijing office hours}
timezone: Asia/Shanghai
week:
  mon: ["09:00-12:00", "13:30-18:00"]
  tue: ["09:00-12:00", "13:30-18:00"]
  wed: ["09:00-12:00", "13:30-18:00"]
  thu: ["09:00-12:00", "13:30-18:00"]
  fri: ["09:00-12:00", "13:30-18:00"]
holidays:
  - 2025-10-01..2025-10-08
  - "01-01"
  - {date: 2025-05-01..2025-05-05, name: {zh: 劳动节}}
working_days:
  - 2025-09-28
  - {date: 2025-10-11, hours_of: fri, name: {en: make-up day for National Day}}
"""


def load(text: str) -> Calendar:
    return Calendar.model_validate(load_yaml_text(text, "cal.yaml").data)


def errors(text: str) -> list[tuple[Location, str]]:
    loaded = load_yaml_text(text, "cal.yaml")
    with pytest.raises(ValidationError) as caught:
        Calendar.model_validate(loaded.data)
    return [(d.location, d.message) for d in _pydantic_diagnostics(caught.value, loaded)]


def test_a_full_calendar_resolves_each_kind_of_date() -> None:
    calendar = load(CHINA_2025)
    split = ((9 * 3600, 12 * 3600), (13 * 3600 + 1800, 18 * 3600))
    assert calendar.hours_on(date(2025, 9, 26)) == split  # a Friday
    assert calendar.hours_on(date(2025, 9, 27)) == ()  # a Saturday
    assert calendar.hours_on(date(2025, 9, 28)) == split  # make-up Sunday, Monday's hours
    assert calendar.hours_on(date(2025, 10, 3)) == ()  # inside the National Day range
    assert calendar.hours_on(date(2025, 10, 8)) == ()  # the range is inclusive
    assert calendar.hours_on(date(2025, 10, 11)) == split  # make-up Saturday
    assert calendar.hours_on(date(2026, 1, 1)) == ()  # "01-01" recurs every year
    assert calendar.hours_on(date(2025, 5, 6)) == split


def test_the_json_schema_accepts_the_short_and_the_long_forms() -> None:
    data = load_yaml_text(CHINA_2025, "cal.yaml").data
    jsonschema.Draft202012Validator(Calendar.model_json_schema()).validate(data)


def test_a_24x7_calendar_is_open_all_week() -> None:
    calendar = Calendar.around_the_clock("Europe/London")
    assert all(calendar.hours_on(date(2024, 3, d)) == ((0, 86400),) for d in range(25, 32))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("9-17", "is not a working interval"),
        ("09:00-24:30", "24:00 only as an end"),
        ("18:00-09:00", "cannot cross midnight"),
        ("09:00-09:00", "ends before it starts"),
    ],
)
def test_bad_intervals_say_how_to_write_them(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_span(text)


def test_overlapping_and_unordered_intervals_are_located() -> None:
    found = errors(
        'timezone: UTC\nweek:\n  mon: ["09:00-13:00", "12:00-18:00"]\n  tue: ["13:00-18:00", "09:00-12:00"]\n'
    )
    assert found[0][0] == Location("cal.yaml", 3, 8)
    assert "'12:00-18:00' overlaps '09:00-13:00'" in found[0][1]
    assert found[1][0] == Location("cal.yaml", 4, 8)
    assert "'09:00-12:00' comes before '13:00-18:00'" in found[1][1]


def test_a_date_both_holiday_and_working_day_is_located_at_the_working_day() -> None:
    text = (
        "timezone: Asia/Shanghai\n"
        "week: {mon: ['09:00-18:00']}\n"
        "holidays: [2025-10-01..2025-10-08, '12-25']\n"
        "working_days:\n"
        "  - 2025-09-28\n"
        "  - 2025-10-03\n"
        "  - {date: 2025-12-25}\n"
    )
    found = errors(text)
    assert [loc for loc, _ in found] == [Location("cal.yaml", 6, 5), Location("cal.yaml", 7, 5)]
    assert "2025-10-03 is both a make-up working day and a holiday ('2025-10-01..2025-10-08')" in found[0][1]
    assert "('12-25')" in found[1][1]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("timezone: Asia/Beijing\n", "not an IANA time zone", 1),
        ("timezone: UTC\nholidays:\n  - '2025-02-30'\n", "not a calendar date", 3),
        ("timezone: UTC\nholidays:\n  - 2025-10-08..2025-10-01\n", "ends before it starts", 3),
        ("timezone: UTC\nholidays:\n  - 13-01\n", "not a month-day", 3),
        (
            "timezone: UTC\nweek: {mon: ['09:00-18:00']}\nworking_days: [{date: 2025-09-27, hours_of: sat}]\n",
            "'sat', which has no working hours",
            3,
        ),
        ("timezone: UTC\nweek: {mon: ['09:00-18:00']}\nworking_days: [2025-09-27, 2025-09-27]\n", "listed twice", 3),
        ("timezone: UTC\nweek: {monday: ['09:00-18:00']}\n", "monday", 2),
    ],
)
def test_invalid_calendars_are_located_errors(text: str, message: str, line: int) -> None:
    found = errors(text)
    assert any(message in msg and loc.line == line for loc, msg in found), found
