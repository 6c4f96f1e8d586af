"""Sample sizes by ISO 2859-1: lot size → code letter (Table 1) → single sampling plan (Table 2-A).

The tables are data (``iso2859-1.yaml`` beside this module); this module only reads them. The
plan's arrows are followed as the standard says: ``down`` uses the first sampling plan below the
arrow, ``up`` the first above, with that plan's sample size; when the sample size reaches the lot
size the whole lot is inspected.

>>> plan = sampling_plan(2000, "II", "1.0")
>>> plan.letter, plan.n, plan.accept, plan.reject
('K', 125, 3, 4)
>>> sampling_plan(20, "II", "1.0").n   # letter C (5) points down to E: n = 13, whole lot not reached
13
>>> sampling_plan(10, "II", "1.0").n   # B → E's 13 exceeds the lot of 10: inspect all 10
10
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from checker.i18n import Speaker, speaker

LEVELS = ("I", "II", "III")


@dataclass(frozen=True)
class SamplingPlan:
    """A single sampling plan for one lot: the code letter Table 1 gives, and the plan in force."""

    lot: int
    level: str
    aql: str
    letter: str  # Table 1's code letter for the lot size
    plan_letter: str  # the letter whose plan is used after following the arrows
    n: int  # sample size (the lot itself when the plan's size reaches it)
    accept: int
    reject: int

    def describe(self, speak: Speaker | None = None) -> str:
        """The plan as Table 1 and Table 2-A give it, in ``speak``'s language (English by default)."""
        speak = speak or speaker("en")
        whole = speak._(" (whole lot)") if self.n == self.lot else ""
        via = speak._(" → plan {letter}", letter=self.plan_letter) if self.plan_letter != self.letter else ""
        return speak._(
            "ISO 2859-1 level {level}, AQL {aql}: lot {lot} → code letter {letter}{via}, "
            "n = {n}{whole}, Ac {accept}, Re {reject}",
            level=self.level,
            aql=self.aql,
            lot=self.lot,
            letter=self.letter,
            via=via,
            n=self.n,
            whole=whole,
            accept=self.accept,
            reject=self.reject,
        )


@cache
def tables() -> dict[str, Any]:
    text = resources.files("checker.sample").joinpath("iso2859-1.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def aqls() -> list[str]:
    """The AQLs the shipped Table 2-A covers, as written (``0.010`` … ``6.5``)."""
    first = next(iter(tables()["code_letters"].values()))
    return list(first["aql"])


def code_letter(lot: int, level: str) -> str:
    """Table 1: the sample size code letter of a lot of ``lot`` items at general inspection ``level``."""
    if level not in LEVELS:
        raise ValueError(f"inspection level {level!r}: choose I, II or III")
    if lot < 2:
        raise ValueError(f"a lot of {lot}: ISO 2859-1 Table 1 starts at 2 items")
    for row in tables()["lot_sizes"]:
        if row["from"] <= lot and (row["to"] is None or lot <= row["to"]):
            return str(row[level])
    raise AssertionError("Table 1 covers every lot from 2 up")  # pragma: no cover


def sampling_plan(lot: int, level: str, aql: str) -> SamplingPlan:
    """The single sampling plan for normal inspection of a lot (a lot of one: that item)."""
    letters = tables()["code_letters"]
    if aql not in aqls():
        raise ValueError(f"AQL {aql!r}: choose one of {', '.join(aqls())} (as written)")
    if lot == 1:
        return SamplingPlan(1, level, aql, "-", "-", 1, 0, 1)
    letter = code_letter(lot, level)
    order = list(letters)
    i = order.index(letter)
    while (cell := letters[order[i]]["aql"][aql]) in ("down", "up"):
        i += 1 if cell == "down" else -1
    accept, reject = (int(x) for x in cell.split("/"))
    n = min(int(letters[order[i]]["n"]), lot)
    return SamplingPlan(lot, level, aql, letter, order[i], n, accept, reject)
