"""A content-keyed cache of whole ``servcheck lint`` runs: a warm run imports none of the heavy libraries.

Why: a cold lint of the shipped standards and rules costs about 0.8 s of CPU, most of it importing
sqlglot, pydantic, jsonschema, holidays and Babel and building the document models (issue 15:
target 0.3 s). CI jobs, pre-commit hooks and editors lint the same unchanged files again and again.
Like ruff's and mypy's caches, a run whose inputs are all unchanged replays the outputs and the
exit code of the run that computed them.

A stale entry can never answer, because the key is everything the answer depends on:

* the *run key*: servcheck's version, the bytes of every file of the ``checker`` package, the
  Python version, the distributions installed beside it (their ``dist-info`` names carry their
  versions: holidays, tzdata, sqlglot…), the command's options and paths as given, the working
  directory, today's date (waivers expire, review dates pass) and the ``SERVCHECK_*`` variables;
* the *observed inputs*, recorded while the cold run ran: every file it opened (by its bytes),
  every folder it listed (by its names) and every path whose existence or kind it asked about
  (``os.stat``: a ``.servcheck.yaml``, a ``rules/`` folder, a taxonomy beside a standard that may
  appear later). Files of the Python installation are left out: the run key covers them.

The run key names the entry; the entry holds the observed inputs with their fingerprints and the
outputs. A hit fingerprints the observed inputs again (reading a few dozen small files costs far
less than one import) and only replays when every one is unchanged. A run during which an input
was modified (its mtime is later than the run's start) is not stored: it may have read the old
bytes, and the fingerprint taken after it would be of the new ones.

Where: ``$SERVCHECK_CACHE_DIR``, else ``.servcheck_cache`` in the working directory (gitignored).
``--no-cache`` neither reads nor writes it. Entries are written whole (a temporary file renamed), so
two runs at once never read half an entry; a cache folder that cannot be written is ignored.

This module imports only the standard library: it runs before anything heavy is loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import site
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import checker

CACHE_DIR_VARIABLE = "SERVCHECK_CACHE_DIR"
DEFAULT_FOLDER = ".servcheck_cache"
FORMAT = 1
"""The entry layout's version: part of the run key."""

_PACKAGE = Path(checker.__file__).resolve().parent


def cache_folder() -> Path:
    """``$SERVCHECK_CACHE_DIR`` if set, else ``.servcheck_cache`` in the working directory."""
    return Path(os.environ.get(CACHE_DIR_VARIABLE) or DEFAULT_FOLDER).absolute()


def _hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def package_digest() -> str:
    """SHA-256 over the relative path and bytes of every file of the ``checker`` package
    (compiled ``__pycache__`` files left out: they follow from the sources)."""
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(_PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, _PACKAGE).encode("utf-8", "surrogateescape") + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())
    return digest.hexdigest()


def _site_folders() -> list[str]:
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return sorted({os.path.realpath(f) for f in folders if os.path.isdir(f)})


def _installation_folders() -> tuple[str, ...]:
    """Folders whose files the run key covers (site-packages by the distributions' names, the
    standard library by the Python version, the package by its bytes), so they are not observed.
    Not ``sys.prefix`` as a whole: with a system Python that is ``/usr``, where a user's files may live."""
    stdlib = os.path.dirname(os.__file__)
    return tuple(
        sorted({os.path.realpath(p) for p in (*_site_folders(), stdlib, str(_PACKAGE), "/proc", "/dev", "/sys")})
    )


def distributions() -> list[str]:
    """The names of the distributions installed beside servcheck (``holidays-0.60.dist-info``…),
    and the ``.pth`` files that point at editable installs."""
    names: list[str] = []
    for folder in _site_folders():
        with contextlib.suppress(OSError):
            names += sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info", ".pth")))
    return names


def run_key(options: dict[str, Any], today: dt.date | None = None) -> str:
    """Everything but the observed inputs: see the module docstring."""
    parts = {
        "format": FORMAT,
        "version": checker.__version__,
        "package": package_digest(),
        "python": sys.version,
        "distributions": distributions(),
        "options": options,
        "cwd": os.getcwd(),
        "today": (today or dt.date.today()).isoformat(),
        "environment": sorted((k, v) for k, v in os.environ.items() if k.startswith("SERVCHECK_")),
    }
    return _hash_bytes(json.dumps(parts, sort_keys=True, default=str).encode("utf-8"))


# --- observing the cold run -------------------------------------------------------------------


@dataclass
class Observed:
    """What the cold run looked at, as absolute paths."""

    opened: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)
    stated: set[str] = field(default_factory=set)
    complete: bool = True
    """False when an access could not be recorded: such a run is not stored."""
    started_ns: int = field(default_factory=time.time_ns)
    """When observing began: a file modified after it may have been read before the change."""


_RECORDING: Observed | None = None
_HOOKED = False


def _audit_hook(event: str, args: tuple[Any, ...]) -> None:
    observed = _RECORDING
    if observed is None or event not in ("open", "os.listdir", "os.scandir"):
        return
    try:
        _record(observed, event, args)
    except Exception:  # an audit hook that raises would fail the open itself: note it, store nothing
        observed.complete = False


def _record(observed: Observed, event: str, args: tuple[Any, ...]) -> None:
    if event == "open":
        path, mode, flags = (*args, None, None)[:3]
        if isinstance(path, int) or path is None:
            return
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)
        )
        if not writing:
            observed.opened.add(os.path.abspath(os.fsdecode(path)))
    elif event in ("os.listdir", "os.scandir"):
        path = args[0] if args else None
        if isinstance(path, int):
            return
        observed.listed.add(os.path.abspath(os.fsdecode(path) if path is not None else "."))


