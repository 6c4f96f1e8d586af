"""Located problems: every error or finding names a file and a line:column.

Loading, validation, lint checks and the audit planner all report through the same
`Diagnostic` type so that every output format (text, JSON, SARIF, JUnit) can render any of them.
A diagnostic is made only from a registered :class:`~checker.codes.Code`, so its code and name
come from ``checker/codes.py`` and are never typed at the call site.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from checker.codes import REGISTRY, Code, stopping_exit_code
from checker.exitcodes import ExitCode


class Severity(StrEnum):
    """Lint severities, ordered: ``error`` > ``warning`` > ``info``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def word(self, lang: str = "en") -> str:
        """The severity as a reader of ``lang`` says it (``error`` → ``错误``)."""
        from checker.i18n import speaker

        speak = speaker(lang)
        return {
            "error": speak.p_("severity", "error"),
            "warning": speak.p_("severity", "warning"),
            "info": speak.p_("severity", "info"),
        }[self.value]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a file. ``line == 0`` means the whole file."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One located problem of a registered ``kind``: ``code`` is stable (``SC101``), ``name`` its alias."""

    kind: Code
    severity: Severity
    message: str
    location: Location
    hint: str | None = None
    end: Location | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, Code) or not REGISTRY.owns(self.kind):
            raise TypeError(f"a Diagnostic needs a Code registered in checker.codes, not {self.kind!r}")

    @classmethod
    def of(
        cls, kind: Code, message: str, location: Location, hint: str | None = None, severity: Severity = Severity.ERROR
    ) -> Diagnostic:
        """The usual way to make one: an error unless ``severity`` says otherwise."""
        return cls(kind, severity, message, location, hint)

    @property
    def code(self) -> str:
        return self.kind.code

    @property
    def name(self) -> str:
        return self.kind.name

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)

    def render(self, lang: str = "en") -> str:
        """``file:line:col: CODE severity message`` — the text format's one line, its severity word
        in ``lang`` (the message is already in the language it was made in).

        Messages quote the user's files (a CSV header, a YAML key), which anyone can write: control
        characters are shown as escapes so an ESC sequence or a carriage return cannot rewrite
        what the reader's terminal shows."""
        from checker.report.safe_text import terminal_text

        text = f"{self.location}: {self.code} {self.severity.word(lang)} {self.message} [{self.name}]"
        if self.hint:
            text += f" ({self.hint})"
        return terminal_text(text)


class InvalidInput(Exception):
    """Raised when input cannot be used at all; carries every located problem found."""

    def __init__(self, diagnostics: Sequence[Diagnostic], lang: str = "en"):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        self.lang = lang
        """The language the messages were made in (the document's or the one asked for)."""
        super().__init__("\n".join(d.render(lang) for d in self.diagnostics))

    @property
    def exit_code(self) -> ExitCode:
        """3 for unusable input, 2 when only the command line was wrong: from the codes' groups."""
        return stopping_exit_code(d.kind for d in self.diagnostics)
