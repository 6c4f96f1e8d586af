"""The base of every measure's options model, free of engine imports (lint and schemas read it)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Options(BaseModel):
    """Base of each measure's options model (the rule's ``options:`` block); unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)
