"""Linting loads only the libraries its documents need, and the shortcuts read what the libraries read.

Why: ``servcheck lint standards rules`` runs in CI and in editors on every save (issue 15: under
0.3 s); cn2an, markdown_it, the report models and the holidays of 500 countries used to load on
every run. The references here are the libraries themselves: cn2an's reading of a numeral, and
the holidays library's own listing of countries and subdivisions.

An audit pays the same fixed cost on every run (issue 15: servcheck ÷ hand-written SQL at 10^5
records was decided by it): the case-timer machinery, the renderers of formats not asked for and
the generation of the validation schemas (``test_validation_schemas.py``) used to run whatever the
audit measured.
"""

from __future__ import annotations

import json
from pathlib import Path

import cn2an
import holidays
import pytest
import yaml
from shared_probes import lint_in_a_fresh_process, servcheck_in_a_fresh_process

from checker.measures.registry import MEASURES
from checker.model.calendar import _registry_countries, country_codes, subdivisions, supported_countries
from checker.model.quantity import NotationError, chinese_numeral

ROOT = Path(__file__).resolve().parents[2]


def _cn2an_reading(text: str) -> int | None:
    """cn2an's reading as :func:`chinese_numeral` documents it: an integer, or None (refused)."""
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value) if value == int(value) else None


@pytest.mark.parametrize("char", list("零〇一二两三四五六七八九十百千万亿廿"))
def test_one_numeral_character_reads_as_cn2an_reads_it(char: str) -> None:
    expected = _cn2an_reading(char)
    if expected is None:
        with pytest.raises(NotationError):
            chinese_numeral(char)
    else:
        assert chinese_numeral(char) == expected


def test_the_single_numerals_have_the_values_of_arithmetic() -> None:
    assert [chinese_numeral(c) for c in "零〇一二两三四五六七八九十"] == [0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10]


def test_compound_numerals_still_go_through_cn2an() -> None:
    assert chinese_numeral("四十八") == 48 == _cn2an_reading("四十八")
    assert chinese_numeral("两百") == 200
    with pytest.raises(NotationError):
        chinese_numeral("两三")


def test_country_codes_are_the_libraries_listing() -> None:
    listed = holidays.list_supported_countries()
    assert country_codes() == frozenset(listed)
    assert supported_countries() == {c: tuple(s) for c, s in listed.items()}
    for code in ("CN", "IT", "US", "GB", "UK"):
        assert subdivisions(code) == tuple(listed[code])
    assert subdivisions("XX") == ()


def test_linting_the_shipped_documents_loads_no_library_they_do_not_need() -> None:
    code, modules = lint_in_a_fresh_process(ROOT)
    assert code == 0
    # the shipped standards write single numerals (三声), YAML only, no report, one country (CN)
    assert not {"cn2an", "markdown_it", "checker.model.report"} & modules
    # every document is valid: the schema gate (jsonschema-rs) said so, and jsonschema, which words
    # the problems of an invalid one, stayed unloaded (its import was 0.08 s, its checking 0.1 s)
    assert "jsonschema_rs" in modules
    assert not {m for m in modules if m == "jsonschema" or m.startswith("jsonschema.")}
    # no dataset among them: the dataset checks' file helpers (and the thread pool the source readers
    # use) stay unloaded
    assert not {"checker.lint.dataset_sources", "checker.sources.files", "concurrent.futures"} & modules
    # the one calendar names CN without a subdivision: whether CN is known is read from the holidays
    # registry's table, so the library itself (0.04-0.06 s of constants and calendars) stays unloaded
    assert not {m for m in modules if m == "holidays" or m.startswith("holidays.")}
    # the rules' options are validated with the models of checker.measures.options.models: no measure's
    # planner, no SQL-building base, no engine run or case-timer machinery (they were 0.06-0.09 s)
    planners = set(MEASURES.values()) | {"checker.measures.base", "checker.measures.scale"}
    assert not planners & modules
    assert not {"checker.engine.run", "checker.engine.calendar", "checker.measures.case_timeline"} & modules
    assert "checker.measures.options.models" in modules  # the check did run over the rules' options
    # text asked for: SARIF (package metadata) and JUnit (XML) are loaded only when they render
    assert not {f"checker.lint.formats.{name}" for name in ("sarif", "junit", "json_format")} & modules


def test_the_registry_table_read_is_the_holidays_librarys_own() -> None:
    """The shortcut of :func:`country_codes` reads ``holidays.registry.COUNTRIES`` from the installed file;
    were it to fall back to importing, the lint test above would fail, and were it to read something
    else, this one would."""
    from holidays.registry import COUNTRIES, EntityLoader

    assert _registry_countries() == COUNTRIES
    assert country_codes() == frozenset(EntityLoader.get_country_codes())
    assert {"CN", "CHN", "GB", "UK", "GBR", "US", "USA"} <= country_codes()


