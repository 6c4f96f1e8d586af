"""What ``servcheck`` does when it has a bug: the traceback to a file, one line to the user, exit 4.

Why: a crash used to end in a Python traceback with exit 1, the code for "nonconformities found",
so CI could not tell a bug from a verdict, and the traceback buried the one thing a user needs
(this is not your input's fault; here is what to send us). The details go to a
``servcheck-crash-*.txt`` file in ``$SERVCHECK_CRASH_DIR`` (when set) or the system's temporary
folder; standard error gets one ``SC080 internal-error`` line naming that file.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from checker import __version__, codes
from checker.diagnostics import Diagnostic, Location
from checker.i18n import LANGUAGES, speaker

CRASH_DIR_VARIABLE = "SERVCHECK_CRASH_DIR"
MAX_SUMMARY = 200
"""Characters of the exception's own message repeated on the one line (the file has all of it)."""


def _candidate_dirs() -> list[Path]:
    chosen = os.environ.get(CRASH_DIR_VARIABLE)
    default = Path(tempfile.gettempdir())
    return [Path(chosen), default] if chosen else [default]


def _details(error: BaseException, argv: list[str]) -> str:
    lines = [
        f"servcheck {__version__} crashed: this is a bug in servcheck, not a problem with your input.",
        f"command: {' '.join(argv)}",
        f"python: {sys.version.split()[0]} on {platform.platform()}",
        "",
        *traceback.format_exception(type(error), error, error.__traceback__),
    ]
    return "\n".join(line.rstrip("\n") for line in lines) + "\n"


def write_crash_report(error: BaseException, argv: list[str] | None = None) -> Path | None:
    """Write the traceback of ``error`` to a new crash file; None when no folder would take it."""
    text = _details(error, list(sys.argv if argv is None else argv))
    for folder in _candidate_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix="servcheck-crash-", suffix=".txt", dir=folder)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(text)
            return Path(name)
        except OSError:
            continue
    return None


def summary(error: BaseException) -> str:
    """``Type: message`` on one line, cut short."""
    message = " ".join(str(error).split())
    if len(message) > MAX_SUMMARY:
        message = message[: MAX_SUMMARY - 1] + "…"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def crash_line(error: BaseException, report: Path | None, lang: str | None = None) -> str:
    """The one line on standard error: a bug, where the details are, and please report it — in
    ``lang`` (default: the ``--lang`` of the command line, else English: a crash may come before
    any standard is read)."""
    speak = speaker(lang or asked_language(sys.argv))
    if report:
        where = speak._("the details are in {file}", file=report)
        hint = speak._("please report it to the servcheck maintainers, attaching that file")
    else:
        where = speak._("the details could not be written to a file")
        hint = speak._("please report it to the servcheck maintainers")
    diagnostic = Diagnostic.of(
        codes.INTERNAL_ERROR,
        speak._("this is a bug in servcheck ({error}); {where}", error=summary(error), where=where),
        Location("servcheck"),
        hint,
    )
    return diagnostic.render(speak.lang)


def asked_language(argv: list[str]) -> str:
    """``--lang zh`` / ``--lang=zh`` on the command line, else English (the crashed command cannot say).

    >>> asked_language(["servcheck", "lint", "--lang", "zh", "x.yaml"]), asked_language(["servcheck"])
    ('zh', 'en')
    """
    for i, arg in enumerate(argv):
        value = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg.removeprefix("--lang=")
        if (arg == "--lang" or arg.startswith("--lang=")) and value in LANGUAGES:
            return value
    return LANGUAGES[0]
