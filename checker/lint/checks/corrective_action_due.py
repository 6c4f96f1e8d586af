"""A requirement's corrective action is due on a real date, written ``YYYY-MM-DD``.

Why: the report's corrective-action list shows the due date to a client who will hold the owner to
it; ``2026-02-30`` or ``next month`` cannot be held to, and would be printed as written.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Calls are answered quickly.}
    requirements:
      - id: asa
        rule: contact.asa
        target: "<= 30s"
        owner: Head of operations
        corrective_action:
          text: {en: Add two agents to the morning shift.}
          due: "2026-06-30"
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
clauses:
  - number: "1"
    text: {en: Calls are answered quickly.}
    requirements:
      - id: asa
        rule: contact.asa
        target: "<= 30s"
        corrective_action:
          text: {en: Add two agents to the morning shift.}
          due: "2026-02-30"
```
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import N_
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.CORRECTIVE_ACTION_DUE
SEVERITY = Severity.ERROR

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def problem(due: str) -> str | None:
    """Why ``due`` is not a due date, or None when it is one.

    >>> problem("2026-06-30") is None
    True
    >>> problem("2026-02-30")
    'day is out of range for month'
    >>> problem("30/06/2026")
    'write it YYYY-MM-DD'
    """
    if not ISO_DATE.fullmatch(due):
        return N_("write it YYYY-MM-DD")
    try:
        dt.date.fromisoformat(due)
    except ValueError as err:
        return str(err)
    return None


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, _clause, requirement in standard.requirements():
            action = requirement.corrective_action
            if action is None or action.due is None:
                continue
            why = problem(action.due)
            if why is not None:
                yield Finding(
                    document.at((*path, "corrective_action", "due")),
                    speak._(
                        "requirement {id!r}: corrective action due {due!r} is not a date ({why})",
                        id=requirement.id,
                        due=action.due,
                        why=speak._(why),
                    ),
                    speak._("give the due date as YYYY-MM-DD, e.g. 2026-06-30"),
                )
