"""Clause texts do not use vague words ("promptly", "及时") without stating a quantity.

Why: docs/writing.md's clarity, measurability and timeliness principles — "complaints are handled
promptly" promises nothing that can be checked; "within 2 hours" does. A text is reported when
it uses a word from ``checker/lint/data/vague-words.yaml`` (English and Chinese lists; extend
them there) and states no quantity (no digit, no "三声"/"两小时", no "three rings").

PASS:

```yaml
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
clauses:
  - number: "1"
    kind: qualitative
    text:
      en: Complaints are acknowledged within 2 hours.
      zh: 投诉在2小时内确认。
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
clauses:
  - number: "1"
    kind: qualitative
    text:
      en: Complaints are acknowledged promptly.
      zh: 投诉在2小时内确认。
```

FAIL:

```yaml
kind: standard
id: demo
title: {en: Demo, zh: 示例}
version: 1.0.0
status: draft
languages: [en, zh]
clauses:
  - number: "1"
    kind: qualitative
    text:
      en: Complaints are acknowledged within 2 hours.
      zh: 投诉应及时确认。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext, locate_word

CODE = codes.VAGUE_WORDING
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    # Imported here: the audit's gate runs only the checks whose findings are errors, and this one's
    # helpers (word lists, the text's quantities) would otherwise load on every audit (issue 15).
    from checker.lint.wording import states_quantity, vague_words

    words = vague_words()
    for document, standard in context.standards():
        speak = context.speaker(standard)
        for path, clause in standard.walk():
            for lang in sorted(clause.text.languages()):
                text = clause.text.get(lang)
                word = words.find(text, lang)
                if word is None or states_quantity(text):
                    continue
                where = locate_word(document, (*path, "text", lang), word)
                located = where != document.at((*path, "text", lang))
                yield Finding(
                    where,
                    speak._("clause {number}: {word!r} says no number", number=clause.number, word=word),
                    speak._("state the limit, e.g. 'within 2 hours' / '2小时内'"),
                    end=Location(where.file, where.line, where.column + len(word)) if located else None,
                )
