"""``servcheck diff OLD NEW``: what changed between two versions of a standard (docs/diff.md).

:mod:`checker.diff.changes` finds the changes (requirements tracked by id, directions from the
overlay direction table); :mod:`checker.diff.render` writes them as text, Markdown or JSON.
"""

from checker.diff.changes import FAIL_ON, Change, FieldChange, StandardDiff, diff_standards

__all__ = ["FAIL_ON", "Change", "FieldChange", "StandardDiff", "diff_standards"]
