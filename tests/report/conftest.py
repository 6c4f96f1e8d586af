"""Reports shared by the report tests: the shipped example audited once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.audit import AuditRequest, run_audit
from checker.model.report import Report

REPO = Path(__file__).resolve().parents[2]
DATASET = REPO / "examples" / "contact-centre" / "dataset.yaml"


def audit(standard: str) -> Report:
    return run_audit(AuditRequest(standard=REPO / "standards" / standard, dataset=DATASET))


@pytest.fixture(scope="session")
def contact_centre() -> Report:
    return audit("contact-centre.yaml")


@pytest.fixture(scope="session")
def site_with_waivers() -> Report:
    """Issue 12's shipped example: the Shanghai site's overlay of the organisation's standard, with
    its waivers, over the contact-centre data (checklist reviews, complaints, intervals included)."""
    return run_audit(
        AuditRequest(
            standard=REPO / "standards" / "contact-centre-site.yaml",
            dataset=DATASET,
            waivers=(REPO / "examples" / "contact-centre" / "waivers.yaml",),
        )
    )


@pytest.fixture(scope="session")
def service_excellence() -> Report:
    return audit("service-excellence.yaml")
