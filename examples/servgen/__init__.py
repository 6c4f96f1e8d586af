"""servgen: seeded, realistic contact-centre data for servcheck examples and benchmarks.

Put ``examples/`` on ``sys.path`` to import it; ``examples/generate.py`` is its command line.
"""

from servgen.export import TABLES, csv_to_parquet, iter_day_rows, write_csv_tables
from servgen.scenario import QUEUES, TIMEZONE, BreachPlan, Scenario

__all__ = [
    "QUEUES",
    "TABLES",
    "TIMEZONE",
    "BreachPlan",
    "Scenario",
    "csv_to_parquet",
    "iter_day_rows",
    "write_csv_tables",
]
