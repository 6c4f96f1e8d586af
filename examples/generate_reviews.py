"""Generate seeded call-recording reviews of real calls of the contact-centre example.

A quality team listens to a sample of answered calls and judges five checklist items on each
(greeting, identity check, empathy, resolution confirmed, closing): pass, fail or n.a. (an item that
does not apply: no identity check on a general enquiry). The reviewer, the review date (the call's
day or up to two days later, within the example's fortnight) and an evidence reference (the
recording and the second at which the item was heard) come with each result, and each row says how
its call was drawn (``Sample``, as ``servcheck sample`` writes it).

    python examples/generate_reviews.py --calls examples/contact-centre/calls.csv \\
        --out examples/contact-centre/reviews.csv --seed 12 --calls-reviewed 60

The output is byte-identical for the same arguments (``random.Random(seed)`` and the calls file
alone decide it). Columns are in a review tool's layout (``ItemCode``, ``CallID``, ``Result`` =
PASS/FAIL/NA …) for the dataset mapping to translate.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ITEMS: tuple[tuple[str, float, float], ...] = (
    # the review tool's item code (the mapping names them), P(does not apply), P(fails when it applies)
    ("GREET", 0.0, 0.03),
    ("IDV", 0.35, 0.08),
    ("EMP", 0.0, 0.12),
    ("RESOLVE", 0.1, 0.06),
    ("CLOSE", 0.0, 0.04),
)
REVIEWERS = ("QA-LIN", "QA-WANG", "QA-ZHOU")
LAST_DAY = date(2024, 4, 14)
HEADER = ["ItemCode", "CallID", "Reviewer", "ReviewedOn", "Result", "EvidenceRef", "Sample"]


def answered_calls(calls_csv: Path) -> list[tuple[str, datetime, int]]:
    """Answered calls of the agent queues (not the telephony team's test queue): id, entry time, talk seconds."""
    out = []
    with calls_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Result"] == "ANS" and row["QueueName"] != "Q_TEST" and row["TalkMs"]:
                offered = datetime.strptime(row["QueueEnterTime"], "%Y/%m/%d %H:%M:%S")
                out.append((row["CallID"], offered, int(row["TalkMs"]) // 1000))
    return out


def review_rows(calls: list[tuple[str, datetime, int]], seed: int, reviewed: int) -> list[list[str]]:
    """One row per checklist item of each of ``reviewed`` calls drawn without replacement."""
    rng = random.Random(seed)
    sample = f"{reviewed} answered calls drawn by examples/generate_reviews.py with random.Random({seed})"
    chosen = sorted(rng.sample(calls, min(reviewed, len(calls))), key=lambda c: c[0])
    rows = []
    for call_id, offered, talk in chosen:
        reviewer = rng.choice(REVIEWERS)
        day = min(offered.date() + timedelta(days=rng.randint(0, 2)), LAST_DAY)
        for item, na, fail in ITEMS:
            if rng.random() < na:
                rows.append([item, call_id, reviewer, day.isoformat(), "NA", "", sample])
                continue
            result = "FAIL" if rng.random() < fail else "PASS"
            second = rng.randint(0, max(talk - 1, 0))
            evidence = f"REC-{call_id}@{second // 60:02d}:{second % 60:02d}"
            rows.append([item, call_id, reviewer, day.isoformat(), result, evidence, sample])
    return rows


def reviews_csv(calls_csv: Path, seed: int = 12, reviewed: int = 60) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(review_rows(answered_calls(calls_csv), seed, reviewed))
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=Path, required=True, help="the example's calls.csv")
    parser.add_argument("--out", type=Path, required=True, help="reviews.csv to write")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--calls-reviewed", type=int, default=60)
    args = parser.parse_args(argv)
    if args.calls_reviewed < 1:
        print("error: --calls-reviewed must be at least 1", file=sys.stderr)
        return 2
    args.out.write_text(reviews_csv(args.calls, args.seed, args.calls_reviewed), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
