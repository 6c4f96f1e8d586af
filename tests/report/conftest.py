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
def service_excellence() -> Report:
    return audit("service-excellence.yaml")
