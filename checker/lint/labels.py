"""Words the findings quote from a closed vocabulary (clause kinds, units, taxonomy kinds), translated.

Why each word is a literal ``p_`` call (and not a table of ``N_`` markers): the catalogue is
extracted from literal calls, and a context (``"unit"``, ``"clause kind"``) keeps these short words
apart from the same English words in other senses (the report's "level", "number"). A word
outside the vocabulary is shown as written: it is a name the writer chose.

>>> from checker.i18n import speaker
>>> unit(speaker("zh"), "duration"), clause_kind(speaker("en"), "qualitative")
('时长', 'qualitative')
"""

from __future__ import annotations

from checker.i18n import Speaker


def unit(speak: Speaker, name: str) -> str:
    """What a target or a rule measures: ``percent``, ``duration``, ``number``, ``rate``."""
    words = {
        "percent": speak.p_("unit", "percent"),
        "duration": speak.p_("unit", "duration"),
        "number": speak.p_("unit", "number"),
        "rate": speak.p_("unit", "rate"),
    }
    return words.get(name, name)


def clause_kind(speak: Speaker, kind: str) -> str:
    """A clause's ``kind``: ``normative``, ``qualitative``, ``informative``."""
    words = {
        "normative": speak.p_("clause kind", "normative"),
        "qualitative": speak.p_("clause kind", "qualitative"),
        "informative": speak.p_("clause kind", "informative"),
    }
    return words.get(kind, kind)


def taxonomy_kind(speak: Speaker, kind: str) -> str:
    """What a taxonomy defines: an ISO 23592 ``element``, a maturity ``level``, a ``dimension``."""
    words = {
        "element": speak.p_("taxonomy", "element"),
        "level": speak.p_("taxonomy", "level"),
        "dimension": speak.p_("taxonomy", "dimension"),
    }
    return words.get(kind, kind)
