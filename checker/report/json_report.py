"""The JSON report: sorted keys, no wall-clock, trailing newline — identical inputs, identical bytes."""

from __future__ import annotations

import json

from checker.model.report import Report


def render_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
