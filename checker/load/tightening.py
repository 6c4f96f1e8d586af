"""Does an overlay's change tighten or loosen a requirement? Decided per field, from data.

The direction table is ``overlay_directions.yaml`` beside this module (configuration, not code):
for a target or warn band the operator decides (``>= 80%`` → ``>= 85%`` tightens, ``<= 30s`` →
``<= 40s`` loosens); a parameter such as ``threshold`` of a within-time measure is tighter when
lower; a field or parameter that is not ordered (``min_sample``, ``abandon_policy``…) counts as
loosening whatever the change, so it needs a justification. "Tighter" means: on the same data, the
changed requirement can only fail more, never less.

>>> compare("target", ">= 80%", ">= 85%")
'tighter'
>>> compare("target", "<= 10min", "<= 12min")
'looser'
>>> compare("target", ">= 80%", "> 80%")
'tighter'
>>> compare("params.threshold", "20s", "3 rings", cadence=5)
'tighter'
>>> compare("severity", "major", "minor")
'looser'
>>> compare("min_sample", 30, 50)
'unordered'
>>> compare("target", ">= 80%", "<= 80%")
'unordered'
>>> compare("owner", "Head of operations", "Quality lead")
'editorial'
>>> compare("clause.assessment", "review", "observation")
'looser'
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Literal

from checker.lint.targets import as_comparable, direction, unit_of
from checker.load.yaml_source import packaged_yaml
from checker.model.params import DEFAULT_RING_CADENCE_SECONDS
from checker.model.quantity import Duration, QuantityError, parse_quantity, parse_target, target_bound

Verdict = Literal["tighter", "looser", "same", "unordered", "editorial"]
TABLE = Path(__file__).with_name("overlay_directions.yaml")


@functools.cache
def directions() -> dict[str, Any]:
    """The direction table: ``fields`` and ``params``, as written in the YAML file."""
    return packaged_yaml(TABLE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def way_of(field: str) -> Any:
    """``by-target``, ``lower``, ``higher``, ``unordered``, ``editorial`` or an order (loosest
    first). ``params.NAME`` is a rule parameter; ``clause.KEY`` and ``standard.KEY`` a key of a
    clause or of the standard (``servcheck diff``); anything else a requirement's field."""
    table = directions()
    section, _, name = field.partition(".")
    if name and section in ("params", "clause", "standard"):
        return table[section].get(name, "unordered")
    return table["fields"].get(field, "unordered")


def _ordered(way: str, old: Any, new: Any) -> Verdict:
    if old == new:
        return "same"
    higher = new > old
    return "tighter" if higher == (way == "higher") else "looser"


def _number(value: Any, cadence: float) -> tuple[str, Any] | None:
    """A comparable (unit, value) for a parameter value, or None when it has no order."""
    if isinstance(value, bool):
        return None
    try:
        quantity = as_comparable(parse_quantity(value), cadence)
    except QuantityError:
        return None
    if isinstance(quantity, Duration) and quantity.business:
        return (f"business-{quantity.business_unit}", quantity.amount)
    return (unit_of(quantity), target_bound(quantity))


def _targets(old: str | None, new: str | None, cadence: float) -> Verdict:
    if old == new:
        return "same"
    if new is None:
        return "looser"  # a band or target removed
    if old is None:
        return "tighter"  # a warn band added where there was none
    a, b = parse_target(old), parse_target(new)
    qa, qb = as_comparable(a.quantity, cadence), as_comparable(b.quantity, cadence)
    way = direction(a.op)
    if way == "exact" or direction(b.op) != way or unit_of(qa) != unit_of(qb):
        return "unordered"
    va, vb = target_bound(qa), target_bound(qb)
    if va == vb:
        if a.op == b.op:
            return "same"
        strict = b.op in (">", "<")  # from >= to > (or <= to <) excludes the bound itself
        return "tighter" if strict else "looser"
    return _ordered("higher" if way == "up" else "lower", va, vb)


def compare(field: str, old: Any, new: Any, cadence: float = DEFAULT_RING_CADENCE_SECONDS) -> Verdict:
    """How changing ``field`` (``target``, ``warn``, ``severity``, ``min_sample``, ``params.NAME``)
    from ``old`` to ``new`` changes the requirement."""
    way = way_of(field)
    if way == "by-target":
        return _targets(old, new, cadence)
    if old == new:
        return "same"
    if way == "editorial":
        return "editorial"
    if isinstance(way, list):
        if old in way and new in way:
            return _ordered("higher", way.index(old), way.index(new))
        return "unordered"
    if way in ("lower", "higher"):
        a, b = _number(old, cadence), _number(new, cadence)
        if a is None or b is None or a[0] != b[0]:
            return "unordered"
        return _ordered(way, a[1], b[1])
    return "unordered"
