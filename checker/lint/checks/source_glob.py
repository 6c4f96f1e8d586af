"""Each ``source`` of a dataset table matches files (not folders), relative to the mapping file.

Why: the audit expands the globs exactly so and stops when one matches nothing (reported as
``SC041 missing-source``, the code the audit gives it); a glob that
matches a folder (``data/*`` with a sub-folder, or ``data``) makes the reader fail on a
directory. A pattern that matches a folder is refused even when it also matches files: write a
pattern for the files (``data/*.csv``, ``data/**/*.csv``). A URI (``s3a://…``, ``file://…``) is
read by Spark where it lives and is not looked for here (the audit refuses it on DuckDB, SC049).

PASS:

```yaml
kind: dataset
id: demo
title: {en: Demo}
tables:
  calls:
    source: [examples/contact-centre/calls.csv]
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
tables:
  calls:
    source: [examples/contact-centre]
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
from checker.lint.context import LintContext

# checker.lint.dataset_sources (and the source readers' helpers it brings) is imported when a dataset
# is linted: a lint of standards and rules has none to look at.

CODE = codes.SOURCE_GLOB
SEVERITY = Severity.ERROR
ALSO_EMITS = (codes.MISSING_SOURCE,)
"""A source that matches nothing keeps the code the audit has always given it (missing-source)."""


def run(context: LintContext) -> Iterator[Finding]:
    datasets = context.library.of_kind("dataset")
    if not datasets:
        return
    from checker.lint.dataset_sources import matches
    from checker.sources.files import is_uri

    speak = context.speaker()
    for document in datasets:
        folder = document.path.parent
        for name, table in document.model.tables.items():
            for i, pattern in enumerate(table.source):
                if is_uri(pattern):
                    continue
                found = matches(document, pattern)
                at = document.at(("tables", name, "source", i))
                if not found:
                    yield Finding(
                        at,
                        speak._(
                            "table {table!r}: source {pattern!r} matches no file (looked in {folder})",
                            table=name,
                            pattern=pattern,
                            folder=folder,
                        ),
                        speak._("paths and globs are relative to the mapping file; check the name, or use * and **"),
                        code=codes.MISSING_SOURCE,
                    )
                    continue
                folders = [path for path in found if path.is_dir()]
                if folders:
                    shown = folders[0].name or str(folders[0])
                    yield Finding(
                        at,
                        speak._(
                            "table {table!r}: source {pattern!r} matches the folder {folder!r}",
                            table=name,
                            pattern=pattern,
                            folder=shown,
                        )
                        + (speak.n_(" and {n} more", " and {n} more", len(folders) - 1) if len(folders) > 1 else ""),
                        speak._("match the files inside it, e.g. {example}", example=pattern.rstrip("/") + "/*.csv")
                        if pattern.rstrip("/").endswith(shown)
                        else speak._("make the pattern end in the files' extension, e.g. *.csv"),
                    )
