"""Canonical IANA time zone names, read from the tzdata package (no hand-kept lists).

``tzdata.zi`` (shipped in the ``tzdata`` package) lists every zone (``Z name …``) and every link
(``L target alias``): ``US/Eastern`` is a link to ``America/New_York``. A dataset names zones by
their canonical name; ``UTC`` is accepted too (tzdata makes it a link to ``Etc/UTC``, but it is
the name everyone writes). ``localtime``, ``posix/…`` and ``right/…`` are files of a system's
zoneinfo folder, not zone names: they change meaning from one machine to the next.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo
from importlib import resources

from checker.i18n import Speaker, speaker

EXTRA_CANONICAL = frozenset({"UTC"})


@functools.cache
def _zones_and_links() -> tuple[frozenset[str], dict[str, str]]:
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    zones: set[str] = set()
    links: dict[str, str] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0] == "Z":
            zones.add(parts[1])
        elif len(parts) >= 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    available = zoneinfo.available_timezones()
    canonical = frozenset(zone for zone in zones | EXTRA_CANONICAL if zone in available or zone in EXTRA_CANONICAL)
    return canonical, links


def canonical_zones() -> frozenset[str]:
    return _zones_and_links()[0]


def zone_problem(name: str, speak: Speaker | None = None) -> tuple[str, str] | None:
    """``(message, hint)`` when ``name`` is not a canonical IANA zone name, else None (see
    :func:`is_unknown` for which of them is no zone at all)."""
    speak = speak or speaker("en")
    canonical, links = _zones_and_links()
    if name in canonical:
        return None
    target = links.get(name)
    if target is not None:
        preferred = "UTC" if target == "Etc/UTC" else target
        return (
            speak._("time zone {name!r} is an alias", name=name),
            speak._("write its canonical name {preferred!r}", preferred=preferred),
        )
    bare = name.split("/", 1)[1] if name.startswith(("posix/", "right/")) else None
    if bare is not None:
        preferred = links.get(bare, bare)
        preferred = "UTC" if preferred == "Etc/UTC" else preferred
        return (
            speak._("time zone {name!r} is a file of the system's zoneinfo folder, not a zone name", name=name),
            speak._("write {preferred!r}", preferred=preferred)
            if preferred in canonical
            else speak._("write a name such as 'Asia/Shanghai'"),
        )
    if name == "localtime":
        return (
            speak._("time zone 'localtime' means whatever the machine running the audit is set to"),
            speak._("name the zone the data was recorded in, e.g. 'Asia/Shanghai' or 'Europe/London'"),
        )
    close = difflib.get_close_matches(name, sorted(canonical), n=1, cutoff=0.7)
    return (
        speak._("unknown IANA time zone {name!r}", name=name),
        speak._("did you mean {word!r}?", word=close[0])
        if close
        else speak._("use a name such as 'Asia/Shanghai' or 'Europe/London'"),
    )


def is_unknown(name: str) -> bool:
    """Whether ``name`` is no zone at all (not an alias, a zoneinfo file or ``localtime``)."""
    canonical, links = _zones_and_links()
    return not (name in canonical or name in links or name == "localtime" or name.startswith(("posix/", "right/")))
