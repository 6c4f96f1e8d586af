"""The driver script for ``spark-submit``: ``servcheck audit`` on the session spark-submit made.

Why a script of its own: ``spark-submit`` runs a Python file, and the session must be the one
spark-submit configured (its master — YARN on EMR, its executors, its S3 credentials), not a new
``local[*]`` one. The arguments are exactly ``servcheck audit``'s (``--engine spark`` is implied)::

    spark-submit --master yarn --deploy-mode client \\
      "$(python -c 'import checker.engine.spark_job as j; print(j.__file__)')" \\
      standards/contact-centre.yaml --data dataset.yaml --format json:report.json

Exit codes are ``servcheck``'s (0 conformant, 1 nonconformities, 2 usage, 3 invalid input).
Also runnable as ``python -m checker.engine.spark_job …`` (then pyspark's default session: local).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Run ``servcheck audit ARGS --engine spark`` on ``SparkSession.builder.getOrCreate()``."""
    from checker.cli import cli
    from checker.engine.spark_backend import SparkNotInstalled, require_pyspark

    try:
        require_pyspark()
    except SparkNotInstalled as err:
        print(f"servcheck: {err}", file=sys.stderr)
        raise SystemExit(2) from None
    from pyspark.sql import SparkSession

    from checker.engine.spark_backend import SparkBackend

    backend = SparkBackend(SparkSession.builder.appName("servcheck").getOrCreate())
    args = list(sys.argv[1:] if argv is None else argv)
    cli.main(["audit", *args, "--engine", "spark"], prog_name="servcheck-spark-job", obj={"backend": backend})


if __name__ == "__main__":
    main()
