"""PASS and FAIL option blocks and the worked example, extracted from a measure's docstring.

Why: a measure's docstring is its user documentation (``servcheck explain``, the docs site); the
tests plan every PASS block, require every FAIL block to be refused, and run every worked example
as a case (``tests/measures/<name>/cases.yaml``, case ``worked example``), so the documentation
cannot drift from the code. The shape mirrors :mod:`checker.lint.examples` for lint checks.

A block is a line ``PASS example …::`` or ``FAIL example …::``, a blank line, and a YAML document
indented by four spaces (``options:`` and the rule's option keys), ended by a less indented line.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from checker.load.yaml_source import load_yaml_text

_BLOCK = re.compile(r"^(PASS|FAIL) example\b[^\n]*::\n\n((?:(?: {4}[^\n]*)?\n)+)", re.MULTILINE)
_WORKED = re.compile(r"^Worked example\b[^\n]*(?:\n(?!\n)[^\n]*)*", re.MULTILINE)


@dataclass(frozen=True)
class OptionsExample:
    outcome: str
    """``PASS`` or ``FAIL``."""
    text: str
    """The block, dedented: a YAML document with an ``options:`` mapping."""

    def options(self) -> dict[str, Any]:
        """The block's ``options`` mapping; raises ``InvalidInput`` (located in the block) if it does not parse."""
        data = load_yaml_text(self.text, f"{self.outcome} example").data
        if not isinstance(data, dict) or not isinstance(data.get("options"), dict) or set(data) != {"options"}:
            raise ValueError(f"{self.outcome} example must be one mapping `options: {{…}}`, not {data!r}")
        return dict(data["options"])


def option_examples(module: ModuleType) -> list[OptionsExample]:
    """Every PASS/FAIL block of the module's docstring, in order."""
    return [
        OptionsExample(outcome, textwrap.dedent(block).strip("\n") + "\n")
        for outcome, block in _BLOCK.findall(module.__doc__ or "")
    ]


def worked_examples(module: ModuleType) -> list[str]:
    """The docstring's ``Worked example: …`` paragraphs, as one line each."""
    return [" ".join(p.split()) for p in _WORKED.findall(module.__doc__ or "")]
