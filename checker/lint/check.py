"""What a lint check is: a code, a name, a default severity, its documentation and its function.

Checks yield :class:`Finding` (where and what); the :class:`Check` wrapper turns them into
:class:`~checker.diagnostics.Diagnostic` with its own code, name and severity, so a check module
never repeats its identity and the configuration can change a severity in one place.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from checker.diagnostics import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from checker.lint.context import LintContext


@dataclass(frozen=True)
class Finding:
    """One problem a check found; ``code`` overrides the check's own (``SC015`` for a unit)."""

    location: Location
    message: str
    hint: str | None = None
    code: str | None = None


CheckFunction = Callable[["LintContext"], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """A registered lint check. ``doc`` is the module docstring: summary, rationale, PASS, FAIL."""

    code: str
    name: str
    severity: Severity
    doc: str
    function: CheckFunction
    enabled_by_default: bool = True
    also_emits: tuple[str, ...] = ()

    @classmethod
    def from_module(cls, module: ModuleType) -> Check:
        """Read ``CODE``, ``NAME``, ``SEVERITY``, ``run`` (and optional extras) from a module."""
        return cls(
            code=module.CODE,
            name=module.NAME,
            severity=module.SEVERITY,
            doc=inspect.cleandoc(module.__doc__ or ""),
            function=module.run,
            enabled_by_default=getattr(module, "ENABLED_BY_DEFAULT", True),
            also_emits=tuple(getattr(module, "ALSO_EMITS", ())),
        )

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.splitlines()[0] if self.doc else self.name

    @property
    def codes(self) -> tuple[str, ...]:
        return (self.code, *self.also_emits)

    def run(self, context: LintContext, severity: Severity | None = None) -> Iterator[Diagnostic]:
        """Run the check and stamp each finding with this check's identity."""
        level = severity or self.severity
        for finding in self.function(context):
            yield Diagnostic(
                finding.code or self.code,
                self.name,
                level,
                finding.message,
                finding.location,
                finding.hint,
            )
