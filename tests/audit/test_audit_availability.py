"""Availability from outage records: month split, still-down outages, declared maintenance exclusion.

Period 2024-01-01..2024-02-29 in UTC. January has 31 × 86,400 = 2,678,400 s; February 2024 has
29 × 86,400 = 2,505,600 s; the whole period 5,184,000 s.
"""

from __future__ import annotations

import datetime as dt

import pytest
from audit_kit import csv_text, dataset, finding, requirement, result, standard, table, write_case

from checker.engine import duckdb_backend

OUTAGE_FIELDS = {
    "outage_id": {"column": "id", "required": True},
    "started_at": {"column": "from", "type": "timestamp", "required": True},
    "ended_at": {"column": "to", "type": "timestamp", "null_values": [""]},
    "service": {"column": "service", "required": True},
}

OUTAGES = [
    # web: 23:30 → 00:30 across the month boundary: 1,800 s in January and 1,800 s in February
    "O1,web,UNPLANNED,2024-01-31 23:30:00,2024-02-01 00:30:00",
    # web: 12 h of announced maintenance; the mapping excludes it, so it must not count
    "O2,web,PLANNED,2024-01-10 00:00:00,2024-01-10 12:00:00",
    # db: no end = still down; runs to the end of the period (2024-03-01 00:00): 3,600 s in February
    "O3,db,UNPLANNED,2024-02-29 23:00:00,",
]


def unplanned_outages() -> dict:
    """The outages table, announced maintenance excluded."""
    return table(
        "outages.csv",
        ["outage_id"],
        "started_at",
        OUTAGE_FIELDS,
        exclude=[{"where": "kind = 'PLANNED'", "reason": "announced maintenance"}],
    )


def test_availability_per_service_and_month(tmp_path, audit):
    outages = unplanned_outages()
    req = requirement("avail", "service.availability", ">= 99.9%", group_by=["service"], period="month")
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"outages": outages}),
            {"outages.csv": csv_text("id,service,kind,from,to", OUTAGES)},
        ),
        period=(dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
    )
    res = result(report, "avail")
    expected = {
        # 1 − 1800/2678400 = 1 − 1/1488 = 1487/1488 = 99.933% → pass
        ("web", "2024-01"): ("1487/1488", "pass", 1800),
        # 1 − 1800/2505600 = 1 − 1/1392 = 1391/1392 = 99.928% → pass
        ("web", "2024-02"): ("1391/1392", "pass", 1800),
        # 1 − 3600/2505600 = 1 − 1/696 = 695/696 = 99.856% → fail
        ("db", "2024-02"): ("695/696", "fail", 3600),
    }
    for (service, month), (exact, outcome, seconds) in expected.items():
        f = finding(res, service=service, month=month)
        assert (f.exact, f.outcome, f.counts["outage_seconds"]) == (exact, outcome, seconds), (service, month)
    # whole period, per service: web 1 − 3600/5184000 = 1 − 1/1440 = 1439/1440; db the same
    assert finding(res, service="web").exact == "1439/1440"
    assert finding(res, service="db").exact == "1439/1440"
    # the planned maintenance row is excluded with its reason, not silently dropped
    ledger = {t.table: t for t in report.ledger}["outages"]
    assert [(r.reason, r.count) for r in ledger.excluded] == [("announced maintenance", 1)]
    assert ledger.used == 2
    assert res.outcome == "fail"


def test_outage_in_local_time_split_at_local_midnight(tmp_path, audit):
    # Asia/Shanghai (UTC+8, no DST): outage 2024-01-31 23:00 → 2024-02-01 01:00 local time is split at
    # local midnight: 3,600 s in January, 3,600 s in February (not at UTC midnight, which is 08:00 local)
    outages = table("outages.csv", ["outage_id"], "started_at", OUTAGE_FIELDS)
    req = requirement("avail", "service.availability", ">= 99%", group_by=["service"], period="month")
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"outages": outages}, timezone="Asia/Shanghai"),
            {
                "outages.csv": csv_text(
                    "id,service,kind,from,to", ["O1,web,UNPLANNED,2024-01-31 23:00:00,2024-02-01 01:00:00"]
                )
            },
        ),
        period=(dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
    )
    res = result(report, "avail")
    assert finding(res, service="web", month="2024-01").counts["outage_seconds"] == 3600
    assert finding(res, service="web", month="2024-02").counts["outage_seconds"] == 3600
    # 1 − 3600/2678400 = 1 − 1/744 = 743/744
    assert finding(res, service="web", month="2024-01").exact == "743/744"


def test_overlapping_outages_are_merged_not_summed(tmp_path, audit):
    outages = table("outages.csv", ["outage_id"], "started_at", OUTAGE_FIELDS)
    rows = [
        # one incident logged twice for web: 10:00–11:00 and 10:30–12:00 → merged 10:00–12:00 = 7,200 s
        "A,web,UNPLANNED,2024-01-10 10:00:00,2024-01-10 11:00:00",
        "B,web,UNPLANNED,2024-01-10 10:30:00,2024-01-10 12:00:00",
        # db down 11:30–13:00 (5,400 s): overlaps web's outage by 30 min
        "C,db,UNPLANNED,2024-01-10 11:30:00,2024-01-10 13:00:00",
    ]
    req = requirement("avail", "service.availability", ">= 99%", group_by=["service"])
    report = audit(
        *write_case(
            tmp_path,
            standard(req),
            dataset({"outages": outages}),
            {"outages.csv": csv_text("id,service,kind,from,to", rows)},
        ),
        period=(dt.date(2024, 1, 10), dt.date(2024, 1, 10)),
    )
    res = result(report, "avail")
    # web: 1 − 7200/86400 = 1 − 1/12 = 11/12 (summing would give 1 − 9000/86400)
    assert finding(res, service="web").exact == "11/12"
    assert finding(res, service="web").counts == {"outage_seconds": 7200, "outages": 2}
    # db: 1 − 5400/86400 = 1 − 1/16 = 15/16
    assert finding(res, service="db").exact == "15/16"
    # overall: some service down 10:00–13:00 = 10,800 s → 1 − 10800/86400 = 7/8
    assert res.overall.exact == "7/8"


