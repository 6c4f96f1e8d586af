"""Clause texts do not ask for an attitude ("热情", "courteous") without saying what is observed.

Why: the first principle of a service standard (docs/writing.md) is that it is explicit — "规范微笑服务：
八颗牙齿", not "smile warmly". "前台员工应态度热情" or "staff are courteous" cannot be audited: two
auditors would judge it differently. A text is reported when it uses a word of
``checker/lint/data/manner-words.yaml`` (zh and en; extend it there) and states neither a
quantity nor an observable behaviour from that file's ``observable`` list; the hint proposes
the word's observable remedy ("greets within 10 s", "eye contact", "eight teeth").

PASS:

```yaml
kind: standard
id: demo
title: {zh: 示例}
version: 1.0.0
status: draft
languages: [zh]
clauses:
  - number: "1"
    kind: qualitative
    text: {zh: 客人到达前台 10 秒内，员工起身问候并与客人目光接触。}
```

FAIL:

```yaml
kind: standard
id: demo
title: {zh: 示例}
version: 1.0.0
status: draft
languages: [zh]
clauses:
  - number: "1"
    kind: qualitative
    text: {zh: 前台员工应态度热情。}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Location, Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext, locate_word

CODE = codes.MANNER_WORDING
SEVERITY = Severity.WARNING


def run(context: LintContext) -> Iterator[Finding]:
    # Imported here: the audit's gate runs only the checks whose findings are errors, and this one's
    # helpers (word lists, the text's quantities) would otherwise load on every audit (issue 15).
    from checker.lint.manner import manner_words
    from checker.lint.wording import states_quantity

    words = manner_words()
    for document, standard in context.standards():
        speak = context.speaker(standard)
        lang = speak.lang
        for path, clause in standard.walk():
            for text_lang in sorted(clause.text.languages()):
                text = clause.text.get(text_lang)
                found = words.find(text, text_lang)
                if found is None or states_quantity(text):
                    continue
                word, remedy = found
                where = locate_word(document, (*path, "text", text_lang), word)
                end = Location(where.file, where.line, where.column + len(word))
                remedy = remedy if text_lang == lang else words.default[lang]
                yield Finding(
                    where,
                    speak._(
                        "clause {number}: '{word}' names an attitude, not something an auditor can observe",
                        number=clause.number,
                        word=word,
                    ),
                    speak._("state what is observed instead: {remedy}", remedy=remedy),
                    end=end if where != document.at((*path, "text", text_lang)) else None,
                )
