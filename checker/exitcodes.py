"""Process exit codes: one IntEnum so the CLI, the docs and CI scripts agree on their meaning.

Which code a run ends with follows from the groups of the diagnostic codes that ended it
(``checker.codes.EXIT_CLASS``), never from comparing code strings.
"""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `servcheck` process tells its caller.

    OK: every requirement met / lint clean (below ``--fail-on``).
    FINDINGS: nonconformities or lint findings at or above ``--fail-on``.
    USAGE: the command line itself is wrong.
    INVALID_INPUT: a standard, rule, dataset or data file is unreadable or invalid.
    INTERNAL: a bug in servcheck; the traceback is written to a file (never exit 1 for a crash).
    INTERRUPTED: stopped by Ctrl-C (128 + SIGINT, the shell's convention): no verdict.
    OUTPUT_CLOSED: the reader of standard output went away (``| head``; 128 + SIGPIPE): no verdict.
    """

    OK = 0
    FINDINGS = 1
    USAGE = 2
    INVALID_INPUT = 3
    INTERNAL = 4
    INTERRUPTED = 130
    OUTPUT_CLOSED = 141


def describe() -> str:
    """One line per code, for ``servcheck --help``."""
    return "\n".join(f"  {code.value}  {code.name.lower().replace('_', ' ')}" for code in ExitCode)
