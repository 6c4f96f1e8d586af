"""The lint command's option choices, in a module of their own so that ``servcheck lint`` can parse
its command line (and answer from :mod:`checker.lint.cache`) before the checks, the models and
their libraries are imported."""

from __future__ import annotations

FAIL_ON_LEVELS = ("error", "warning", "info", "never")
"""``--fail-on``: the lowest severity that makes a run exit 1 (``never``: findings never do)."""

FORMAT_NAMES = ("text", "json", "sarif", "junit")
"""``--format``: the keys of :data:`checker.lint.formats.FORMATS`, in its order (a test pins them)."""
