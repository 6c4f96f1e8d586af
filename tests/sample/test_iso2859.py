"""ISO 2859-1 sample sizes: the shipped tables against figures read from the published standard,
and the invariants the tables have."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.sample.iso2859 import LEVELS, aqls, code_letter, sampling_plan, tables

ORDER = "ABCDEFGHJKLMNPQR"


@pytest.mark.parametrize(
    ("lot", "level", "letter"),
    [
        # ISO 2859-1:1999 Table 1 (general inspection levels I, II, III)
        (1201, "II", "K"),
        (3200, "II", "K"),
        (3201, "II", "L"),
        (2, "I", "A"),
        (8, "III", "B"),
        (50, "I", "C"),
        (90, "II", "E"),
        (150, "III", "G"),
        (500, "II", "H"),
        (1200, "I", "G"),
        (10000, "III", "M"),
        (35000, "II", "M"),
        (500000, "II", "P"),
        (500001, "III", "R"),
    ],
)
def test_table_1_code_letters(lot, level, letter):
    assert code_letter(lot, level) == letter


@pytest.mark.parametrize(
    ("letter", "n"),
    [("A", 2), ("C", 5), ("E", 13), ("H", 50), ("K", 125), ("M", 315), ("P", 800), ("R", 2000)],
)
def test_table_2a_sample_sizes(letter, n):
    assert tables()["code_letters"][letter]["n"] == n


@pytest.mark.parametrize(
    ("lot", "level", "aql", "n", "ac", "re"),
    [
        # the brief's check: lot 1,201–3,200 at level II → K → n = 125; K at AQL 1.0: Ac 3, Re 4
        (2000, "II", "1.0", 125, 3, 4),
        (2000, "II", "0.65", 125, 2, 3),  # K, AQL 0.65: 2/3
        (1000, "II", "2.5", 80, 5, 6),  # J (501–1200), AQL 2.5: 5/6
        (1000, "II", "4.0", 80, 7, 8),  # J, AQL 4.0: 7/8
        (3000, "III", "2.5", 200, 10, 11),  # L (level III, 1,201–3,200), AQL 2.5: 10/11
        (400, "II", "1.0", 50, 1, 2),  # H (281–500), AQL 1.0: 1/2
        (30, "II", "2.5", 5, 0, 1),  # D (26–50, n 8): AQL 2.5 at D is an up arrow → C: n 5, Ac 0, Re 1
        (20000, "II", "1.0", 315, 7, 8),  # M (10,001–35,000), AQL 1.0: 7/8
    ],
)
def test_sampling_plans_follow_the_published_table(lot, level, aql, n, ac, re):
    plan = sampling_plan(lot, level, aql)
    assert (plan.n, plan.accept, plan.reject) == (n, ac, re)


def test_an_arrow_takes_the_plan_it_points_to():
    # lot 20 at level II → C (5); AQL 1.0 has an arrow down at C and D → E: n 13, Ac 0, Re 1
    plan = sampling_plan(20, "II", "1.0")
    assert (plan.letter, plan.plan_letter, plan.n, plan.accept) == ("C", "E", 13, 0)
    # a lot of 10 (B) would take E's 13 > 10: the whole lot is inspected
    assert sampling_plan(10, "II", "1.0").n == 10


def test_every_aql_column_has_one_zero_acceptance_plan_and_rising_acceptance_numbers():
    letters = tables()["code_letters"]
    for aql in aqls():
        cells = [letters[letter]["aql"][aql] for letter in ORDER]
        plans = [tuple(int(x) for x in c.split("/")) for c in cells if "/" in c]
        assert plans[0] == (0, 1), aql
        assert all(re == ac + 1 for ac, re in plans), aql
        assert [ac for ac, _ in plans] == sorted({ac for ac, _ in plans}), aql


@given(st.integers(min_value=2, max_value=2_000_000), st.sampled_from(aqls()))
def test_a_sample_never_exceeds_its_lot_and_levels_are_ordered(lot, aql):
    sizes = [sampling_plan(lot, level, aql).n for level in LEVELS]
    assert all(1 <= n <= lot for n in sizes)
    letters = [ORDER.index(code_letter(lot, level)) for level in LEVELS]
    assert letters == sorted(letters)


@given(st.integers(min_value=2, max_value=1_000_000), st.sampled_from(LEVELS), st.sampled_from(aqls()))
def test_a_larger_lot_never_gets_a_smaller_sample(lot, level, aql):
    assert sampling_plan(lot + 1, level, aql).n >= sampling_plan(lot, level, aql).n


def test_unknown_levels_and_aqls_are_refused():
    with pytest.raises(ValueError, match="I, II or III"):
        code_letter(100, "IV")
    with pytest.raises(ValueError, match="AQL"):
        sampling_plan(100, "II", "1")


def test_every_row_of_table_1_resolves_to_a_plan_at_every_aql():
    for row in tables()["lot_sizes"]:
        for level in LEVELS:
            for aql in aqls():
                plan = sampling_plan(row["from"], level, aql)
                assert 1 <= plan.n <= row["from"] and plan.reject == plan.accept + 1
