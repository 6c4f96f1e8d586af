"""Lint configuration: ``.servcheck.yaml``'s ``lint:`` section (enable, disable, severity).

```yaml
lint:
  enable: [SC107]            # checks that are off by default
  disable: [SC105]           # codes or names
  severity: {SC101: error}   # error | warning | info
```

Loading codes (SC001–SC015, SC020) are not configurable: a document that cannot be loaded is never
silently accepted. Every mistake in the file — an unknown code, level or key — is a located error.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location, Severity
from checker.lint.check import Check
from checker.lint.registry import CHECKS, LOADING_CODES, find_check
from checker.load.library import display_name
from checker.load.yaml_source import PositionIndex, load_yaml_file

CONFIG_FILE_NAME = ".servcheck.yaml"
_LINT_KEYS = ("disable", "enable", "severity")


@dataclass(frozen=True)
class LintConfig:
    """Which checks run and at which severity; the default runs every default-enabled check."""

    enable: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    source: str | None = None

    def enabled(self, check: Check) -> bool:
        return (check.enabled_by_default or check.code in self.enable) and check.code not in self.disable

    def severity_of(self, check: Check) -> Severity:
        return self.severity.get(check.code, check.severity)


def config_error(message: str, location: Location, hint: str | None = None) -> Diagnostic:
    return Diagnostic.of(codes.LINT_CONFIG, message, location, hint)


def resolve_code(word: object, location: Location) -> tuple[str | None, Diagnostic | None]:
    """A check's code from a code or a name; an unknown or unconfigurable one is a located error."""
    text = str(word).strip()
    if text.upper() in LOADING_CODES and find_check(text) is None:
        return None, config_error(f"{text.upper()} is reported while loading and cannot be configured", location)
    check = find_check(text)
    if check is not None:
        return check.code, None
    names = [c.code for c in CHECKS] + [c.name for c in CHECKS]
    # letters typed for look-alike digits (SC1O1, SC1l1) first: difflib alone finds SC101 and SC111 as close
    digits = text[:2].upper() + text[2:].upper().translate(str.maketrans("OIL", "011"))
    close = [digits] if digits in names else difflib.get_close_matches(text, names, n=1, cutoff=0.6)
    return None, config_error(
        f"unknown lint check {text!r}",
        location,
        f"did you mean {close[0]!r}?" if close else "see `servcheck lint --list-checks`",
    )


def _codes(
    value: object, path: tuple[str | int, ...], positions: PositionIndex, problems: list[Diagnostic]
) -> frozenset[str]:
    if not isinstance(value, list):
        problems.append(config_error(f"lint.{path[-1]} must be a list of check codes", positions.of_value(path)))
        return frozenset()
    codes = set()
    for i, item in enumerate(value):
        code, problem = resolve_code(item, positions.of_value((*path, i)))
        if problem:
            problems.append(problem)
        elif code:
            codes.add(code)
    return frozenset(codes)


def _severities(value: object, positions: PositionIndex, problems: list[Diagnostic]) -> dict[str, Severity]:
    path: tuple[str | int, ...] = ("lint", "severity")
    if not isinstance(value, dict):
        problems.append(
            config_error(
                "lint.severity must map check codes to error, warning or info",
                positions.of_value(path),
            )
        )
        return {}
    levels: dict[str, Severity] = {}
    for key, level in value.items():
        code, problem = resolve_code(key, positions.of_key((*path, key)))
        if problem:
            problems.append(problem)
            continue
        if level not in [s.value for s in Severity]:
            problems.append(
                config_error(
                    f"severity {level!r} for {key} is not one of error, warning, info",
                    positions.of_value((*path, key)),
                )
            )
            continue
        if code:
            levels[code] = Severity(level)
    return levels


def load_config(path: Path) -> LintConfig:
    """Read a config file; raise :class:`InvalidInput` listing every located mistake."""
    name = display_name(path)
    loaded = load_yaml_file(path, name)
    positions = loaded.positions
    data = loaded.data
    if data is None or (isinstance(data, dict) and data.get("lint") is None):
        return LintConfig(source=name)
    if not isinstance(data, dict) or not isinstance(data["lint"], dict):
        raise InvalidInput([config_error("the 'lint' section must be a mapping", positions.of_value(("lint",)))])
    lint = data["lint"]
    problems: list[Diagnostic] = []
    for key in sorted(set(lint) - set(_LINT_KEYS)):
        close = difflib.get_close_matches(key, _LINT_KEYS, n=1)
        problems.append(
            config_error(
                f"unknown key {key!r} in lint; allowed: {', '.join(_LINT_KEYS)}",
                positions.of_key(("lint", key)),
                f"did you mean {close[0]!r}?" if close else None,
            )
        )
    enable = _codes(lint["enable"], ("lint", "enable"), positions, problems) if "enable" in lint else frozenset()
    disable = _codes(lint["disable"], ("lint", "disable"), positions, problems) if "disable" in lint else frozenset()
    severity = _severities(lint["severity"], positions, problems) if "severity" in lint else {}
    if problems:
        raise InvalidInput(problems)
    return LintConfig(enable, disable, severity, name)


def find_config(explicit: Path | None, directory: Path | None = None) -> LintConfig:
    """``--config`` if given, else ``.servcheck.yaml`` in the working directory, else defaults."""
    if explicit is not None:
        return load_config(explicit)
    candidate = (directory or Path.cwd()) / CONFIG_FILE_NAME
    return load_config(candidate) if candidate.is_file() else LintConfig()
