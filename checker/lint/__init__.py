"""``servcheck lint``: checks that keep a repository of standards clear, measurable and consistent.

One module per check under :mod:`checker.lint.checks`, listed explicitly in
:mod:`checker.lint.registry`; each module's docstring is its documentation and carries a PASS and
a FAIL example that the test suite runs, so the documentation cannot drift from the behaviour.
"""
