"""The safe YAML loader: round-trips plain data, locates every value, refuses what it must."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.diagnostics import InvalidInput
from checker.load.yaml_source import decode_utf8, load_yaml_text

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(alphabet="abcdefgh_", min_size=1, max_size=6), children, max_size=4),
    ),
    max_leaves=20,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _paths(child, (*prefix, i))


@given(st.dictionaries(st.text(alphabet="abcdefgh_", min_size=1, max_size=6), documents, min_size=1, max_size=5))
@settings(max_examples=60, deadline=None)
def test_round_trip_and_every_value_is_located(data):
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = load_yaml_text(text, "doc.yaml")
    assert loaded.data == data
    lines = text.splitlines()
    for path in _paths(data):
        loc = loaded.positions.of_value(path)
        assert path in loaded.positions.values
        assert 1 <= loc.line <= max(len(lines), 1)


def test_unquoted_impossible_date_is_a_located_error_not_a_crash():
    with pytest.raises(InvalidInput) as err:
        load_yaml_text("holidays:\n  - 2025-02-30\n", "cal.yaml")
    (d,) = err.value.diagnostics
    assert (d.code, d.location.line, d.location.column) == ("SC014", 2, 5)


def test_dates_come_back_as_iso_text():
    assert load_yaml_text("d: 2024-08-01\n", "x.yaml").data == {"d": "2024-08-01"}


def test_bad_byte_is_located_at_its_line_and_column():
    with pytest.raises(InvalidInput) as err:
        decode_utf8("a: 1\nb: caf\xe9\n".encode("latin-1"), "x.yaml")
    (d,) = err.value.diagnostics
    # line 2, "b: caf" is 6 characters, the bad byte is the 7th
    assert (d.code, d.location.line, d.location.column) == ("SC003", 2, 7)
