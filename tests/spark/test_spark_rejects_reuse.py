"""A Spark backend used for two readings keeps no set-aside lines of the first under a name the second reuses.

Spark's CSV reader sets malformed lines aside in Python (``SparkBackend._rejects``, by the rejects
name ``_rej_<tag>``); a streamed reader writes its set-aside lines as a relation of that same name
(:mod:`checker.sources.view`). A notebook that audits twice on one backend gave the second reading
the first one's rejected lines when the two shared a tag. The relation made later wins.
"""

from __future__ import annotations

from pathlib import Path

from checker.engine.backend import Rows
from checker.engine.spark_backend import SparkBackend
from checker.sources.reader import NativeRead

REJECTS = "_rej_t0"


def test_a_relation_made_under_a_rejects_name_replaces_what_a_reader_set_aside(
    tmp_path: Path, spark: SparkBackend
) -> None:
    backend = SparkBackend(spark.spark)  # a backend of its own: nothing set aside yet
    calls = tmp_path / "calls.csv"
    # line 3 (the header is line 1) misses a field: the reader sets it aside
    calls.write_text("call_id,wait,queue\nc1,5,general\nc2,5\nc3,30,general\n", encoding="utf-8")
    options = {"header": True, "sep": ",", "quotechar": '"', "scan": "_rejscan_t0"}
    backend.read_native("_src_t0", NativeRead("csv", calls, True, options, rejects=REJECTS))
    first = backend.rejected_lines(REJECTS)
    assert [line for line, _error in first] == [3]

    # a later reading streams a file and sets its line 7 aside under the same name
    backend.load_rows(REJECTS, Rows((("line", "BIGINT"), ("error_type", "VARCHAR")), ((7, "bad timestamp"),)))
    assert backend.rejected_lines(REJECTS) == [(7, "bad timestamp")]

    # and a reading that sets nothing aside leaves nothing behind
    backend.drop(REJECTS)
    assert backend.rejected_lines(REJECTS) == []
