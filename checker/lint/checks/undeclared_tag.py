"""A clause's own tags come from a tag set its standard declares, with one of that set's values.

A tag naming no declared set is refused when the standard loads (SC011, see
:mod:`checker.load.tag_sets`); this check catches a value outside its set, which still loads.

Why: a standard may declare its own taxonomies (``tag_sets:``: a GB/T 42509 plan–operate–evaluate
stage, a touchpoint, a journey stage) and the report rolls results up by them. A misspelt value
(``operat``) would start a roll-up row of its own and an undeclared tag would be rolled up by
nothing: both hide a clause from the roll-up it belongs to.

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
tag_sets:
  stage:
    title: {en: GB/T 42509 stage}
    values: [plan, operate, evaluate]
clauses:
  - number: "1"
    kind: qualitative
    text: {en: Service results are reviewed every month.}
    tags: {stage: evaluate}
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo}
version: 1.0.0
status: draft
languages: [en]
tag_sets:
  stage:
    title: {en: GB/T 42509 stage}
    values: [plan, operate, evaluate]
clauses:
  - number: "1"
    kind: qualitative
    text: {en: Service results are reviewed every month.}
    tags: {stage: review}
```
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext

CODE = codes.UNDECLARED_TAG
SEVERITY = Severity.ERROR


def run(context: LintContext) -> Iterator[Finding]:
    for document, standard in context.standards():
        speak = context.speaker(standard)
        declared = standard.tag_sets
        for path, clause in standard.walk():
            if clause.tags is None:
                continue
            for tag, value in sorted((clause.tags.model_extra or {}).items()):
                if tag in declared and value not in declared[tag].values:  # an undeclared tag does not load
                    close = difflib.get_close_matches(value, declared[tag].values, n=1, cutoff=0.6)
                    yield Finding(
                        document.at((*path, "tags", tag)),
                        speak._(
                            "clause {number}: {tag} {value!r} is not one of the declared values ({values})",
                            number=clause.number,
                            tag=tag,
                            value=value,
                            values=", ".join(declared[tag].values),
                        ),
                        speak._("did you mean {word!r}?", word=close[0])
                        if close
                        else speak._("add {value!r} to tag_sets.{tag}.values", value=value, tag=tag),
                    )
