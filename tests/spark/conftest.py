"""One local Spark for every Spark test module: a classic SparkSession for the whole run (a ``spark``
backend per module runs on it), which also serves Spark Connect clients (``connect_url``).

Why one: each module starting and stopping its own session re-created the SparkContext and, worse, sent
every module's first statements to freshly planned code paths; a session-long one is started once. Why
Connect rides on it (Spark's Connect plugin, the way pyspark's own ``remote("local")`` starts its
server, but on a port the operating system picks at start-up): pyspark's in-process server binds the fixed
port 15002, which another Spark on the machine may hold (a parallel run failed on it), and it needs the
classic session stopped first. The Connect clients get server-side sessions of their own (their own
temporary views and settings), as on any shared Connect server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession

from checker.engine.spark_backend import SESSION_CONF, STARTUP_CONF, SparkBackend

CONNECT_PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin"
MASTER = "local[2]"
"""Two cores whatever the machine, so splits and concurrent jobs are alike on every run (CI has two)."""


@pytest.fixture(scope="session")
def spark_session() -> Iterator[SparkSession]:
    conf = {
        **STARTUP_CONF,
        **SESSION_CONF,
        "spark.plugins": CONNECT_PLUGIN,
        "spark.connect.grpc.binding.port": "0",  # any free port; read back below
    }
    session = SparkSession.builder.master(MASTER).appName("servcheck-tests").config(map=conf).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def spark(spark_session: SparkSession) -> SparkBackend:
    """A backend per module over the one session, as each module had before: a backend keeps what its
    Spark readers set aside by the name of the rejects view, so one shared by every module handed a
    later audit's streamed table the rejected lines of an earlier module's CSV of the same name."""
    return SparkBackend(spark_session)


@pytest.fixture(scope="session")
def connect_url(spark_session: SparkSession) -> str:
    """``sc://localhost:PORT`` of the Connect server the plugin started (test code may use the JVM
    handle; the backend never does)."""
    service = getattr(spark_session._jvm, "org.apache.spark.sql.connect.service.SparkConnectService$")
    return f"sc://localhost:{getattr(service, 'MODULE$').localPort()}"
