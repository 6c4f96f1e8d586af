"""Options several commands share, written once so their help reads the same everywhere."""

from __future__ import annotations

LANG_HELP = "language of what the command prints (zh or en) [default: the standard's first language]"
"""``--lang`` on every command that prints words (lint, explain-case, convert, sample, audit)."""
