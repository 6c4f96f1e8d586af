"""Functions imported when first called: a format's renderer loads only when its format is asked for.

Why: an audit writing JSON loaded the text, Markdown, HTML and JUnit renderers with their words and
templates on every run, and a plain-text lint loaded SARIF's package metadata and JUnit's XML
(issue 15; ``tests/load/test_light_loading.py`` pins both).

>>> dumps = on_first_call("json", "dumps")
>>> dumps([1, 2])
'[1, 2]'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def on_first_call(module: str, function: str) -> Callable[..., Any]:
    """``module.function``, imported when it is first called (each call looks it up again: the
    import system's own cache makes that a dictionary lookup)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), function)(*args, **kwargs)

    call.__name__ = call.__qualname__ = f"{module}.{function}"
    return call
