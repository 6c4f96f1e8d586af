"""A standard's ``review_by`` date has not passed.

Why: a service standard is reviewed periodically (ISO 23592 asks for continual improvement; GB/T
standards are re-examined at most every five years): targets set for last year's demand and
technology drift from what customers expect. ``review_by: YYYY-MM-DD`` records the next review;
once that date has passed the standard is reported until it is reviewed and the date moved on.
"Today" is the system's date, or ``servcheck lint --today YYYY-MM-DD`` for a reproducible run.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
review_by: "2999-12-31"
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
review_by: "2020-01-31"
languages: [en]
clauses:
  - number: "1"
    kind: informative
    text: {en: Scope of the standard.}
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.REVIEW_OVERDUE
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        if standard.review_by is None:
            continue
        try:
            due = dt.date.fromisoformat(standard.review_by)
        except ValueError:
            continue  # 2025-02-30 matches the pattern; loading reports impossible dates as SC014
        if due < context.today:
            speak = context.speaker(standard)
            days = (context.today - due).days
            yield Finding(
                document.at(("review_by",)),
                speak.n_(
                    "the standard was due for review on {review_by} ({n} day ago)",
                    "the standard was due for review on {review_by} ({n} days ago)",
                    days,
                    review_by=standard.review_by,
                ),
                speak._("review it, then set `review_by` to the next review date"),
                end=document.positions.end_of(document.at(("review_by",))),
            )