def test_the_overall_figure_two_requirements_share_is_queried_once(tmp_path, monkeypatch, audit):
    """A grouped monthly requirement and an ungrouped one on the same outages both judge the overall
    figure of the whole period: the executor runs that query once, and both get its figure."""
    from checker.engine.duckdb_backend import DuckDBBackend

    asked: list[str] = []
    real = DuckDBBackend.rows

    def rows(self, query):  # type: ignore[no-untyped-def]
        asked.append(query if isinstance(query, str) else self.sql(query))
        return real(self, query)

    monkeypatch.setattr(DuckDBBackend, "rows", rows)
    outages = unplanned_outages()
    monthly = requirement("monthly", "service.availability", ">= 99.9%", group_by=["service"], period="month")
    overall = requirement("overall", "service.availability", ">= 99.95%")
    report = audit(
        *write_case(
            tmp_path,
            standard(monthly, overall),
            dataset({"outages": outages}),
            {"outages.csv": csv_text("id,service,kind,from,to", OUTAGES)},
        ),
        period=(dt.date(2024, 1, 1), dt.date(2024, 2, 29)),
    )
    # the whole period: web 23:30–00:30 and db 23:00–00:00 on 02-29 overlap by nothing: 3,600 + 3,600 s
    # of 5,184,000 s down → 1 − 7200/5184000 = 1 − 1/720 = 719/720 = 99.861% in both requirements
    for req_id in ("monthly", "overall"):
        assert result(report, req_id).overall.exact == "719/720"
    assert result(report, "overall").outcome == "fail"
    # overall (both requirements), per service, per service and month: three distinct queries
    buckets = [text for text in asked if "_buckets_" in text]
    assert len(buckets) == len(set(buckets)) == 3


def test_every_failing_bucket_names_its_own_outages_in_one_statement(tmp_path, audit) -> None:
    """Four failing findings (web overall, web in January, web and db in February) each list the
    outage records that cut into their bucket, by key, with the total; with a limit of one record
    the total still counts them all. All four come from one evidence statement."""
    rows = [
        "O5,web,UNPLANNED,2024-01-05 10:00:00,2024-01-05 14:00:00",  # 4 h in January
        "O1,web,UNPLANNED,2024-01-31 23:00:00,2024-02-01 01:00:00",  # 1 h in each month
        "O4,db,UNPLANNED,2024-02-10 00:00:00,2024-02-10 06:00:00",  # 6 h in February
        "O2,web,UNPLANNED,2024-02-20 00:00:00,2024-02-20 03:00:00",  # 3 h in February
    ]
    req = requirement("avail", "service.availability", ">= 99.9%", group_by=["service"], period="month")
    case = write_case(
        tmp_path,
        standard(req),
        dataset({"outages": unplanned_outages()}),
        {"outages.csv": csv_text("id,service,kind,from,to", rows)},
    )
    statements: list[str] = []
    real = duckdb_backend.DuckDBBackend._fetch

    def logged(self, statement):  # type: ignore[no-untyped-def]
        statements.append(statement)
        return real(self, statement)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(duckdb_backend.DuckDBBackend, "_fetch", logged)
        report = audit(*case, period=(dt.date(2024, 1, 1), dt.date(2024, 2, 29)), evidence_limit=1)
    res = result(report, "avail")
    # web: 5 h in January (18,000 s of 2,678,400: 99.33%), 4 h in February (14,400 of 2,505,600: 99.43%),
    # 9 h over the period (32,400 of 5,184,000: 99.375%); db: 6 h in February (99.14%), 6 h overall (99.58%)
    expected = {
        (): None,  # overall: any service down, 15 h (54,000 of 5,184,000 s): 98.96% → fail, O1 O2 O4 O5
        (("service", "web"), ("month", "2024-01")): (["O1"], 2),  # O1 and O5, by key: O1 first
        (("service", "web"), ("month", "2024-02")): (["O1"], 2),  # O1 and O2
        (("service", "db"), ("month", "2024-02")): (["O4"], 1),
        (("service", "web"),): (["O1"], 3),  # O1, O2, O5
        (("service", "db"),): (["O4"], 1),
    }
    for group, want in expected.items():
        f = finding(res, **dict(group))
        assert f.outcome == "fail", group
        if want is None:
            assert ([e.key["outage_id"] for e in f.evidence], f.evidence_total) == (["O1"], 4)
            continue
        assert ([e.key["outage_id"] for e in f.evidence], f.evidence_total) == want, group
        assert [e.file for e in f.evidence] == ["outages.csv"]
    own = [s for s in statements if '"_ask"' in s]
    assert len(own) == 1  # every finding's own records from one statement
