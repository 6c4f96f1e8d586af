"""A table's source files: its globs expanded, each file's identity for the report, its time zone checked.

The report records every file read (path as written in the mapping, SHA-256, size) so an audit can
be repeated on the same bytes; a glob that matches nothing is the auditor's error, located in the
mapping, not an empty table.

On Spark a source may also be a URI Spark reads where the data lives (``s3a://``, ``abfss://``,
``gs://``, ``hdfs://``, ``file://``; a glob in it is Spark's to expand) or a catalog table by name:
neither is opened here (no existence check, no SHA-256: the report records the URI or
``catalog:<name>`` with an empty digest and 0 bytes), and a path Spark cannot find is a located
read error, not a traceback.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from checker import codes
from checker.diagnostics import Diagnostic, InvalidInput, Location
from checker.load.documents import Document
from checker.model.dataset import Table


@dataclass(frozen=True)
class SourceFile:
    """One input file with the identity the report records (path as given, SHA-256, size).

    ``digest`` is the SHA-256, or its computation still running (:func:`digest_later`); ``sha256``
    waits for it. The report is the first reader, so the hash runs while the engine reads the file."""

    path: Path
    display: str
    digest: str | Future[str] = field(compare=False)
    size: int
    uri: str | None = None  # read by Spark where it lives (path is then only for the file name's ending)
    catalog: str | None = None  # a catalog table's name (``catalog_table:``)
    stamp: tuple[int, int] | None = field(default=None, compare=False)
    """(size, modification time in ns) when the audit resolved the file: :func:`changed_sources` compares."""

    @property
    def sha256(self) -> str:
        return self.digest if isinstance(self.digest, str) else self.digest.result()

    @property
    def remote(self) -> bool:
        """Not a local file: nothing of it is read here, Spark reads it."""
        return self.uri is not None or self.catalog is not None


URI = re.compile(r"^(s3a?|s3n|abfss?|wasbs?|gs|hdfs|file|dbfs)://", re.IGNORECASE)
"""The URI schemes a mapping's ``source`` may use on Spark."""


def is_uri(pattern: str) -> bool:
    return URI.match(pattern) is not None


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


_HASHING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="servcheck-sha256")
"""One thread hashes the source files in turn, beside the engine's reading of them."""


def digest_later(path: Path) -> Future[str]:
    """The SHA-256 of ``path``, computed on a thread of its own.

    Why: hashing a data file is a serial pass over all its bytes (0.65 s for the benchmark's 1 GB
    of calls CSV, about 1.3 s for its 10^8 calls Parquet) that kept the second core idle before
    the engine started; ``hashlib`` releases the GIL, so beside the engine's work it costs little
    wall time. The file is opened once here, so a file that cannot be opened fails where it did;
    it is hashed from a handle of the thread's own (a glob of thousands of files holds no handle
    open while it waits)."""
    path.open("rb").close()
    return _HASHING.submit(sha256_file, path)


def resolve_sources(doc: Document, name: str, table: Table) -> list[SourceFile]:
    """Expand the table's globs relative to the mapping file; a glob matching nothing is an error."""
    if table.catalog_table is not None:
        name = table.catalog_table
        return [SourceFile(Path(name), f"catalog:{name}", "", 0, catalog=name)]
    base = doc.path.parent
    files: list[SourceFile] = []
    problems = []
    for i, pattern in enumerate(table.source):
        if is_uri(pattern):
            files.append(SourceFile(Path(pattern.split("://", 1)[1]), pattern, "", 0, uri=pattern))
            continue
        matches = sorted(glob.glob(str(base / pattern), recursive=True))
        if not matches:
            problems.append(
                Diagnostic.of(
                    codes.MISSING_SOURCE,
                    f"table {name!r}: source {pattern!r} matches no file (looked in {base})",
                    doc.at(("tables", name, "source", i)),
                )
            )
        for match in matches:
            path = Path(match)
            display = str(Path(pattern).parent / path.name) if "*" in pattern else pattern
            digest = digest_later(path)
            stat = path.stat()
            files.append(SourceFile(path, display, digest, stat.st_size, stamp=(stat.st_size, stat.st_mtime_ns)))
    if problems:
        raise InvalidInput(problems)
    return files


def changed_sources(tables: Iterable[tuple[str, Sequence[SourceFile]]]) -> list[Diagnostic]:
    """A located error for each local data file that is no longer the one the audit resolved.

    Why: the engine reads a file more than once (the census, the grouped pass, the evidence; a
    Parquet view is read lazily by each), and the report records one size and one SHA-256 for it.
    A file an export job is still writing could give figures from two versions of it under a
    digest of neither, so the audit looks again at the end: a changed size or modification time,
    or a file gone, refuses the report (exit 3) rather than sign it. It waits for the file's
    digest first, so the hash is inside the window checked. Same size and same modification time
    after a rewrite cannot be seen this way; a writer that resets the time defeats it.
    (Remote files and catalog tables are Spark's to read and carry no stamp.)"""
    from checker.i18n.context import audit_speaker

    speak = audit_speaker()
    problems = []
    for table, files in tables:
        for source in files:
            if source.stamp is None:
                continue
            source.sha256  # noqa: B018 -- wait for the hash, so it falls inside the window the stamps check
            try:
                stat = source.path.stat()
                now: tuple[int, int] | None = (stat.st_size, stat.st_mtime_ns)
            except OSError:
                now = None
            if now == source.stamp:
                continue
            message = (
                speak._("table {table!r}: the data file was removed or renamed while the audit read it", table=table)
                if now is None
                else speak._(
                    "table {table!r}: the data file changed while the audit read it "
                    "(size {before} → {after} bytes); its figures could mix two versions of it",
                    table=table,
                    before=source.stamp[0],
                    after=now[0],
                )
            )
            hint = speak._("audit a copy nothing writes to, or wait until the export writing this file has finished")
            problems.append(Diagnostic.of(codes.SOURCE_CHANGED, message, Location(str(source.path)), hint))
    return problems


def check_timezone(zone: str, loc: Location) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            [
                Diagnostic.of(
                    codes.TIMEZONE,
                    f"unknown IANA time zone {zone!r}",
                    loc,
                    "use a name such as 'Asia/Shanghai' or 'Europe/London'",
                )
            ]
        ) from None
    return zone