RULES = {
    "kind": "rules",
    "rules": [
        {
            "id": "light.answered-within",
            "title": {"en": "Answered within a time"},
            "definition": {"en": "Share of answered calls whose wait is at most the threshold."},
            "measure": "share",
            "table": "calls",
            "fields": ["outcome", "wait"],
            "unit": "percent",
            "parameters": {"threshold": {"type": "duration", "limit": True, "description": {"en": "maximum wait"}}},
            "options": {"base": "outcome = 'answered'", "condition": "wait <= :threshold"},
        }
    ],
}
STANDARD = {
    "kind": "standard",
    "id": "light",
    "title": {"en": "Light loading"},
    "version": "1.0.0",
    "status": "draft",
    "languages": ["en"],
    "clauses": [
        {
            "number": "1",
            "text": {"en": "Calls are answered within 10 seconds."},
            "requirements": [
                {
                    "id": "within-10s",
                    "rule": "light.answered-within",
                    "params": {"threshold": "10s"},
                    "target": ">= 60%",
                    "severity": "major",
                    "min_sample": 1,
                }
            ],
        }
    ],
}
DATASET = {
    "kind": "dataset",
    "id": "light-data",
    "title": {"en": "Light loading data"},
    "timezone": "UTC",
    "tables": {
        "calls": {
            "source": ["calls.csv"],
            "key": ["call_id"],
            "time": "offered_at",
            "fields": {
                "call_id": {"column": "call_id", "required": True},
                "offered_at": {"column": "offered_at", "type": "timestamp", "required": True},
                "outcome": {"column": "outcome", "required": True},
                "wait": {"column": "wait", "type": "duration", "unit": "s"},
            },
        }
    },
}
# answered calls waiting 5 s, 30 s and 8 s, and an abandon: 2 of the 3 answered within 10 s = 66.7% >= 60%
CALLS = (
    "call_id,offered_at,outcome,wait\n"
    "c1,2024-04-01 09:00:00,answered,5\n"
    "c2,2024-04-01 09:05:00,answered,30\n"
    "c3,2024-04-01 09:10:00,answered,8\n"
    "c4,2024-04-01 09:15:00,abandoned,40\n"
)


def test_a_json_audit_without_timers_loads_no_timer_machinery_and_no_other_renderer(tmp_path: Path) -> None:
    for name, document in (("rules.yaml", RULES), ("standard.yaml", STANDARD), ("dataset.yaml", DATASET)):
        (tmp_path / name).write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    (tmp_path / "calls.csv").write_text(CALLS, encoding="utf-8")
    args = ["audit", "standard.yaml", "--data", "dataset.yaml", "--rules", "rules.yaml", "--format", "json:out.json"]
    code, modules = servcheck_in_a_fresh_process(args, tmp_path)
    report = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    (requirement,) = report["clauses"][0]["requirements"]
    assert (requirement["overall"]["n"], requirement["overall"]["exact"], requirement["outcome"]) == (3, "2/3", "pass")
    assert code == 0  # the audit ran to its verdict: met
    # the Wilson interval of 2/3 (z = 1.959964: centre 0.573084, half-width 0.365424) came from the
    # helper process: the audit's own process loaded neither scipy nor numpy
    low, high = requirement["overall"]["interval"]
    assert (round(low, 4), round(high, 4)) == (0.2077, 0.9385)
    assert not {"scipy", "scipy.stats", "numpy"} & modules
    # no requirement uses a case measure: timers, calendars and case paths stay unloaded
    assert not {"checker.measures.timer", "checker.engine.calendar", "checker.measures.case_path"} & modules
    # JSON asked for: none of the other renderers (nor the words and templates they bring)
    renderers = {"checker.report.text", "checker.report.markdown", "checker.report.html", "checker.report.junit"}
    assert not renderers & modules
    # the gate runs the checks whose findings are errors: the writing-style checks' helpers stay unloaded,
    # and the golden-case machinery too (the standard has no cases)
    assert not {"checker.lint.wording", "checker.lint.consistency", "checker.lint.manner", "checker.golden"} & modules
    # valid documents: the schema gate passed them without jsonschema
    assert "jsonschema" not in modules


def test_without_a_readable_registry_file_the_codes_come_from_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """A zipped or re-laid-out ``holidays`` (no ``registry.py`` holding the literal) falls back to importing it."""
    import importlib.util

    from holidays.registry import EntityLoader

    monkeypatch.setattr(importlib.util, "find_spec", lambda _name: None)
    assert _registry_countries() is None
    country_codes.cache_clear()
    try:
        assert country_codes() == frozenset(EntityLoader.get_country_codes())
    finally:
        country_codes.cache_clear()
