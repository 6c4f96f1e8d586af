"""One local SparkSession per Spark test module that asks for ``spark`` (starting one costs 10–40 s on
this machine); module scope, as the Connect and sources modules start and stop sessions of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.engine.spark_backend import SparkBackend, local_session


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkBackend]:
    session = local_session()
    session.sparkContext.setLogLevel("ERROR")
    yield SparkBackend(session)
    session.stop()
