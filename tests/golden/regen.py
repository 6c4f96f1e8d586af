"""Rewrite the golden reports: ``python -m tests.golden.regen`` (then review the diff)."""

from __future__ import annotations

from .cases import CASES, HERE, render


def main() -> None:
    for name in CASES:
        for ext, text in render(name).items():
            (HERE / f"{name}.{ext}").write_text(text, encoding="utf-8")
            print(f"wrote tests/golden/{name}.{ext}")


if __name__ == "__main__":
    main()
