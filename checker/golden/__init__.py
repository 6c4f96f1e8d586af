"""Golden cases (``cases:`` in a standard) and ``servcheck test``: a case's rows become a dataset
mapped one to one on the canonical tables, the normal audit runs on it, and the named
requirements' outcomes and figures are compared with what the case expects (docs/golden-cases.md).

Stages: ``catalogue`` (the canonical tables, a row's values checked and written as text) →
``dataset`` (rows → CSV files and a mapping) → ``run`` (the audit, the comparison) →
``report`` (text and JUnit XML); ``collect`` finds the standards under the paths given.
"""
