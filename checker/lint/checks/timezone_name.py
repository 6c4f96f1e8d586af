"""Time zones are canonical IANA names (``Asia/Shanghai``, ``Europe/London``, ``UTC``).

Why: a dataset's zone turns naive timestamps into instants and places records in days and
hours. ``localtime`` means whatever the auditing machine is set to, ``posix/…`` and ``right/…``
are files of one system's zoneinfo folder (``right/`` even counts leap seconds), and aliases such
as ``US/Eastern`` or ``Asia/Calcutta`` are kept by tzdata only for old software: reports
must name the zone one way. A name that is no zone at all is ``SC042 timezone``, the audit's code
for it. Applies to a dataset's ``timezone``, each table's, and every business
calendar's (in datasets, standards and calendar files). The hint names the canonical zone.

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
timezone: America/New_York
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: QueueEnterTime, type: timestamp}
```

FAIL:

```yaml
kind: dataset
id: demo
title: {en: Demo}
timezone: US/Eastern
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID}
      offered_at: {column: QueueEnterTime, type: timestamp}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import DocPath, LintContext
from checker.lint.timezones import is_unknown, zone_problem
from checker.load.documents import Document

CODE = codes.TIMEZONE_NAME
ALSO_EMITS = (codes.TIMEZONE,)
"""A name that is no zone at all keeps the audit's code for it (SC042 timezone)."""
SEVERITY = Severity.ERROR


def _zones(document: Document) -> Iterator[tuple[DocPath, str]]:
    model = document.model
    if document.kind == "dataset":
        if "timezone" in document.raw:
            yield ("timezone",), model.timezone
        for name, table in model.tables.items():
            if table.timezone is not None:
                yield ("tables", name, "timezone"), table.timezone
        for name, calendar in model.calendars.items():
            yield ("calendars", name, "timezone"), calendar.timezone
    elif document.kind == "standard":
        for name, calendar in model.settings.calendars.items():
            yield ("settings", "calendars", name, "timezone"), calendar.timezone
    elif document.kind == "calendar":
        yield ("timezone",), model.timezone


def run(context: LintContext) -> Iterator[Finding]:
    for document in context.library.documents:
        for path, zone in _zones(document):
            problem = zone_problem(zone, context.speaker())
            if problem is not None:
                message, hint = problem
                yield Finding(document.at(path), message, hint, code=codes.TIMEZONE if is_unknown(zone) else None)
