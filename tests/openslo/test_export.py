"""``servcheck openslo export`` on the shipped contact-centre standard.

Validation uses servcheck's own OpenSLO v1 JSON Schema (``checker/openslo/openslo-v1.schema.json``):
it was written from the v1 section of the OpenSLO specification (github.com/OpenSLO/OpenSLO,
README.md) and checked constraint by constraint against the JSON Schema the OpenSLO project
publishes in that repository (``schemas/v1``), which was not copied in (docs/openslo.md says why and
what differs). The tests below also check the documents by hand, field by field, against what the
standard's YAML says — the expected fractions are worked out in the comments, not taken from the code.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from checker.cli import cli
from checker.openslo.export import ExportOptions, dump, export_standard
from checker.openslo.inputs import load_export_inputs
from checker.openslo.mapping import exact, number, ratio_target, target_text
from checker.openslo.validate import schema

REPO = Path(__file__).resolve().parents[2]
STANDARD = REPO / "standards/contact-centre.yaml"
EXAMPLE = REPO / "examples/openslo/contact-centre.openslo.yaml"


@pytest.fixture(scope="module")
def exported():
    return export_standard(load_export_inputs(STANDARD), ExportOptions(timezone="Asia/Shanghai"))


def _doc(exported, kind: str, name: str) -> dict:
    (found,) = [d for d in exported.documents if d["kind"] == kind and d["metadata"]["name"] == name]
    return found


def test_every_exported_document_is_valid_openslo_v1(exported) -> None:
    validator = jsonschema.Draft202012Validator(schema())
    for document in exported.documents:
        assert list(validator.iter_errors(document)) == [], document["metadata"]["name"]
    kinds = [d["kind"] for d in exported.documents]
    # one Service; an SLI and an SLO for each of the 11 ratio requirements (13 less ASA and p90 talk time)
    assert kinds.count("Service") == 1 and kinds.count("SLI") == 11 and kinds.count("SLO") == 11


def test_the_schema_refuses_what_the_spec_forbids() -> None:
    """The schema is not a rubber stamp: a target of 1 or more, two numerators, a calendar window
    without its zone and an upper-case name are each refused, as the v1 README says."""
    validator = jsonschema.Draft202012Validator(schema())
    slo = {
        "apiVersion": "openslo/v1",
        "kind": "SLO",
        "metadata": {"name": "x"},
        "spec": {
            "service": "s",
            "indicatorRef": "x",
            "budgetingMethod": "Occurrences",
            "objectives": [{"target": 0.9}],
        },
    }
    assert validator.is_valid(slo)
    bad_target = yaml.safe_load(yaml.safe_dump(slo))
    bad_target["spec"]["objectives"][0]["target"] = 1
    no_zone = yaml.safe_load(yaml.safe_dump(slo))
    no_zone["spec"]["timeWindow"] = [{"duration": "1M", "calendar": {"startTime": "2026-01-01 00:00:00"}}]
    upper = yaml.safe_load(yaml.safe_dump(slo))
    upper["metadata"]["name"] = "X"
    metric = {"metricSource": {"type": "servcheck", "spec": {}}}
    two = {
        "apiVersion": "openslo/v1",
        "kind": "SLI",
        "metadata": {"name": "x"},
        "spec": {"ratioMetric": {"counter": False, "good": metric, "bad": metric, "total": metric}},
    }
    for document in (bad_target, no_zone, upper, two):
        assert not validator.is_valid(document)


def test_answered_by_the_second_ring_maps_by_hand(exported) -> None:
    """Clause 4.2: 'at least 96% of answered calls are answered by the second ring' — a share with no
    period: target 96/100 = 0.96, Occurrences, good/total, no time window (the audit period)."""
    slo = _doc(exported, "SLO", "answered-by-2nd-ring")
    assert slo["spec"]["budgetingMethod"] == "Occurrences"
    assert slo["spec"]["objectives"] == [{"displayName": ">= 96%", "target": 0.96}]
    assert "timeWindow" not in slo["spec"]
    assert slo["spec"]["indicatorRef"] == "answered-by-2nd-ring" and slo["spec"]["service"] == "contact-centre"
    assert slo["metadata"]["labels"]["clause"] == "4.2" and slo["metadata"]["labels"]["severity"] == "major"
    ratio = _doc(exported, "SLI", "answered-by-2nd-ring")["spec"]["ratioMetric"]
    assert set(ratio) == {"counter", "good", "total"}
    good, total = ratio["good"]["metricSource"], ratio["total"]["metricSource"]
    assert good["type"] == total["type"] == "servcheck"
    # rules/contact.yaml: base "outcome = 'answered'", condition "wait <= :threshold"; the standard: 2 rings at 5 s
    assert good["spec"]["filter"] == "(outcome = 'answered') and (wait <= :threshold)"
    assert total["spec"]["filter"] == "outcome = 'answered'"
    for spec in (good["spec"], total["spec"]):
        assert (spec["rule"], spec["table"], spec["params"], spec["ring_cadence"]) == (
            "contact.answered-within",
            "calls",
            {"threshold": "2 rings"},
            "5s",
        )


def test_monthly_availability_gets_a_calendar_month(exported) -> None:
    """Clause 5: 99.9% every month → target 0.999 on a calendar month from the effective date 2026-02-01."""
    spec = _doc(exported, "SLO", "availability-monthly")["spec"]
    assert spec["timeWindow"] == [
        {
            "duration": "1M",
            "calendar": {"startTime": "2026-02-01 00:00:00", "timeZone": "Asia/Shanghai"},
            "isRolling": False,
        }
    ]
    assert spec["objectives"][0]["target"] == 0.999


def test_at_most_targets_become_bad_over_total(exported) -> None:
    """Abandonment at most 5% → bad/total with target 1 − 0.05 = 0.95; complaints at most 5 per 1,000
    calls → complaints (bad) over calls (total), target 1 − 5/1000 = 0.995, the base 1000 kept."""
    abandon = _doc(exported, "SLI", "abandonment-rate")["spec"]["ratioMetric"]
    assert set(abandon) == {"counter", "bad", "total"}
    assert _doc(exported, "SLO", "abandonment-rate")["spec"]["objectives"][0]["target"] == 0.95
    complaints = _doc(exported, "SLI", "complaint-rate")["spec"]["ratioMetric"]
    assert complaints["bad"]["metricSource"]["spec"]["table"] == "complaints"
    assert complaints["total"]["metricSource"]["spec"]["table"] == "calls"
    assert complaints["total"]["metricSource"]["spec"]["per"] == 1000
    assert _doc(exported, "SLO", "complaint-rate")["spec"]["objectives"][0]["target"] == 0.995


def test_half_hour_intervals_become_timeslices(exported) -> None:
    """Clause 4.7: 80/20 in at least 90% of half-hours → Timeslices of 30m, slice target 0.8, target 0.9."""
    spec = _doc(exported, "SLO", "service-level-intervals")["spec"]
    assert spec["budgetingMethod"] == "Timeslices"
    objective = spec["objectives"][0]
    assert (objective["timeSliceWindow"], objective["timeSliceTarget"], objective["target"]) == ("30m", 0.8, 0.9)


def test_what_openslo_cannot_say_is_listed_in_the_file_and_in_the_losses(exported) -> None:
    lost = {(loss.requirement, loss.field) for loss in exported.losses}
    assert ("asa-30s", "requirement") in lost and ("talk-time-p90", "requirement") in lost  # mean, p90
    assert ("service-level-80-20", "warn") in lost and ("service-level-80-20", "group_by") in lost
    assert ("answered-within-3-rings", "target") in lost  # 100% cannot be a target below 1
    assert ("service-level-intervals", "min_sample") in lost  # 10, not the default 30
    notes = _doc(exported, "SLO", "service-level-80-20")["metadata"]["annotations"]
    assert any(v.startswith("warn: warn band >= 85%") for v in notes.values())
    service = _doc(exported, "Service", "contact-centre")["metadata"]["annotations"]
    assert any("6.2 is qualitative" in v for v in service.values())
    # every loss is located in the standard, on the line of the feature
    lines = STANDARD.read_text(encoding="utf-8").splitlines()
    warn = next(loss for loss in exported.losses if loss.field == "warn")
    assert "warn:" in lines[warn.location.line - 1]


def test_the_shipped_example_is_the_current_export(exported) -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == dump(exported.documents)


def test_the_command_writes_a_file_in_a_folder_and_lists_losses_on_stderr(tmp_path: Path) -> None:
    res = CliRunner().invoke(cli, ["openslo", "export", str(STANDARD), "-o", f"{tmp_path}/"])
    assert res.exit_code == 0, res.output
    written = list(yaml.safe_load_all((tmp_path / "contact-centre.openslo.yaml").read_text(encoding="utf-8")))
    assert len(written) == 23
    assert "not exported: asa-30s requirement" in res.stderr
    assert "SLOs exported: 11" in res.stderr


@pytest.mark.parametrize(
    ("option", "value"),
    [("--timezone", "Mars/Olympus"), ("--timezone", "UTC"), ("--rolling", "4 weeks"), ("--start", "2026-13-01")],
)
def test_a_bad_option_is_a_usage_error(option: str, value: str) -> None:
    res = CliRunner().invoke(cli, ["openslo", "export", str(STANDARD), option, value])
    assert res.exit_code == 2
    assert "SC119" in res.stderr


def test_a_rolling_window_is_given_to_requirements_without_a_period(exported) -> None:
    rolling = export_standard(load_export_inputs(STANDARD), ExportOptions(rolling="28d"))
    spec = _doc(rolling, "SLO", "answered-by-2nd-ring")["spec"]
    assert spec["timeWindow"] == [{"duration": "28d", "isRolling": True}]
    assert _doc(rolling, "SLO", "availability-monthly")["spec"]["timeWindow"][0]["duration"] == "1M"


percents = st.decimals(min_value="0.001", max_value="99.999", places=3).map(lambda d: format(d.normalize(), "f"))


@given(percents, st.sampled_from([">=", "<="]))
def test_a_share_target_survives_the_trip_through_an_openslo_number(value: str, op: str) -> None:
    """Whatever the decimal, ``>= p%`` → fraction → YAML float → fraction → ``>= p%`` is exact."""
    text = f"{op} {value}%"
    ratio = ratio_target(text)
    assert ratio is not None and ratio.lost == ()
    read_back = exact(yaml.safe_load(yaml.safe_dump(number(ratio.target))))
    assert read_back == ratio.target
    assert target_text(ratio.side, read_back, "percent") == text
    assert Fraction(value) / 100 == (ratio.target if op == ">=" else 1 - ratio.target)


def test_a_standard_lint_refuses_is_not_exported(tmp_path: Path) -> None:
    """An unknown rule would be an SLO of nothing: the export stops as the audit would (exit 3, located)."""
    text = STANDARD.read_text(encoding="utf-8").replace("rule: contact.asa", "rule: contact.average-speed")
    (tmp_path / "standards").mkdir()
    (tmp_path / "rules").symlink_to(REPO / "rules", target_is_directory=True)
    broken = tmp_path / "standards" / "broken.yaml"
    broken.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["openslo", "export", str(broken)])
    assert res.exit_code == 3
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "contact.average-speed" in t)
    assert f"broken.yaml:{line}:" in res.stderr and "Traceback" not in res.output
