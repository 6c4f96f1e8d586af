"""The report's data labels: outcome, severity, verdict, period, tag and parameter names in the
reader's language, and the few number forms the report adds to the Speaker's CLDR ones.

Why a table of known values (and not the value as written): a Chinese auditor reads ``日`` and
``可靠性``, not ``day`` and ``reliability``. Every value the model or the schema fixes (outcomes,
severities, periods, the tiers, categories and SERVQUAL dimensions of :mod:`checker.model.standard`)
is listed here once, marked for extraction with a context (``p_("period", "day")``), so the
catalogue test proves each has its Chinese. A value the standard itself defines (a declared tag
set's ``operate``, a queue name) is a name: it is shown as written.

>>> from checker.i18n import speaker
>>> period_name(speaker("zh"), "day"), period_name(speaker("en"), "day")
('日', 'day')
>>> tag_value(speaker("zh"), "servqual", "reliability"), tag_value(speaker("zh"), "stage", "operate")
('可靠性', 'operate')
>>> margin(speaker("en"), "percent", -0.3158), margin(speaker("zh"), "duration", -12.2)
('-31.58 pp', '-12.2 秒')
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from checker.i18n import Speaker
from checker.span_words import declared_duration_words


def listing(speak: Speaker, parts: Iterable[str]) -> str:
    """Items of one enumeration (counts, group keys, names) joined as the reader writes them: a
    Latin comma for English, the enumeration comma for Chinese (a ``,`` in Chinese text is a typo).

    >>> from checker.i18n import speaker
    >>> listing(speaker("zh"), ["未通过 4", "通过 2"]), listing(speaker("en"), ["fail 4", "pass 2"])
    ('未通过 4、通过 2', 'fail 4, pass 2')
    """
    return speak.p_("list separator", ", ").join(parts)


def bracketed(speak: Speaker, text: str) -> str:
    """``text`` in brackets after what it qualifies, as the reader writes them: `` (Asia/Shanghai)``
    in English, ``（Asia/Shanghai）`` in Chinese (Latin brackets in Chinese prose are a typo; the
    statistical notation ``(n=60, 95% …)`` keeps them on purpose and does not come through here).

    >>> from checker.i18n import speaker
    >>> bracketed(speaker("en"), "UTC"), bracketed(speaker("zh"), "UTC")
    (' (UTC)', '（UTC）')
    """
    return speak.p_("brackets", " ({text})", text=text)


def bracketed_share(speak: Speaker, share: float | None) -> str:
    """A share after a count, :func:`bracketed`; nothing for no share.

    >>> from checker.i18n import speaker
    >>> en, zh = speaker("en"), speaker("zh")
    >>> bracketed_share(en, 0.755), bracketed_share(zh, 0.755), bracketed_share(zh, None)
    (' (75.5%)', '（75.5%）', '')
    """
    return "" if share is None else bracketed(speak, f"{share * 100:.1f}%")


def labelled(speak: Speaker, label: str, text: str) -> str:
    """``label: text`` with the colon the reader's language writes (full-width in Chinese).

    >>> from checker.i18n import speaker
    >>> labelled(speaker("zh"), "月=2026-04", "88.3%"), labelled(speaker("en"), "month=2026-04", "88.3%")
    ('月=2026-04：88.3%', 'month=2026-04: 88.3%')
    """
    return speak._("{label}: {items}", label=label, items=text)


def clauses(speak: Speaker, parts: Iterable[str]) -> str:
    """Statements of one line (checks, reasons) joined by a semicolon, full-width in Chinese.

    >>> from checker.i18n import speaker
    >>> clauses(speaker("zh"), ["拒收 1% ok", "完整 99% ok"]), clauses(speaker("en"), ["a", "b"])
    ('拒收 1% ok；完整 99% ok', 'a; b')
    """
    return speak.p_("clause separator", "; ").join(parts)


@cache
def _outcomes(speak: Speaker) -> dict[str, str]:
    return {
        "pass": speak.p_("outcome", "pass"),
        "warn": speak.p_("outcome", "warn"),
        "fail": speak.p_("outcome", "fail"),
        "insufficient-data": speak.p_("outcome", "insufficient data"),
        "not-assessed": speak.p_("outcome", "not assessed"),
        "not-reviewed": speak.p_("outcome", "not reviewed"),
        "not-applicable": speak.p_("outcome", "not applicable"),
        "waived": speak.p_("outcome", "waived"),
        "error": speak.p_("outcome", "error"),
    }


def outcome_name(speak: Speaker, outcome: str) -> str:
    """``insufficient-data`` → ``insufficient data`` / ``数据不足``."""
    return _outcomes(speak).get(outcome, outcome)


@cache
def _marks(speak: Speaker) -> dict[str, str]:
    """The terminal's four-letter outcome marks (English keeps the fixed width of the column)."""
    return {
        "pass": speak.p_("mark", "PASS"),
        "warn": speak.p_("mark", "WARN"),
        "fail": speak.p_("mark", "FAIL"),
        "insufficient-data": speak.p_("mark", "N/D "),
        "not-assessed": speak.p_("mark", "N/AS"),
        "not-reviewed": speak.p_("mark", "N/RV"),
        "not-applicable": speak.p_("mark", "N/A "),
        "waived": speak.p_("mark", "WAIV"),
        "error": speak.p_("mark", "ERR "),
    }


