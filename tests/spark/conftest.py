"""One local SparkSession for every Spark test (starting one costs 10–40 s on this machine)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from checker.engine.spark_backend import SparkBackend, local_session


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkBackend]:
    session = local_session()
    session.sparkContext.setLogLevel("ERROR")
    yield SparkBackend(session)
    session.stop()
