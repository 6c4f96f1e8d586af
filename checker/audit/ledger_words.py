"""The ledger's reasons in the audit's language: the ones servcheck words, never the user's own.

Why here (and not where the reasons are made): the sources stage writes a rejected row's reason
into SQL (``missing wait``, ``duplicate key``), where it is also the key the ledger counts by, the
JSON report's value and what explain-case shows; it stays English there. The assemble stage names
it for the reader once the counts are final, sorted by the English key so both languages list the
reasons in the same order. An exclusion reason the dataset writes (``exclude: [{reason: …}]``) is
the user's text and is kept as written, even when it reads like one of servcheck's.

>>> from checker.i18n.context import speaking
>>> with speaking("zh"):
...     ledger_reason("missing wait", set()), ledger_reason("duplicate key", set())
('缺少 wait', '主键重复')
>>> ledger_reason("missing wait", set())
'missing wait'
>>> with speaking("zh"):
...     ledger_reason("test calls", {"test calls"})
'test calls'
"""

from __future__ import annotations

import re

from checker.i18n import LANGUAGES, N_
from checker.i18n.context import audit_speaker

FIXED = {
    "duplicate key": N_("duplicate key"),
    "outside the audit period": N_("outside the audit period"),
    "malformed CSV line": N_("malformed CSV line"),
    "malformed JSON line": N_("malformed JSON line"),
    "malformed queue_log line": N_("malformed queue_log line"),
    "malformed ServiceNow row": N_("malformed ServiceNow row"),
    "malformed ServiceNow task_sla row": N_("malformed ServiceNow task_sla row"),
    "malformed OCEL 2.0 record": N_("malformed OCEL 2.0 record"),
}
"""The reasons :mod:`checker.sources` writes as fixed text (its constants ``DUPLICATE_KEY``,
``OUTSIDE_PERIOD`` and each reader's ``REJECT_REASON``)."""
PER_FIELD = [
    (re.compile(r"missing (\S+)"), N_("missing {field}")),
    (re.compile(r"unmapped value in (\S+)"), N_("unmapped value in {field}")),
    (re.compile(r"unparseable value in (\S+)"), N_("unparseable value in {field}")),
    (re.compile(r"not a finite number in (\S+)"), N_("not a finite number in {field}")),
    (re.compile(r"timestamp out of range in (\S+)"), N_("timestamp out of range in {field}")),
    (re.compile(r"negative duration in (\S+)"), N_("negative duration in {field}")),
    (re.compile(r"out of range (\S+)"), N_("out of range {field}")),
]
"""The per-field reasons of :mod:`checker.sources.typing`, the field's name kept as written."""


def ledger_reason(reason: str, written: set[str]) -> str:
    """``reason`` for the reader; ``written``: the exclusion reasons the dataset itself gives."""
    speak = audit_speaker()
    if speak.lang == LANGUAGES[0] or reason in written:
        return reason
    if reason in FIXED:
        return speak._(FIXED[reason])
    for pattern, message in PER_FIELD:
        if match := pattern.fullmatch(reason):
            return speak._(message, field=match.group(1))
    return reason
