"""The shipped table of repeated hours is what sampling ``zoneinfo`` finds, zone by zone.

Why: an audit used to sample its zone's offsets from 1970 to 2100 in every process (20–40 ms a
zone); ``checker/engine/zone_folds.json`` now answers for the tzdata release it was made from. The
reference is the sampling itself, run afresh here over every zone; a machine with another tzdata
release must not read the table at all (its zones may have changed), and folds worked out by hand
(Rome, New York, Lord Howe) must come out of the table as they come out of sampling.
"""

from __future__ import annotations

import json

import pytest

from checker.engine import zone_folds
from checker.engine.zone_folds import TABLE, ZoneFolds


@pytest.fixture
def fresh_cache():
    zone_folds.zone_folds.cache_clear()
    zone_folds._shipped.cache_clear()
    yield
    zone_folds.zone_folds.cache_clear()
    zone_folds._shipped.cache_clear()


def test_the_table_is_this_tzdata_release_sampled_afresh() -> None:
    shipped = json.loads(TABLE.read_text(encoding="utf-8"))
    if shipped["tzdata"] == zone_folds.tzdata_release():
        assert shipped == zone_folds.table()  # every zone, keys and shifts, as sampling finds them now
    else:  # another release: the table must not be read (next test), and sampling still answers
        assert zone_folds._shipped() == {}


def test_hand_worked_zones_come_out_of_the_table(fresh_cache) -> None:
    # Rome goes back 03:00 → 02:00 in October (September 1980–95): 02:xx repeats, one hour.
    # New York goes back 02:00 → 01:00 (October until 2006, November since): 01:xx repeats.
    # Lord Howe goes back half an hour since 1986 (an hour in 1981–85).
    expected = {
        "Europe/Rome": (3600,),
        "America/New_York": (3600,),
        "Australia/Lord_Howe": (1800, 3600),
        "Asia/Kolkata": (),
    }
    for zone, shifts in expected.items():
        assert zone_folds.zone_folds(zone).shifts == shifts
        assert zone_folds.zone_folds(zone) == zone_folds.sampled(zone)
    assert {902, 1002} <= set(zone_folds.zone_folds("Europe/Rome").keys)
    assert {1001, 1101} <= set(zone_folds.zone_folds("America/New_York").keys)


def test_another_tzdata_release_samples_instead_of_reading_the_table(fresh_cache, monkeypatch, tmp_path) -> None:
    wrong = {"tzdata": "1999z", "zones": {"Europe/Rome": [[1], [7]]}}
    (tmp_path / "zone_folds.json").write_text(json.dumps(wrong), encoding="utf-8")
    monkeypatch.setattr(zone_folds, "TABLE", tmp_path / "zone_folds.json")
    assert zone_folds.zone_folds("Europe/Rome") == zone_folds.sampled("Europe/Rome") != ZoneFolds((1,), (7,))


def test_the_tables_release_is_read_when_it_matches(fresh_cache, monkeypatch, tmp_path) -> None:
    # the same file claiming this machine's release is believed (so the check above is what guards it)
    claimed = {"tzdata": zone_folds.tzdata_release(), "zones": {"Europe/Rome": [[1], [7]]}}
    (tmp_path / "zone_folds.json").write_text(json.dumps(claimed), encoding="utf-8")
    monkeypatch.setattr(zone_folds, "TABLE", tmp_path / "zone_folds.json")
    if claimed["tzdata"] is None:  # no release can be told here: never read
        assert zone_folds.zone_folds("Europe/Rome") == zone_folds.sampled("Europe/Rome")
    else:
        assert zone_folds.zone_folds("Europe/Rome") == ZoneFolds((1,), (7,))
    assert zone_folds.zone_folds("Asia/Kolkata") == zone_folds.sampled("Asia/Kolkata")  # not listed: sampled


def test_a_missing_or_broken_table_samples(fresh_cache, monkeypatch, tmp_path) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    for path in (tmp_path / "absent.json", tmp_path / "broken.json"):
        zone_folds._shipped.cache_clear()
        zone_folds.zone_folds.cache_clear()
        monkeypatch.setattr(zone_folds, "TABLE", path)
        assert zone_folds.zone_folds("America/New_York") == zone_folds.sampled("America/New_York")


def test_the_release_is_read_from_the_zone_folder(monkeypatch, tmp_path) -> None:
    (tmp_path / "UTC").write_bytes(b"TZif")
    (tmp_path / "tzdata.zi").write_text("# version 2031q\n# Rule ...\n", encoding="utf-8")
    monkeypatch.setattr(zone_folds.zoneinfo, "TZPATH", (str(tmp_path),))
    assert zone_folds.tzdata_release() == "2031q"
    (tmp_path / "tzdata.zi").write_text("no version line\n", encoding="utf-8")
    assert zone_folds.tzdata_release() is None
