"""Every text is given in every language the document declares in ``languages``.

Why: a bilingual standard handed to an English-speaking customer must not have clauses only in
Chinese (or the other way round). Titles, clause texts, terms, scope and requirement titles of
standards, and names of taxonomy entries, are all checked.

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
    kind: informative
    text:
      en: This standard covers the contact centre.
      zh: 本标准适用于呼叫中心。
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
    kind: informative
    text:
      zh: 本标准适用于呼叫中心。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from checker import codes
from checker.diagnostics import Severity
from checker.lint.check import Finding
from checker.lint.context import LintContext, texts
from checker.load.documents import describe

CODE = codes.MISSING_LANGUAGE
SEVERITY = Severity.ERROR

LANGUAGE_NAMES = {"en": "English", "zh": "Chinese"}


def run(context: LintContext) -> Iterator[Finding]:
    for document in context.library.documents:
        declared = getattr(document.model, "languages", None)
        if not declared:
            continue
        for path, text in texts(document.model):
            for lang in sorted(set(declared) - text.languages()):
                where, key = describe(document.raw, path, "en")
                yield Finding(
                    document.at(path),
                    f"{where}: `{key}` has no {LANGUAGE_NAMES[lang]} ({lang}) "
                    f"text, but the document declares languages: {', '.join(declared)}",
                    f"add {lang}: …",
                )
