"""Cut ``Helpdesk-slice.xes`` from the real ``Helpdesk.xes.gz``: the traces of the 40 tickets in
``Helpdesk-slice.csv``, every line of them unchanged, with the log's header (extensions, globals,
classifiers, log attributes) and closing tag.

The slice is cut by text, trace by trace, so the shipped file is byte for byte what the real log
says about those tickets (no re-serialisation by an XML library). Run from the repository root:

    python examples/helpdesk/cut_xes_slice.py ../shared/realdata/helpdesk/Helpdesk.xes.gz
"""

from __future__ import annotations

import csv
import gzip
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
CASE = re.compile(r'<string key="concept:name" value="([^"]*)"/>')


def main(source: Path) -> None:
    with (HERE / "Helpdesk-slice.csv").open(encoding="utf-8", newline="") as handle:
        wanted = {row["case:concept:name"] for row in csv.DictReader(handle)}
    out: list[str] = []
    trace: list[str] | None = None
    kept: set[str] = set()
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() == "<trace>":
                trace = [line]
            elif trace is not None:
                trace.append(line)
                if line.strip() == "</trace>":
                    found = CASE.search(trace[1])  # the trace's first attribute is its name in this log
                    if found and found.group(1) in wanted:
                        out.extend(trace)
                        kept.add(found.group(1))
                    trace = None
            else:
                out.append(line)
    if kept != wanted:
        raise SystemExit(f"tickets of the CSV slice not found in the XES: {sorted(wanted - kept)}")
    (HERE / "Helpdesk-slice.xes").write_text("".join(out), encoding="utf-8")
    print(f"wrote {len(kept)} traces to {HERE / 'Helpdesk-slice.xes'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