def mark(speak: Speaker, outcome: str) -> str:
    return _marks(speak).get(outcome, outcome)


@cache
def _severities(speak: Speaker) -> dict[str, str]:
    return {
        "major": speak.p_("severity", "major"),
        "minor": speak.p_("severity", "minor"),
        "observation": speak.p_("severity", "observation"),
    }


def severity_name(speak: Speaker, severity: str) -> str:
    return _severities(speak).get(severity, severity)


@cache
def _verdicts(speak: Speaker) -> dict[str, str]:
    return {
        "conformant": speak.p_("verdict", "Conformant"),
        "nonconformant": speak.p_("verdict", "Nonconformant"),
        "incomplete": speak.p_("verdict", "Incomplete"),
    }


def verdict_name(speak: Speaker, verdict: str) -> str:
    return _verdicts(speak).get(verdict, verdict)


@cache
def _periods(speak: Speaker) -> dict[str, str]:
    return {
        "none": speak.p_("period", "the whole period"),
        "15min": speak.p_("period", "15-minute interval"),
        "30min": speak.p_("period", "30-minute interval"),
        "hour": speak.p_("period", "hour"),
        "day": speak.p_("period", "day"),
        "week": speak.p_("period", "week"),
        "month": speak.p_("period", "month"),
        "quarter": speak.p_("period", "quarter"),
        "year": speak.p_("period", "year"),
    }


def period_name(speak: Speaker, period: str) -> str:
    """A period of the schema (``day`` → ``日``); any other text is shown as written."""
    return _periods(speak).get(period, period)


def key_name(speak: Speaker, key: str) -> str:
    """A group key: a period column by the period's name (``day`` → ``日``), a field by its own name."""
    if speak.lang == "en" or key == "none":
        return key  # English writes the column as the standard and the JSON report do
    return period_name(speak, key)


@cache
def _tag_keys(speak: Speaker) -> dict[str, str]:
    return {
        "category": speak.p_("tag", "Category"),
        "tier": speak.p_("tag", "Tier"),
        "level": speak.p_("tag", "Pyramid level"),
        "element": speak.p_("tag", "Element"),
        "dimension": speak.p_("tag", "Dimension"),
        "servqual": speak.p_("tag", "SERVQUAL dimension"),
    }


def tag_key(speak: Speaker, key: str) -> str:
    """The word for a fixed tag (``tier`` → ``层级``); a declared tag set's name is shown as written."""
    return _tag_keys(speak).get(key, key)


@cache
def _tag_values(speak: Speaker) -> dict[tuple[str, str], str]:
    """The values :mod:`checker.model.standard` fixes for categories, tiers and SERVQUAL dimensions."""
    return {
        ("category", "foundation"): speak.p_("category", "foundation"),
        ("category", "quality"): speak.p_("category", "quality"),
        ("category", "qualification"): speak.p_("category", "qualification"),
        ("category", "facilities"): speak.p_("category", "facilities"),
        ("category", "information"): speak.p_("category", "information"),
        ("category", "safety-hygiene"): speak.p_("category", "safety and hygiene"),
        ("category", "environment"): speak.p_("category", "environment"),
        ("category", "consumer-rights"): speak.p_("category", "consumer rights"),
        ("tier", "basic"): speak.p_("tier", "basic"),
        ("tier", "expected"): speak.p_("tier", "expected"),
        ("tier", "differentiated"): speak.p_("tier", "differentiated"),
        ("servqual", "reliability"): speak.p_("servqual", "reliability"),
        ("servqual", "responsiveness"): speak.p_("servqual", "responsiveness"),
        ("servqual", "assurance"): speak.p_("servqual", "assurance"),
        ("servqual", "empathy"): speak.p_("servqual", "empathy"),
        ("servqual", "tangibles"): speak.p_("servqual", "tangibles"),
    }


def tag_value(speak: Speaker, key: str, value: str) -> str:
    """A fixed tag's value in the reader's language; codes (``E8``, ``L1``) and declared values as written.

    English keeps the value as the standard writes it (``safety-hygiene``), so English reports
    show the identifiers a writer types."""
    if speak.lang == "en":
        return value
    return _tag_values(speak).get((key, value), value)


