"""``python -m checker.selfcheck``: the repository's own gates before the tests.

Runs ruff, verifies the checked-in JSON Schemas are current, and lints the shipped standards,
rules and example datasets. It is part of the README's test command so CI and a developer run
exactly the same steps.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STEPS: list[list[str]] = [
    [sys.executable, "-m", "ruff", "check", "."],
    [sys.executable, "-m", "checker", "schema", "export", "--check"],
    [
        sys.executable,
        "-m",
        "checker",
        "lint",
        "standards",
        "rules",
        # every shipped mapping; the *-full ones read ../shared, which a fresh clone does not have
        *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("examples/*/dataset*.yaml") if "-full" not in p.stem),
        "examples/drafts/contact-centre-draft.md",
    ],
]


def main() -> int:
    for step in STEPS:
        print("$", " ".join(step[2:] if step[0] == sys.executable else step), flush=True)
        result = subprocess.run(step, cwd=ROOT, check=False)
        if result.returncode != 0:
            print(f"selfcheck failed at: {' '.join(step)} (exit {result.returncode})", file=sys.stderr)
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
