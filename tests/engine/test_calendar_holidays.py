"""Holidays from the maintained ``holidays`` library: ``holidays: {country: CN}`` closes China's public
holidays and works its 调休 make-up weekend days, ``{country: IT, subdiv: MI}`` adds Milan's patron saint;
listed dates still apply and are merged; a country or subdivision the library does not know is a located
error that lists the choices.

Expected dates are the official ones, written here by hand: the State Council's 2024 notice (国办发明电
〔2023〕7号) closes 10–17 Feb, 4–6 Apr, 1–5 May, 10 Jun, 15–17 Sep and 1–7 Oct and makes Sun 4 Feb, Sun 18 Feb,
Sun 7 Apr, Sun 28 Apr, Sat 11 May, Sat 14 Sep, Sun 29 Sep and Sat 12 Oct working days; Italy closes Easter
Monday (21 Apr 2025) and 8 Dec; Milan also 7 Dec (Sant'Ambrogio).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from pydantic import ValidationError

from checker.diagnostics import Location
from checker.engine.calendar import calendar_intervals
from checker.load.documents import _pydantic_diagnostics
from checker.load.yaml_source import load_yaml_text
from checker.model.calendar import Calendar

WEEKDAYS_9_TO_18 = (
    "week: {mon: [09:00-18:00], tue: [09:00-18:00], wed: [09:00-18:00], thu: [09:00-18:00], fri: [09:00-18:00]}\n"
)
DAY = ((9 * 3600, 18 * 3600),)


def load(text: str) -> Calendar:
    return Calendar.model_validate(load_yaml_text(text, "cal.yaml").data)


CHINA = load("timezone: Asia/Shanghai\n" + WEEKDAYS_9_TO_18 + "holidays: {country: CN}\n")

CLOSED_2024 = [
    *(date(2024, 2, d) for d in range(10, 18)),
    *(date(2024, 4, d) for d in (4, 5, 6)),
    *(date(2024, 5, d) for d in range(1, 6)),
    date(2024, 6, 10),
    *(date(2024, 9, d) for d in (15, 16, 17)),
    *(date(2024, 10, d) for d in range(1, 8)),
]
MAKE_UP_2024 = [date(2024, m, d) for m, d in ((2, 4), (2, 18), (4, 7), (4, 28), (5, 11), (9, 14), (9, 29), (10, 12))]


def test_china_2024_as_the_state_council_announced_it() -> None:
    year = CHINA.hours_between(date(2024, 1, 1), date(2024, 12, 31))
    for day in CLOSED_2024:
        assert year[day] == (), day
    for day in MAKE_UP_2024:
        assert day.weekday() >= 5 and year[day] == DAY, day  # a weekend day that works Monday's hours
    # every other weekday works, every other weekend day is closed
    special = set(CLOSED_2024) | set(MAKE_UP_2024) | {date(2024, 1, 1)}
    for day, hours in year.items():
        if day not in special:
            assert hours == (DAY if day.weekday() < 5 else ()), day


def test_business_time_over_the_spring_festival_make_up_sunday() -> None:
    # Sat 3 Feb closed, Sun 4 Feb works 09:00–18:00 (Beijing = UTC+8: 01:00–10:00 UTC), Mon 5 Feb works
    intervals = calendar_intervals(CHINA, date(2024, 2, 3), date(2024, 2, 5))
    assert intervals == [
        (datetime(2024, 2, 4, 1), datetime(2024, 2, 4, 10)),
        (datetime(2024, 2, 5, 1), datetime(2024, 2, 5, 10)),
    ]


def test_the_years_of_the_range_are_taken_across_new_year() -> None:
    # 31 Dec 2024 is a Tuesday (worked), 1 Jan 2025 closed, 26 Jan 2025 a make-up Sunday, 28 Jan–4 Feb closed
    days = CHINA.hours_between(date(2024, 12, 31), date(2025, 2, 5))
    assert days[date(2024, 12, 31)] == DAY and days[date(2025, 1, 1)] == ()
    assert days[date(2025, 1, 26)] == DAY
    assert all(days[date(2025, 1, 28) + timedelta(days=i)] == () for i in range(8))


@pytest.mark.parametrize(
    ("holidays", "closed", "open_"),
    [
        ("{country: IT}", [date(2025, 4, 21), date(2025, 12, 8)], [date(2026, 12, 7)]),
        ("{country: IT, subdiv: MI}", [date(2025, 4, 21), date(2026, 12, 7)], [date(2026, 12, 9)]),
        # listed dates merge with the country's
        ("[{country: IT}, '12-24', 2025-08-14]", [date(2025, 12, 24), date(2025, 8, 14), date(2025, 8, 15)], []),
    ],
)
def test_italy_with_and_without_milan(holidays: str, closed: list[date], open_: list[date]) -> None:
    every_day = "week: {" + ", ".join(f"{d}: [09:00-18:00]" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
    calendar = load(f"timezone: Europe/Rome\n{every_day}}}\nholidays: {holidays}\n")
    for day in closed:
        assert calendar.hours_on(day) == (), day
    for day in open_:
        assert calendar.hours_on(day) == DAY, day


def test_listed_dates_override_the_library() -> None:
    # a listed make-up day works on a library holiday; a listed holiday closes a library make-up day
    calendar = load(
        "timezone: Asia/Shanghai\n"
        + WEEKDAYS_9_TO_18
        + "holidays: [{country: CN}, 2024-02-18]\nworking_days: [2024-10-07]\n"
    )
    assert calendar.hours_on(date(2024, 10, 7)) == DAY
    assert calendar.hours_on(date(2024, 2, 18)) == ()
    # and without make-up days the 调休 Sunday stays closed
    plain = load("timezone: Asia/Shanghai\n" + WEEKDAYS_9_TO_18 + "holidays: {country: CN, make_up_days: false}\n")
    assert plain.hours_on(date(2024, 2, 4)) == ()


def errors(text: str) -> list[tuple[Location, str]]:
    loaded = load_yaml_text(text, "cal.yaml")
    with pytest.raises(ValidationError) as caught:
        Calendar.model_validate(loaded.data)
    return [(d.location, d.message) for d in _pydantic_diagnostics(caught.value, loaded)]


def test_an_unknown_country_is_located_with_the_choices() -> None:
    ((where, message),) = errors("timezone: UTC\nholidays:\n  - {country: XX}\n")
    assert where.line == 3
    assert "'XX' is not a country the holidays library knows" in message
    assert "CN" in message and "IT" in message


def test_an_unknown_subdivision_is_located_with_the_choices() -> None:
    ((where, message),) = errors("timezone: Europe/Rome\nholidays:\n  country: IT\n  subdiv: Milano\n")
    assert (where.line, where.column) == (4, 11)
    assert "'Milano' is not a subdivision of IT; choose one of:" in message and "MI" in message
