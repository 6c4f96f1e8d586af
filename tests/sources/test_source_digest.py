"""A source file's SHA-256 is computed beside the engine's work, and is still the file's digest.

The expected digests are the published SHA-256 test vectors (FIPS 180-2: ``abc`` and the empty
message), not values computed by the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.sources.files import SourceFile, digest_later

ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_the_digest_computed_later_is_the_files_sha256(tmp_path: Path) -> None:
    abc, empty = tmp_path / "abc.csv", tmp_path / "empty.csv"
    abc.write_bytes(b"abc")
    empty.write_bytes(b"")
    files = [SourceFile(p, p.name, digest_later(p), p.stat().st_size) for p in (abc, empty)]
    assert [f.sha256 for f in files] == [ABC, EMPTY]


def test_a_file_that_cannot_be_read_fails_when_named_not_later(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        digest_later(tmp_path / "gone.csv")
    with pytest.raises(IsADirectoryError):
        digest_later(tmp_path)
