"""Tables servcheck ships as YAML are read in C (``packaged_yaml``); the data must be what the pure
Python ``yaml.safe_load`` reads, file by file, so the faster parser changes nothing (issue 15)."""

from __future__ import annotations

import doctest

import pytest
import yaml

import checker.load.yaml_source
from checker.golden import catalogue
from checker.load import tightening
from checker.load.yaml_source import packaged_yaml

FILES = [
    catalogue.resources.files("checker.golden").joinpath("tables.yaml"),
    tightening.TABLE,
]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_c_and_python_read_the_same_data(path) -> None:
    text = path.read_text(encoding="utf-8")
    data = packaged_yaml(text)
    assert data == yaml.safe_load(text) and data  # not empty either


def test_the_readers_use_it() -> None:
    assert set(catalogue.tables()) >= {"calls", "surveys"}
    assert set(tightening.directions()) == set(yaml.safe_load(tightening.TABLE.read_text(encoding="utf-8")))


def test_docstring_examples_run() -> None:
    assert doctest.testmod(checker.load.yaml_source).failed == 0
