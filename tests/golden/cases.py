"""The shipped examples whose reports are kept as golden files, and how to render them.

Golden files pin the report bytes of every shipped example (JSON, the contract, and Markdown, the
format auditors read): a change to the engine that alters a figure, an outcome, an evidence row or
a ledger count shows up as a diff to review. Regenerate after an intended change with::

    python -m tests.golden.regen

and review the diff of ``tests/golden/*.json`` / ``*.md`` before committing.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent

CASES: dict[str, tuple[str, str]] = {
    # name: (standard, dataset), relative to the repository root; every dataset ships with the repo
    "contact-centre": ("standards/contact-centre.yaml", "examples/contact-centre/dataset.yaml"),
    "cx-survey": ("standards/cx-survey.yaml", "examples/contact-centre/dataset.yaml"),
    "service-excellence": ("standards/service-excellence.yaml", "examples/contact-centre/dataset.yaml"),
    "service-desk": ("standards/service-desk.yaml", "examples/service-desk/dataset.yaml"),
    "field-repair": ("standards/field-repair.yaml", "examples/field-repair/dataset.yaml"),
    "technion-slice": ("standards/contact-centre.yaml", "examples/technion-bank/dataset.yaml"),
    "helpdesk-slice": ("standards/service-desk.yaml", "examples/helpdesk/dataset.yaml"),
    "nyc311-slice": ("standards/field-repair.yaml", "examples/nyc311/dataset.yaml"),
    "helpdesk-xes-slice": ("standards/service-desk.yaml", "examples/helpdesk-xes/dataset.yaml"),
    "asterisk-queue-log": ("standards/contact-centre.yaml", "examples/asterisk/dataset.yaml"),
    "ocel-service-desk": ("standards/service-desk.yaml", "examples/ocel-service-desk/dataset.yaml"),
    "servicenow-slice": ("standards/servicenow-incidents.yaml", "examples/servicenow/dataset.yaml"),
    "contact-centre-site": ("standards/contact-centre-site.yaml", "examples/contact-centre/dataset.yaml"),
}

WAIVERS: dict[str, tuple[str, ...]] = {
    # name: waiver files given to the case's audit (--waivers), relative to the repository root
    "contact-centre-site": ("examples/contact-centre/waivers.yaml",),
}


def render(name: str) -> dict[str, str]:
    """The JSON and Markdown report of one golden case, as the CLI writes them."""
    from checker.audit import AuditRequest, run_audit
    from checker.report.json_report import render_json
    from checker.report.markdown import render_markdown

    standard, dataset = CASES[name]
    waivers = tuple(REPO / path for path in WAIVERS.get(name, ()))
    report = run_audit(AuditRequest(REPO / standard, REPO / dataset, waivers=waivers))
    return {"json": render_json(report), "md": render_markdown(report, "en")}
