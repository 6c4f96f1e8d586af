"""``servcheck openslo import``: OpenSLO documents (servcheck's or anyone's) as a draft standard.

Expected drafts and losses are read off the example file by hand (line numbers included); malformed
documents must stop with SC118 at their file:line:col and exit 3, never with a traceback, which a
hypothesis property checks on random damage to a valid file.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import cli
from checker.diagnostics import InvalidInput
from checker.load.documents import load_document
from checker.openslo.importing import draft_yaml, import_documents

REPO = Path(__file__).resolve().parents[2]
FOREIGN = REPO / "examples/openslo/web-checkout.openslo.yaml"
OURS = REPO / "examples/openslo/contact-centre.openslo.yaml"


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_foreign_file_becomes_a_draft_with_its_losses_listed(tmp_path: Path) -> None:
    draft = import_documents([FOREIGN])
    standard = draft.standard
    assert (standard["id"], standard["status"], standard["title"]) == (
        "web-checkout",
        "draft",
        {"en": "Web checkout and its phone line"},
    )
    first, second = standard["clauses"]
    # the Prometheus SLO: a clause for the writer to give a rule, no requirement
    assert first["number"] == "1" and "requirements" not in first
    assert first["text"] == {"en": "Checkout requests answered without a server error."}
    # the servcheck SLO: 0.8 of good on a calendar day → ">= 80%" per day, its where and label kept
    assert second["number"] == "2" and second["tags"] == {"element": "E8"}
    assert second["requirements"] == [
        {
            "id": "payment-line-answered",
            "rule": "contact.service-level",
            "params": {"threshold": "20s"},
            "target": ">= 80%",
            "where": "queue = 'billing'",
            "period": "day",
            "severity": "major",
        }
    ]
    lost = {(loss.location.line, loss.requirement, loss.field) for loss in draft.losses}
    assert lost == {
        (_line_of(FOREIGN, "type: Prometheus"), "checkout-availability", "requirement"),
        (_line_of(FOREIGN, "- fast-burn"), "checkout-availability", "alertPolicies"),
        (_line_of(FOREIGN, "kind: AlertPolicy") - 1, "", "AlertPolicy"),
        (_line_of(FOREIGN, "- duration: 1d"), "payment-line-answered", "timeWindow"),
    }
    prometheus = next(loss for loss in draft.losses if loss.field == "requirement")
    assert "99.5%" in prometheus.message and "rolling 28d" in prometheus.message  # what was dropped is named
    written = tmp_path / "standards" / "draft.yaml"
    written.parent.mkdir()
    written.write_text(draft_yaml(draft, ["web-checkout.openslo.yaml"]), encoding="utf-8")
    assert load_document(written, {"standard"}).model.id == "web-checkout"


def test_the_command_writes_the_draft_and_lists_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    res = CliRunner().invoke(cli, ["openslo", "import", str(FOREIGN), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["kind"] == "standard"
    assert "not imported: AlertPolicy: fast-burn" in res.stderr
    assert "drafted: clauses 2, requirements 1" in res.stderr


def test_timeslices_come_back_as_interval_targets() -> None:
    draft = import_documents([OURS])
    (clause,) = [c for c in draft.standard["clauses"] if c["number"] == "4.7"]
    (requirement,) = clause["requirements"]
    assert (requirement["target"], requirement["period"], requirement["intervals"]) == (
        ">= 80%",
        "30min",
        {"target": ">= 90%"},
    )


VALID = """\
apiVersion: openslo/v1
kind: SLO
metadata:
  name: answered
spec:
  service: desk
  indicator:
    metadata:
      name: answered
    spec:
      ratioMetric:
        counter: false
        good:
          metricSource:
            type: servcheck
            spec: {rule: contact.answered-within, params: {threshold: 20s}}
        total:
          metricSource:
            type: servcheck
            spec: {rule: contact.answered-within, params: {threshold: 20s}}
  budgetingMethod: Occurrences
  objectives:
    - target: 0.96
"""


@pytest.mark.parametrize(
    ("broken", "line", "column", "says"),
    [
        (VALID.replace("target: 0.96", "target: 1.5"), 23, 15, "1.5"),  # a target must be below 1
        (VALID.replace("budgetingMethod: Occurrences", "budgetingMethod: Sometimes"), 21, 20, "Sometimes"),
        (VALID.replace("apiVersion: openslo/v1", "apiVersion: openslo/v2"), 1, 13, "openslo/v1"),
        (VALID.replace("  name: answered\nspec", "  name: Answered!\nspec"), 4, 9, "Answered!"),
        (
            VALID.replace(
                "spec: {rule: contact.answered-within, params: {threshold: 20s}}\n        total",
                "spec: {params: {}}\n        total",
            ),
            16,
            19,
            "rule",
        ),
        (VALID.replace("  indicator:\n", "  indicatorRef: missing\n  indicator2:\n"), 7, 17, "missing"),
        ("- just\n- a list\n", 1, 1, "mapping"),
    ],
)
def test_a_malformed_document_is_located_and_exits_3(
    tmp_path: Path, broken: str, line: int, column: int, says: str
) -> None:
    path = tmp_path / "broken.openslo.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        import_documents([path])
    first = caught.value.diagnostics[0]
    assert (first.code, first.location.line, first.location.column) == ("SC118", line, column)
    assert any(says in d.message for d in caught.value.diagnostics)
    res = CliRunner().invoke(cli, ["openslo", "import", str(path)])
    assert res.exit_code == 3
    assert f"broken.openslo.yaml:{line}:{column}: SC118" in res.stderr
    assert "Traceback" not in res.output


def test_a_yaml_syntax_error_and_an_empty_file_exit_3(tmp_path: Path) -> None:
    for name, text, code in (("syntax.yaml", "kind: [\n", "SC001"), ("empty.yaml", "", "SC001")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        res = CliRunner().invoke(cli, ["openslo", "import", str(path)])
        assert res.exit_code == 3 and code in res.stderr


def test_a_file_without_slo_has_nothing_to_draft(tmp_path: Path) -> None:
    path = tmp_path / "service.yaml"
    path.write_text("apiVersion: openslo/v1\nkind: Service\nmetadata: {name: desk}\nspec: {}\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["openslo", "import", str(path)])
    assert res.exit_code == 3 and "nothing to draft" in res.stderr


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.lists(st.integers(0, 3), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(0, 3), max_size=2),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_damage_never_crashes(tmp_path: Path, data) -> None:
    """Replace any one value of a valid document by junk: the import drafts or refuses (SC118 or a
    load code), and never raises anything else."""
    document = yaml.safe_load(VALID)
    paths = [p for p in _paths(document) if p]
    path = data.draw(st.sampled_from(paths))
    damaged = copy.deepcopy(document)
    node = damaged
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = data.draw(JUNK)
    file = tmp_path / "damaged.yaml"
    file.write_text(yaml.safe_dump(damaged), encoding="utf-8")
    try:
        draft = import_documents([file])
    except InvalidInput as err:
        assert err.diagnostics and all(d.code.startswith("SC") for d in err.diagnostics)
    else:
        assert draft.standard["clauses"]


def test_threshold_fields_on_a_ratio_objective_are_listed_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "op.yaml"
    path.write_text(
        VALID.replace("    - target: 0.96", "    - target: 0.96\n      op: lte\n      value: 20"), encoding="utf-8"
    )
    draft = import_documents([path])
    assert {(loss.field, loss.location.line) for loss in draft.losses} == {("op", 24), ("value", 25)}
    assert draft.standard["clauses"][0]["requirements"][0]["target"] == ">= 96%"
