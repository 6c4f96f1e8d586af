"""The README's pre-commit snippet names what exists: its hook id is in .pre-commit-hooks.yaml,
its ``rev`` is not a tag the repository lacks, pre-commit itself accepts both files, and the hook
as defined (entry, files pattern) lints a scratch repository of standards as pre-commit would run
it: exit 0 on a clean standard, 1 on one with an error."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]


def _snippet() -> dict:
    readme = (REPO / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", readme, re.DOTALL)
    assert block, "the README shows a .pre-commit-config.yaml snippet"
    return yaml.safe_load(block.group(1))


def _hooks() -> list[dict]:
    return yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_the_snippet_names_a_hook_that_exists_and_no_missing_tag() -> None:
    [repo] = _snippet()["repos"]
    assert {hook["id"] for hook in repo["hooks"]} <= {hook["id"] for hook in _hooks()}
    rev = str(repo["rev"])
    tags = subprocess.run(["git", "-C", str(REPO), "tag"], capture_output=True, text=True, check=True).stdout.split()
    # a tag must exist; otherwise rev is a full commit SHA the user sets (the README says so)
    assert rev in tags or re.fullmatch(r"[0-9a-f]{40}", rev), rev


def test_pre_commit_accepts_the_manifest_and_the_snippet(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.fail("pre-commit is a test dependency (pyproject.toml [test]); install it")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(yaml.safe_dump(_snippet()), encoding="utf-8")
    subprocess.run([pre_commit, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")], check=True)
    subprocess.run([pre_commit, "validate-config", str(config)], check=True)


def test_the_hook_as_defined_lints_a_scratch_repository(tmp_path: Path) -> None:
    [hook] = _hooks()
    servcheck = Path(sys.executable).parent / "servcheck"
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    shutil.copytree(REPO / "rules", tmp_path / "rules")
    (tmp_path / "standards").mkdir()
    shutil.copy(REPO / "standards" / "contact-centre.yaml", tmp_path / "standards")
    (tmp_path / "notes.yaml").write_text("not: a standard\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True)
    files = subprocess.run(
        ["git", "-C", str(tmp_path), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.split()
    chosen = [f for f in files if re.search(hook["files"], f)]
    assert "notes.yaml" not in chosen and "standards/contact-centre.yaml" in chosen
    entry = shlex.split(hook["entry"])
    assert entry[0] == "servcheck"
    clean = subprocess.run([str(servcheck), *entry[1:], *chosen], cwd=tmp_path, capture_output=True, text=True)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = tmp_path / "standards" / "contact-centre.yaml"
    broken.write_text(broken.read_text("utf-8").replace('target: ">= 80%"', 'target: ">= 80 seconds"', 1))
    failing = subprocess.run([str(servcheck), *entry[1:], *chosen], cwd=tmp_path, capture_output=True, text=True)
    assert failing.returncode == 1 and "SC029" in failing.stdout
