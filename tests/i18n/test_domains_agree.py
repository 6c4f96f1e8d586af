"""One message, one translation: the domains' catalogues never translate the same msgid differently.

Why: at run time every domain is merged into one catalogue (:func:`checker.i18n.translations`), so
when two domains hold the same (context, msgid) with different Chinese, one silently wins and the
other domain's output changes — ``{n} error`` was 出错 {n} 个 in ``golden`` and {n} 个错误 in
``messages``; ``Contents`` is 目次 in a published standard and 目录 in a report, so render gives
its own a context. The catalogues are read with Babel, independently of the merge.
"""

from __future__ import annotations

from checker.i18n.catalogues import domain_names, read


def test_no_message_is_translated_two_ways() -> None:
    seen: dict[tuple[str | None, str], tuple[str, object]] = {}
    clashes = []
    for domain in domain_names():
        for message in read("zh", domain):
            if not message.id:
                continue
            key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
            earlier = seen.setdefault(key, (domain, message.string))
            if earlier[1] != message.string:
                clashes.append((key, earlier, (domain, message.string)))
    assert clashes == []