@cache
def _statuses(speak: Speaker) -> dict[str, str]:
    return {
        "draft": speak.p_("status", "draft"),
        "published": speak.p_("status", "published"),
        "withdrawn": speak.p_("status", "withdrawn"),
        "superseded": speak.p_("status", "superseded"),
    }


def status_name(speak: Speaker, status: str) -> str:
    return _statuses(speak).get(status, status)


@cache
def _parameters(speak: Speaker) -> dict[str, str]:
    """Parameter names the shipped rules declare, for the reader; the rule's own name stays beside it."""
    return {
        "threshold": speak.p_("parameter", "threshold"),
        "within": speak.p_("parameter", "within"),
        "calendar": speak.p_("parameter", "calendar"),
        "critical": speak.p_("parameter", "critical"),
        "abandon_policy": speak.p_("parameter", "abandon policy"),
        "short_abandon": speak.p_("parameter", "short abandon"),
        "p1": speak.p_("parameter", "priority 1"),
        "p2": speak.p_("parameter", "priority 2"),
        "p3": speak.p_("parameter", "priority 3"),
        "p4": speak.p_("parameter", "priority 4"),
    }


def parameter_name(speak: Speaker, name: str) -> str:
    """A rule parameter's name for the reader (English: as the standard writes it)."""
    if speak.lang == "en":
        return name
    return _parameters(speak).get(name, name)


@cache
def _audit_parameters(speak: Speaker) -> dict[str, str]:
    return {
        "ring_cadence": speak.p_("audit parameter", "ring cadence"),
        "ring_cadence_source": speak.p_("audit parameter", "ring cadence declared by"),
    }


def audit_parameter_name(speak: Speaker, name: str) -> str:
    """An audit-wide parameter's name for the reader (English: the identifier, as in the JSON report)."""
    if speak.lang == "en":
        return name
    return _audit_parameters(speak).get(name, name)


@cache
def _roles(speak: Speaker) -> dict[str, str]:
    return {
        "standard": speak.p_("input", "standard"),
        "dataset": speak.p_("input", "dataset"),
        "rules": speak.p_("input", "rules"),
        "extends": speak.p_("input", "base standard"),
        "waivers": speak.p_("input", "waivers"),
        "data": speak.p_("input", "data"),
    }


def role_name(speak: Speaker, role: str) -> str:
    """What an input file is (``rules`` → ``规则``, ``data:calls`` → ``数据 calls``); English as written."""
    if speak.lang == "en":
        return role
    kind, _, table = role.partition(":")
    word = _roles(speak).get(kind, kind)
    return f"{word} {table}" if table else word


@cache
def _case_verdicts(speak: Speaker) -> dict[str, str]:
    return {
        "met": speak.p_("case verdict", "met"),
        "breached": speak.p_("case verdict", "breached"),
        "missing": speak.p_("case verdict", "no verdict"),
        "pending": speak.p_("case verdict", "pending"),
    }


def case_verdict(speak: Speaker, verdict: str) -> str:
    return _case_verdicts(speak).get(verdict, verdict)


def quality_threshold(speak: Speaker, check: str, threshold: str) -> str:
    """A data-quality gate's threshold as the dataset declares it (``10%``, ``99%``, ``1 day``), but a
    freshness bound read to a Chinese reader is said in Chinese, as its measured figure is
    (:func:`checker.span_words.declared_duration_words`).

    >>> from checker.i18n import speaker
    >>> quality_threshold(speaker("zh"), "fresh", "1 day"), quality_threshold(speaker("zh"), "rejected", "1%")
    ('1 天', '1%')
    """
    return declared_duration_words(speak, threshold) if check == "fresh" else threshold


def quality_check_name(speak: Speaker, check: str, field: str | None = None) -> str:
    """A data-quality gate's check: ``rejected``, ``fresh``, ``calls complete`` (English: as written)."""
    if check == "complete":
        return speak._("{field} complete", field=field)
    if speak.lang == "en":
        return check
    return {
        "rejected": speak.p_("quality check", "rejected"),
        "fresh": speak.p_("quality check", "fresh"),
    }.get(check, check)


def margin(speak: Speaker, unit: str, value: float | None) -> str:
    """Distance to the target in the target's unit: percentage points, seconds or points."""
    if value is None:
        return ""
    if unit == "percent":
        return speak._("{value} pp", value=format(value * 100, "+.2f"))
    if unit == "duration":
        return speak._("{value} s", value=format(value, "+,.1f"))
    return f"{value:+,.2f}"


def interval(unit: str, bounds: tuple[float, float] | None) -> str:
    """The 95% interval, shown for shares: ``77.3–84.8%`` (the same in both languages)."""
    if bounds is None:
        return ""
    low, high = bounds
    return f"{low * 100:.1f}–{high * 100:.1f}%" if unit == "percent" else f"{low:,.2f}–{high:,.2f}"
