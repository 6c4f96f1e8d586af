"""What a lint check is: a registered code, a default severity, its documentation and its function.

Checks yield :class:`Finding` (where and what); the :class:`Check` wrapper turns them into
:class:`~checker.diagnostics.Diagnostic` with its own code and severity, so a check module
never repeats its identity and the configuration can change a severity in one place. A check
module's ``CODE`` is a :class:`~checker.codes.Code` of ``checker/codes.py``, which holds its name.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from checker.codes import Code
from checker.diagnostics import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from checker.lint.context import LintContext


@dataclass(frozen=True)
class Finding:
    """One problem a check found; ``code`` overrides the check's own (``codes.UNIT`` for a unit)."""

    location: Location
    message: str
    hint: str | None = None
    code: Code | None = None
    end: Location | None = None
    """Where the finding's text ends (a word's last column + 1), for SARIF regions."""


CheckFunction = Callable[["LintContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A registered lint check. ``doc`` is the module docstring: summary, rationale, PASS, FAIL."""

    kind: Code
    severity: Severity
    doc: str
    function: CheckFunction
    enabled_by_default: bool = True
    also_emits: tuple[Code, ...] = ()

    @classmethod
    def from_module(cls, module: ModuleType) -> Check:
        """Read ``CODE`` (a registered Code), ``SEVERITY``, ``run`` (and optional extras) from a module."""
        if not isinstance(module.CODE, Code) or hasattr(module, "NAME"):
            raise TypeError(
                f"{module.__name__}: CODE must be a Code of checker/codes.py (CODE = codes.SOME_CHECK), "
                f"not {module.CODE!r}, and the name comes from there (no NAME constant)"
            )
        return cls(
            kind=module.CODE,
            severity=module.SEVERITY,
            doc=inspect.cleandoc(module.__doc__ or ""),
            function=module.run,
            enabled_by_default=getattr(module, "ENABLED_BY_DEFAULT", True),
            also_emits=tuple(getattr(module, "ALSO_EMITS", ())),
        )

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else self.name

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *(extra.code for extra in self.also_emits))

    def run(self, context: LintContext, severity: Severity | None = None) -> Iterator[Diagnostic]:
        """Run the check and stamp each finding with this check's identity."""
        level = severity or self.severity
        for finding in self.function(context):
            yield Diagnostic(
                finding.code or self.kind, level, finding.message, finding.location, finding.hint, finding.end
            )
