"""One local SparkSession for every Spark test (starting one costs 10–40 s).

Session scope, not module scope: ``test_spark_sql.py`` runs its printed SQL on the same session the
parity audits use, so the folder pays one start. CI runs these tests (``.ci/run`` installs the
``spark`` extra).
"""

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
