"""A record-table timer whose requests are all still open: business time still measured.

The calendar is sized when the steps run, from a facts row (first ``created_at``, last
``closed_at``, ``asof``). When no request has closed the last ``closed_at`` is NULL; the span
must then run to ``asof`` (the last instant in the data), or the open clocks would fall outside
the calendar and their business time would be unknown.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from case_kit import OFFICE, H, by_case, case_rows, events_csv, rule

from checker.measures import timer

RECORDS = {
    "kind": "dataset",
    "id": "open-requests",
    "title": {"en": "open requests"},
    "timezone": "UTC",
    "calendars": {"office": OFFICE},
    "tables": {
        "tickets": {
            "kind": "records",
            "source": ["tickets.csv"],
            "key": ["ticket"],
            "time": "created_at",
            "fields": {
                "ticket": {"column": "ticket", "required": True},
                "created_at": {"column": "created_at", "type": "timestamp", "required": True},
                "closed_at": {"column": "closed_at", "type": "timestamp", "null_values": [""]},
            },
        }
    },
}


def test_requests_never_closed_are_open_breached_or_pending(tmp_path: Path) -> None:
    csv_text = events_csv(
        [("R1", "2025-09-08 08:00:00", ""), ("R2", "2025-09-08 12:00:00", "")],
        header="ticket,created_at,closed_at",
    )
    the_rule = rule(
        "timer",
        {
            "record": {"start": "created_at", "stop": "closed_at"},
            "calendar": "office",
            "goals": [{"within": "2 business hours"}],
        },
    )
    rows = by_case(case_rows(tmp_path, RECORDS, csv_text, the_rule, timer))
    # asof = the last instant in the data, Mon 12:00 (no period given). Office hours 09:00-18:00 UTC.
    # R1: 08:00 → 12:00 is 4 h of calendar time, 3 h of office time > 2 business hours: open, breached.
    assert rows["R1"]["_open"] is True
    assert rows["R1"]["_elapsed_s"] == 4 * H
    assert rows["R1"]["_business_s"] == 3 * H
    assert rows["R1"]["_met"] is False
    assert rows["R1"]["_status"] is None
    # R2: created at asof: nothing elapsed yet, pending (not judged).
    assert rows["R2"]["_open"] is True
    assert rows["R2"]["_business_s"] == 0
    assert rows["R2"]["_met"] is None


def test_record_table_as_of_an_instant(tmp_path: Path) -> None:
    csv_text = events_csv(
        [
            ("R1", "2025-09-08 09:00:00", "2025-09-08 10:00:00"),  # closed by the instant: 1 h, met
            ("R2", "2025-09-08 09:00:00", "2025-09-08 12:00:00"),  # closed after it: open at 10:30
            ("R3", "2025-09-08 11:00:00", "2025-09-08 11:30:00"),  # created after it: not read
        ],
        header="ticket,created_at,closed_at",
    )
    the_rule = rule(
        "timer",
        {
            "record": {"start": "created_at", "stop": "closed_at"},
            "calendar": "office",
            "goals": [{"within": "2 business hours"}],
        },
    )
    at = dt.datetime(2025, 9, 8, 10, 30)
    rows = by_case(case_rows(tmp_path, RECORDS, csv_text, the_rule, timer, as_of=at))
    assert sorted(rows) == ["R1", "R2"]
    assert (rows["R1"]["_met"], rows["R1"]["_business_s"]) == (True, 1 * H)
    # R2: 09:00 → 10:30 = 1.5 business hours of 2: pending, 0.5 h to breach, 75% used (< 80%: not at risk)
    assert (rows["R2"]["_open"], rows["R2"]["_met"], rows["R2"]["_stop_t"]) == (True, None, None)
    assert (rows["R2"]["_remaining_s"], rows["R2"]["_used"], rows["R2"]["_at_risk"]) == (0.5 * H, 0.75, False)
