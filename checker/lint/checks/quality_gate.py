"""A table's ``quality`` gate gives shares with a % sign within 0–100%, fields the table maps and a duration.

Why: every requirement resting on a table that fails its data-quality gate is ``insufficient-data``
(``docs/coverage.md``). A threshold that does not parse, a share above 100%, a completeness
threshold on a field the table does not map or a freshness that is not a plain duration would
either stop the audit after the data was read or gate nothing; each is refused where it is written.

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: Offered, type: timestamp, required: true}
      wait: {column: WaitSec, type: duration, unit: s}
    quality: {max_rejected: 10%, complete: {wait: 99%}, fresh_within: 1 day}
```

FAIL:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  calls:
    source: [calls.csv]
    key: [call_id]
    time: offered_at
    fields:
      call_id: {column: CallID, required: true}
      offered_at: {column: Offered, type: timestamp, required: true}
      wait: {column: WaitSec, type: duration, unit: s}
    quality: {max_rejected: 0.1, complete: {waiting: 99%}, fresh_within: 3 business days}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.i18n import Speaker, speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext
from checker.model.quantity import QuantityError, parse_duration, parse_percent

CODE = codes.QUALITY_GATE
SEVERITY = Severity.ERROR


def _share_problem(value: str, speak: Speaker | None = None) -> str | None:
    """Why ``value`` is not a share of rows, or None.

    >>> _share_problem("10%") is None
    True
    >>> _share_problem("120%")
    "'120%' is above 100%"
    """
    try:
        share = parse_percent(value)
    except QuantityError as err:
        return str(err)
    if share < 0 or share > 1:
        speak = speak or speaker("en")
        if share > 1:
            return speak._("{value!r} is above 100%", value=value)
        return speak._("{value!r} is below 0%", value=value)
    return None


def run(context: LintContext) -> Iterator[Finding]:
    speak = context.speaker()
    for document in context.library.of_kind("dataset"):
        for name, table in document.model.tables.items():
            quality = table.quality
            if quality is None:
                continue
            base = ("tables", name, "quality")
            if quality.max_rejected is not None:
                problem = _share_problem(quality.max_rejected, speak)
                if problem:
                    yield Finding(
                        document.at((*base, "max_rejected")),
                        speak._("table {table!r}: max_rejected: {problem}", table=name, problem=problem),
                    )
            for field, threshold in quality.complete.items():
                if field not in table.fields:
                    yield Finding(
                        document.key_at((*base, "complete", field)),
                        speak._(
                            "table {table!r}: complete names {field!r}, which is not one of its fields",
                            table=name,
                            field=field,
                        ),
                        speak._("its fields: {fields}", fields=", ".join(sorted(table.fields))),
                    )
                problem = _share_problem(threshold, speak)
                if problem:
                    yield Finding(
                        document.at((*base, "complete", field)),
                        speak._(
                            "table {table!r}: complete.{field}: {problem}", table=name, field=field, problem=problem
                        ),
                    )
            if quality.fresh_within is not None:
                try:
                    fresh = parse_duration(quality.fresh_within)
                    problem = (
                        speak._("a business duration depends on a calendar; write elapsed time")
                        if fresh.business
                        else None
                    )
                except QuantityError as err:
                    problem = str(err)
                if problem:
                    yield Finding(
                        document.at((*base, "fresh_within")),
                        speak._("table {table!r}: fresh_within: {problem}", table=name, problem=problem),
                    )
