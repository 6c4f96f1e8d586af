"""Cross-table KPIs on the shipped contact-centre example (clause 6 of standards/contact-centre.yaml),
each figure recomputed here by plain Python (the csv module) from examples/contact-centre/*.csv.

The reference reads the raw files with the mapping's conventions written out by hand: Q_TEST calls
are excluded; Media VOICE/APP/CALLBACK and SourceChannel Hotline/WeChat/Email/Web are the channels;
times are local (Asia/Shanghai) wall-clock, so differences need no zone; a survey's InteractionID
names its call.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict
from fractions import Fraction
from pathlib import Path

import pytest
from audit_kit import (
    calls_table,
    csv_text,
    dataset,
    evidence_keys,
    finding,
    requirement,
    result,
    standard,
    table,
    write_case,
)

from checker.audit import AuditRequest, run_audit
from checker.diagnostics import InvalidInput

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-centre"
CALL_CHANNEL = {"VOICE": "phone", "APP": "app", "CALLBACK": "callback"}
COMPLAINT_CHANNEL = {"Hotline": "phone", "WeChat": "wechat", "Email": "email", "Web": "web"}
QUEUE = {"Q_GENERAL": "general", "Q_BILLING": "billing", "Q_TECH": "tech", "Q_VIP": "vip"}


def _rows(name: str) -> list[dict[str, str]]:
    with (EXAMPLE / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _call_time(row: dict[str, str]) -> dt.datetime:
    return dt.datetime.strptime(row["QueueEnterTime"], "%Y/%m/%d %H:%M:%S")


CALLS = [r for r in _rows("calls.csv") if r["QueueName"] != "Q_TEST"]
COMPLAINTS = _rows("complaints.csv")
SURVEYS = _rows("surveys.csv")


@pytest.fixture(scope="module")
def report():
    return run_audit(AuditRequest(REPO / "standards" / "contact-centre.yaml", EXAMPLE / "dataset.yaml", (), None, 10))


def test_complaint_rate_overall_and_per_channel(report):
    res = result(report, "complaint-rate")
    assert res.unit == "rate" and res.table == "complaints"
    calls = Counter(CALL_CHANNEL[r["Media"]] for r in CALLS)
    complaints = Counter(COMPLAINT_CHANNEL[r["SourceChannel"]] for r in COMPLAINTS)
    overall = finding(res)
    assert Fraction(overall.exact) == Fraction(len(COMPLAINTS), len(CALLS))  # 47 / 17,823
    assert overall.counts == {"calls": len(CALLS), "complaints": len(COMPLAINTS)}
    assert overall.display == f"{1000 * len(COMPLAINTS) / len(CALLS):.2f} per 1,000"
    # 2.64 per 1000 against <= 5 per 1000
    assert overall.outcome == "pass"
    assert overall.margin == pytest.approx(5 - 1000 * len(COMPLAINTS) / len(CALLS))
    phone = finding(res, channel="phone")
    assert phone.value == pytest.approx(complaints["phone"] / calls["phone"])
    assert phone.n == calls["phone"] and phone.outcome == "pass"
    for channel in ("app", "callback"):  # calls, no complaints: a rate of 0
        f = finding(res, channel=channel)
        assert f.value == 0 and f.n == calls[channel] and f.outcome == "pass"


def test_a_channel_with_complaints_and_no_calls_is_shown_without_a_rate(report):
    res = result(report, "complaint-rate")
    complaints = Counter(COMPLAINT_CHANNEL[r["SourceChannel"]] for r in COMPLAINTS)
    for channel in ("wechat", "email", "web"):
        f = finding(res, channel=channel)
        assert f.value is None and f.n == 0 and f.outcome == "insufficient-data"
        assert f.counts == {"calls": 0, "complaints": complaints[channel]}
        assert f.reason == f"no base records to divide by, so no rate (0 calls, {complaints[channel]} complaints)"
    # a requirement whose only failures are rates over nothing is not failed by them, nor passed by omission
    assert res.outcome == "pass"


def test_complaint_rate_per_channel_and_day(report):
    res = result(report, "complaint-rate")
    calls = Counter((CALL_CHANNEL[r["Media"]], _call_time(r).date().isoformat()) for r in CALLS)
    complaints = Counter(
        (
            COMPLAINT_CHANNEL[r["SourceChannel"]],
            dt.datetime.strptime(r["CreatedOn"], "%d/%m/%Y %H:%M").date().isoformat(),
        )
        for r in COMPLAINTS
    )
    for (channel, day), n in calls.items():
        f = finding(res, channel=channel, day=day)
        assert f.n == n and f.value == pytest.approx(complaints[(channel, day)] / n)
    only_complaints = set(complaints) - set(calls)
    assert ("wechat", "2024-04-03") in only_complaints
    for channel, day in only_complaints:
        assert finding(res, channel=channel, day=day).outcome == "insufficient-data"


def _answered_with_lag() -> tuple[list[dict[str, str]], dict[str, float]]:
    answered = [r for r in CALLS if r["Result"] == "ANS"]
    by_id = {r["CallID"]: r for r in answered}
    lags: dict[str, float] = {}
    for s in SURVEYS:
        call = by_id.get(s["InteractionID"])
        if call is None:
            continue
        lag = (dt.datetime.fromisoformat(s["SubmittedAt"]) - _call_time(call)).total_seconds()
        lags[call["CallID"]] = min(lag, lags.get(call["CallID"], lag))
    return answered, lags


def test_survey_coverage_of_answered_calls(report):
    answered, lags = _answered_with_lag()
    res = result(report, "survey-coverage")
    overall = finding(res)
    assert (overall.successes, overall.n) == (len(lags), len(answered))  # 2,849 of 17,537
    assert overall.outcome == "pass"  # 16.2% >= 15%
    per_queue = defaultdict(lambda: [0, 0])
    for r in answered:
        per_queue[QUEUE[r["QueueName"]]][1] += 1
        per_queue[QUEUE[r["QueueName"]]][0] += r["CallID"] in lags
    for queue, (hit, n) in per_queue.items():
        f = finding(res, queue=queue)
        assert (f.successes, f.n) == (hit, n)
    assert any("0 without a call_id, 0 linking to no calls record" in note for note in res.notes)


def test_survey_timeliness_within_two_hours(report):
    _answered, lags = _answered_with_lag()
    res = result(report, "survey-within-2h")
    overall = finding(res)
    timely = sum(1 for lag in lags.values() if 0 <= lag <= 7200)
    assert (overall.successes, overall.n) == (timely, len(lags))  # 2,696 of 2,849 = 94.6%
    assert overall.outcome == "pass"


def test_first_contact_resolution_from_repeat_calls(report):
    # answered calls; repeat = the same ANI's next call (any outcome, excluded test calls aside) within
    # 3 days; pending = no such repeat and offered_at + 3 d after the last call of the data
    end = max(_call_time(r) for r in CALLS)
    by_caller = defaultdict(list)
    for r in CALLS:
        by_caller[r["ANI"]].append((_call_time(r), r["CallID"]))
    state = Counter()
    for r in CALLS:
        if r["Result"] != "ANS":
            continue
        t = _call_time(r)
        later = sorted(x for x in by_caller[r["ANI"]] if x > (t, r["CallID"]))
        window = dt.timedelta(days=3)
        if later and later[0][0] - t <= window:
            state["repeat"] += 1
        elif t + window > end:
            state["pending"] += 1
        else:
            state["resolved"] += 1
    res = result(report, "first-contact-resolution")
    overall = finding(res)
    assert (overall.successes, overall.n) == (state["resolved"], state["resolved"] + state["repeat"])
    assert overall.counts == {"no customer": 0, "pending": state["pending"]}
    assert overall.evidence == []  # a passing finding carries no evidence
    assert overall.outcome == "pass"


# --- small cases: conventions and errors --------------------------------------------------------

COMPLAINT_FIELDS = {
    "complaint_id": {"column": "complaint_id", "required": True},
    "received_at": {"column": "received_at", "type": "timestamp", "required": True},
    "queue": {"column": "queue"},
}


def _complaints_case(tmp_path, lines, target, **extra):
    return write_case(
        tmp_path,
        standard(requirement("rate", "contact.complaint-rate", target, **extra)),
        dataset(
            {
                "calls": calls_table(),
                "complaints": table("complaints.csv", ["complaint_id"], "received_at", COMPLAINT_FIELDS),
            }
        ),
        {
            "calls.csv": csv_text(
                "call_id,offered_at,outcome,wait,talk,queue",
                [f"c{i},2024-04-01 09:00:00,answered,3,60,{'general' if i < 3 else 'billing'}" for i in range(4)],
            ),
            "complaints.csv": csv_text("complaint_id,received_at,queue", lines),
        },
    )


def test_a_failing_rate_cites_the_complaints_as_evidence(tmp_path, audit):
    # 2 complaints over 4 calls = 500 per 1000 > 5 per 1000; general: 2 / 3; billing: 0 / 1
    paths = _complaints_case(
        tmp_path,
        ["k1,2024-04-01 10:00:00,general", "k2,2024-04-01 11:00:00,general"],
        "<= 5 per 1000",
        group_by=["queue"],
    )
    res = result(audit(*paths), "rate")
    overall = finding(res)
    assert overall.outcome == "fail" and overall.exact == "1/2" and overall.display == "500.00 per 1,000"
    assert evidence_keys(overall, "complaint_id") == ["k1", "k2"]
    assert [e.row for e in overall.evidence] == [1, 2]  # the complaints file's data rows
    assert all(e.file.endswith("complaints.csv") for e in overall.evidence)
    assert finding(res, queue="general").exact == "2/3"
    assert finding(res, queue="billing").value == 0


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("<= 0.5%", "target '<= 0.5%' is a percent but rule 'contact.complaint-rate' measures a rate"),
        ("<= 5 per thousand", "the base of a rate is a whole number of records written in digits"),
        ("<= 5", "target '<= 5' is a number but rule 'contact.complaint-rate' measures a rate"),
    ],
)
def test_a_rate_target_in_another_unit_is_a_located_error(tmp_path, target, message):
    paths = _complaints_case(tmp_path, ["k1,2024-04-01 10:00:00,general"], target)
    with pytest.raises(InvalidInput) as err:
        run_audit(AuditRequest(*paths, None, 10))
    found = [d for d in err.value.diagnostics if message in d.message]
    assert found, [str(d) for d in err.value.diagnostics]
    assert found[0].location.file.endswith("standard.yaml") and found[0].location.line > 1
    assert all("5 per 1000" in (d.hint or d.message) for d in found)


def test_grouping_on_a_field_the_partner_lacks_is_a_located_lint_error(tmp_path):
    # the calls table maps queue; these complaints group on 'category', which calls do not map
    fields = {**COMPLAINT_FIELDS, "category": {"column": "category"}}
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("rate", "contact.complaint-rate", "<= 5 per 1000", group_by=["category"])),
        dataset(
            {
                "calls": calls_table(),
                "complaints": table("complaints.csv", ["complaint_id"], "received_at", fields),
            }
        ),
        {
            "calls.csv": csv_text(
                "call_id,offered_at,outcome,wait,talk,queue", ["c1,2024-04-01 09:00:00,answered,3,60,a"]
            ),
            "complaints.csv": csv_text("complaint_id,received_at,queue,category", ["k1,2024-04-01 10:00:00,a,x"]),
        },
    )
    with pytest.raises(InvalidInput) as err:
        run_audit(AuditRequest(std, data, rules, None, 10))
    (d,) = [d for d in err.value.diagnostics if d.code == "SC065"]
    assert "groups on 'category', which partner table 'calls'" in d.message
    lines = std.read_text(encoding="utf-8").splitlines()
    assert lines[d.location.line - 1].strip() == "- category"  # the group_by item itself


def test_a_survey_table_without_the_link_field_is_a_located_lint_error(tmp_path):
    survey_fields = {
        "response_id": {"column": "response_id", "required": True},
        "responded_at": {"column": "responded_at", "type": "timestamp", "required": True},
    }
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("cov", "contact.survey-coverage", ">= 15%")),
        dataset(
            {
                "calls": calls_table(),
                "surveys": table("surveys.csv", ["response_id"], "responded_at", survey_fields),
            }
        ),
        {
            "calls.csv": csv_text(
                "call_id,offered_at,outcome,wait,talk,queue", ["c1,2024-04-01 09:00:00,answered,3,60,a"]
            ),
            "surveys.csv": csv_text("response_id,responded_at", ["r1,2024-04-01 10:00:00"]),
        },
    )
    with pytest.raises(InvalidInput) as err:
        run_audit(AuditRequest(std, data, rules, None, 10))
    (d,) = [d for d in err.value.diagnostics if d.code == "SC065"]
    assert "table 'surveys' does not map field 'call_id'" in d.message
    assert d.location.file.endswith("dataset.yaml")
    lines = data.read_text(encoding="utf-8").splitlines()
    assert lines[d.location.line - 1].strip() == "fields:" and "surveys" in "\n".join(lines[: d.location.line])


def test_a_dataset_without_the_partner_table_is_not_applicable_never_met(tmp_path, audit):
    std, data, rules = write_case(
        tmp_path,
        standard(
            requirement("cov", "contact.survey-coverage", ">= 15%"),
            requirement("fcr", "contact.first-contact-resolution", ">= 85%"),
        ),
        dataset({"calls": calls_table()}),
        {
            "calls.csv": csv_text(
                "call_id,offered_at,outcome,wait,talk,queue", ["c1,2024-04-01 09:00:00,answered,3,60,a"]
            )
        },
    )
    report = audit(std, data, rules)
    cov, fcr = result(report, "cov"), result(report, "fcr")
    assert cov.outcome == "not-applicable"
    assert cov.overall.reason == "the dataset has no table 'surveys' (the partner table 'calls' is read against)"
    assert fcr.outcome == "not-applicable" and "maps no field 'caller'" in fcr.overall.reason
    assert report.summary.verdict != "conformant"


def test_the_rule_measures_its_parameters_and_the_documented_options(tmp_path, audit):
    # survey-timeliness within 1 h: c1 answered 09:00 → r1 09:30 (timely), c2 → r2 11:00 (2 h, late)
    fields = {
        "response_id": {"column": "response_id", "required": True},
        "responded_at": {"column": "responded_at", "type": "timestamp", "required": True},
        "call_id": {"column": "call_id"},
    }
    std, data, rules = write_case(
        tmp_path,
        standard(requirement("late", "contact.survey-timeliness", ">= 90%", params={"within": "1h"})),
        dataset({"calls": calls_table(), "surveys": table("surveys.csv", ["response_id"], "responded_at", fields)}),
        {
            "calls.csv": csv_text(
                "call_id,offered_at,outcome,wait,talk,queue",
                ["c1,2024-04-01 09:00:00,answered,3,60,a", "c2,2024-04-01 09:00:00,answered,3,60,a"],
            ),
            "surveys.csv": csv_text(
                "response_id,responded_at,call_id", ["r1,2024-04-01 09:30:00,c1", "r2,2024-04-01 11:00:00,c2"]
            ),
        },
    )
    res = result(audit(std, data, rules), "late")
    overall = finding(res)
    assert (overall.successes, overall.n, overall.outcome) == (1, 2, "fail")
    assert evidence_keys(overall, "call_id") == ["c2"]
    assert res.params == {"within": "1h"}


def test_a_partner_table_does_not_widen_the_audit_period(report):
    # the last survey response comes after midnight of the last call day; read only as the calls'
    # partner, the surveys table does not add 2024-04-15 to the period every requirement is judged in
    last_call = max(_call_time(r) for r in CALLS).date()
    last_response = max(dt.datetime.fromisoformat(s["SubmittedAt"]) for s in SURVEYS).date()
    assert last_response > last_call  # the case the rule is for
    assert (report.period["from"], report.period["to"]) == ("2024-04-01", last_call.isoformat())
