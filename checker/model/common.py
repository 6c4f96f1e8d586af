"""Building blocks shared by every document kind: strict models, bilingual text, references."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from checker.model.quantity import (
    NotationError,
    QuantityError,
    normalise_notation,
    parse_duration,
    parse_quantity,
    parse_target,
)


class Strict(BaseModel):
    """Unknown keys are errors (a typo must never be silently ignored); models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(Strict):
    """Text in Chinese and/or English; at least one language must be present."""

    zh: str | None = Field(default=None, min_length=1, description="Chinese text")
    en: str | None = Field(default=None, min_length=1, description="English text")

    @model_validator(mode="after")
    def _one_language(self) -> Text:
        if self.zh is None and self.en is None:
            raise ValueError("give the text in at least one language: zh or en")
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to the other language."""
        own = getattr(self, lang, None)
        return own or self.en or self.zh or ""

    def languages(self) -> set[str]:
        return {lang for lang in ("zh", "en") if getattr(self, lang)}


class Reference(Strict):
    """A normative or informative reference (another standard, a law, a web page)."""

    id: str = Field(min_length=1, description="e.g. 'ISO 23592:2021' or 'GB/T 42509-2023'")
    title: Text | None = None
    url: str | None = None


# The checks keep a NotationError as it is (a ValueError: pydantic hands it to the loader, which
# reports it as SC008 with its replacement) and return the ASCII form of what was written.


def _check_duration(value: str) -> str:
    try:
        parse_duration(value)
    except NotationError:
        raise
    except QuantityError as err:
        raise ValueError(str(err)) from None
    return normalise_notation(value)


def _check_target(value: str) -> str:
    try:
        parse_target(value)
    except NotationError:
        raise
    except QuantityError as err:
        raise ValueError(str(err)) from None
    return normalise_notation(value)


def _check_quantity(value: str | int | float) -> str | int | float:
    try:
        parse_quantity(value)
    except NotationError:
        raise
    except QuantityError as err:
        raise ValueError(str(err)) from None
    return normalise_notation(value) if isinstance(value, str) else value


DurationText = Annotated[
    str,
    AfterValidator(_check_duration),
    Field(description='A duration with its unit: "20s", "4h", "2 days", "3 business days"'),
]
TargetText = Annotated[
    str,
    AfterValidator(_check_target),
    Field(
        pattern=r"^\s*(>=|<=|==|=|>|<|≥|≤|＞|＜|＝)",
        description='An operator and a quantity: ">= 96%", "<= 30s", ">= 40"',
    ),
]
Identifier = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=120)]
