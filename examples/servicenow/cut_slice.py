"""Cut ``incidents-slice.csv.gz`` from the real ServiceNow incident log (UCI dataset 498, part 1):
every snapshot row, unchanged, of the incidents chosen below, with the header.

Chosen: every incident whose priority (in any snapshot) is 1 - Critical or 2 - High — they are
rare (135 of 4,983) and carry their own goals — and every 15th of the others in file order. An
incident's rows are kept together and in file order, so each chosen case is complete. The output
is gzip with no file name and a zero time stamp, so cutting again gives the same bytes. Run from
the repository root:

    python examples/servicenow/cut_slice.py ../shared/realdata/servicenow-incidents/incident_event_log_part1.csv.gz
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
RARE = ("1 - Critical", "2 - High")
EVERY = 15


def main(source: Path, target: Path = HERE / "incidents-slice.csv.gz") -> None:
    with gzip.open(source, "rt", encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    rows = defaultdict(list)
    order: list[str] = []
    for line, record in zip(body, csv.reader(body), strict=True):
        if record[0] not in rows:
            order.append(record[0])
        rows[record[0]].append((line, record))
    priority = header.rstrip("\r\n").split(",").index("priority")
    others = [n for n in order if not any(r[priority] in RARE for _, r in rows[n])]
    chosen = {n for n in order if n not in set(others)} | set(others[::EVERY])
    out = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=out, mtime=0) as packed:
        packed.write(header.encode("utf-8"))
        for number in order:
            if number in chosen:
                packed.write("".join(line for line, _ in rows[number]).encode("utf-8"))
    target.write_bytes(out.getvalue())
    kept = sum(len(rows[n]) for n in chosen)
    print(f"wrote {len(chosen)} incidents ({kept} rows) to {target}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