@contextlib.contextmanager
def observing() -> Iterator[Observed]:
    """Record the files opened, folders listed and paths stat'ed inside the block.

    Opens and listings come from Python's audit hooks (``open``, ``os.listdir``, ``os.scandir``:
    every ``open()``, ``Path.read_text``, ``iterdir`` and ``glob``); existence checks go through
    ``os.stat``/``os.lstat``, which are wrapped for the block (``Path.exists``, ``is_file``…).
    The hook is installed once per process and does nothing outside a block."""
    global _RECORDING, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit_hook)
        _HOOKED = True
    observed = Observed()
    real_stat, real_lstat = os.stat, os.lstat

    def note(path: Any, kwargs: dict[str, Any]) -> None:
        try:
            if kwargs.get("dir_fd") is not None:
                observed.complete = False
            elif not isinstance(path, int):
                observed.stated.add(os.path.abspath(os.fsdecode(path)))
        except Exception:  # the real call reports a bad argument
            observed.complete = False

    def stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        note(path, kwargs)
        return real_stat(path, *args, **kwargs)

    def lstat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        note(path, kwargs)
        return real_lstat(path, *args, **kwargs)

    previous = _RECORDING
    _RECORDING = observed
    os.stat, os.lstat = stat, lstat  # type: ignore[assignment]
    try:
        yield observed
    finally:
        os.stat, os.lstat = real_stat, real_lstat  # type: ignore[assignment]
        _RECORDING = previous


# --- fingerprints -----------------------------------------------------------------------------


def _kind(path: str) -> str:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "missing"
    if os.path.islink(path):
        try:
            return "link:" + os.readlink(path) + ":" + _kind(os.path.realpath(path))
        except OSError:
            return "link"
    return "dir" if os.path.isdir(path) else "file" if os.path.isfile(path) else f"other:{mode}"


def _content(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            return _hash_bytes(handle.read())
    except IsADirectoryError:
        return "dir"
    except OSError:
        return "missing"


def _listing(path: str) -> str:
    try:
        return _hash_bytes("\0".join(sorted(os.listdir(path))).encode("utf-8", "surrogateescape"))
    except OSError:
        return "missing"


def fingerprints(observed: Observed, cache: Path) -> dict[str, dict[str, str]]:
    """Each observed path outside the installation and the cache, with what a later run compares."""
    skip = (*_installation_folders(), str(cache))
    # one C-level startswith per path: a cold lint observes some 1,900 paths (most of them the
    # installation's modules), and testing each folder in a Python loop cost 0.01 s
    exact, below = frozenset(skip), tuple(folder.rstrip(os.sep) + os.sep for folder in skip)

    def inside(path: str) -> bool:
        return path in exact or path.startswith(below)

    return {
        "opened": {p: _content(p) for p in sorted(observed.opened) if not inside(p)},
        "listed": {p: _listing(p) for p in sorted(observed.listed) if not inside(p)},
        "stated": {p: _kind(p) for p in sorted(observed.stated) if not inside(p)},
    }


def unchanged(recorded: dict[str, dict[str, str]]) -> bool:
    """Whether every observed input still has the fingerprint recorded."""
    checks = {"opened": _content, "listed": _listing, "stated": _kind}
    return all(
        fingerprint(path) == value
        for kind, fingerprint in checks.items()
        for path, value in recorded.get(kind, {}).items()
    )


# --- entries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a lint run printed or wrote, in order (``target`` None: standard output), and its exit code."""

    outputs: tuple[tuple[str | None, str], ...]
    exit_code: int
    lang: str = "en"
    """The language the run spoke (a file that cannot be written is told in it)."""


def lookup(key: str, folder: Path | None = None) -> Outcome | None:
    """The outcome stored under ``key`` if every input it observed is unchanged."""
    path = (folder or cache_folder()) / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("format") != FORMAT or not unchanged(entry["inputs"]):
            return None
        outputs = tuple((target, text) for target, text in entry["outputs"])
        return Outcome(outputs, int(entry["exit_code"]), str(entry["lang"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def changed_while_running(observed: Observed) -> bool:
    """Whether a file the run opened was modified after the run began (as "racy git" asks): its
    content now may not be the content the run read, so such a run is not stored."""
    for path in observed.opened:
        try:
            if os.stat(path).st_mtime_ns >= observed.started_ns:
                return True
        except OSError:
            continue
    return False


def store(key: str, observed: Observed, outcome: Outcome, folder: Path | None = None) -> None:
    """Write the entry atomically; a folder that cannot be written is no error (the cache is optional).
    Nothing is stored for a run that could not record an access or whose inputs changed under it."""
    if not observed.complete or changed_while_running(observed):
        return
    folder = folder or cache_folder()
    entry = {
        "format": FORMAT,
        "inputs": fingerprints(observed, folder),
        "outputs": [list(pair) for pair in outcome.outputs],
        "exit_code": outcome.exit_code,
        "lang": outcome.lang,
    }
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        gitignore = folder / ".gitignore"
        if not gitignore.exists():
            gitignore.write_text("# written by servcheck lint: a cache, safe to delete\n*\n", encoding="utf-8")
        import tempfile  # only a run that stores imports it (6 ms of a warm run's 0.13 s)

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".entry-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(entry, out, sort_keys=True)
            os.replace(temporary, folder / f"{key}.json")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
