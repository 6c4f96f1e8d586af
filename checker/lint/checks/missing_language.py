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
from checker.i18n import N_, speaker
from checker.lint.check import Finding
from checker.lint.context import LintContext, run_language, texts
from checker.load.documents import describe

CODE = codes.MISSING_LANGUAGE
SEVERITY = Severity.ERROR

LANGUAGE_NAMES = {"en": N_("English"), "zh": N_("Chinese")}


def run(context: LintContext) -> Iterator[Finding]:
    for document in context.library.documents:
        declared = getattr(document.model, "languages", None)
        if not declared:
            continue
        told = run_language(context.library, context.lang) if document.kind != "standard" else None
        speak = speaker(context.lang or told or declared[0])
        for path, text in texts(document.model):
            for lang in sorted(set(declared) - text.languages()):
                where, key = describe(document.raw, path, speak.lang)
                yield Finding(
                    document.at(path),
                    speak._(
                        "{where}: `{key}` has no {language} ({lang}) text, "
                        "but the document declares languages: {declared}",
                        where=where,
                        key=key,
                        language=speak._(LANGUAGE_NAMES[lang]),
                        lang=lang,
                        declared=", ".join(declared),
                    ),
                    speak._("add {lang}: …", lang=lang),
                )
