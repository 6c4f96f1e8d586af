"""Write the example OCEL 2.0 log in its three encodings: ``python examples/ocel-service-desk/make.py``.

Made-up data: the synthetic tickets of ``examples/service-desk/tickets.csv`` (themselves written by
that folder's ``make.py``; no real organisation) recast as an object-centric log. Objects: each
ticket (attributes ``priority`` and ``level``, recorded as they change: a value at the first
event, then a change whenever the CSV's value for that ticket differs), the agent who handles it
and the customer who raised it. Events: each CSV row, of the CSV's event type, linked to its
ticket (qualifier ``concerns``) and, where the CSV's event involves one, to an agent (``handled
by``) or to the customer (``raised by``). Agents also log in each morning (``start shift``):
events linked to an agent only, which belong to no ticket. Times are written with their UTC
offset (Europe/Rome). Deterministic: the same CSV gives the same three files.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "service-desk" / "tickets.csv"
AGENTS = ("anna", "bruno", "carla")
EPOCH = "1970-01-01T00:00:00+00:00"


def _time(text: str) -> str:
    from zoneinfo import ZoneInfo

    return dt.datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Rome")).isoformat()


def build() -> dict:
    rows = list(csv.DictReader(SOURCE.open(encoding="utf-8")))
    tickets: dict[str, dict] = {}
    events = []
    for n, row in enumerate(rows, 1):
        tid, when = row["TicketID"], _time(row["Timestamp"])
        ticket = tickets.setdefault(tid, {"id": tid, "type": "ticket", "attributes": [], "relationships": []})
        number = int(tid[2:])
        for name in ("priority", "level"):
            value = row[name.capitalize()]
            history = [a for a in ticket["attributes"] if a["name"] == name]
            if not history or history[-1]["value"] != value:
                same = [a for a in history if a["time"] == when]
                assert not same, f"{tid}: two values of {name} at {when}"
                ticket["attributes"].append({"name": name, "time": when, "value": value})
        links = [{"objectId": tid, "qualifier": "concerns"}]
        if row["Event"] == "created":
            links.append({"objectId": f"C{number % 7 + 1:02d}", "qualifier": "raised by"})
        elif row["Event"] in ("assigned", "escalated", "resolved"):
            links.append({"objectId": AGENTS[number % len(AGENTS)], "qualifier": "handled by"})
        events.append({"id": f"e{n:04d}", "type": row["Event"], "time": when, "attributes": [], "relationships": links})
    days = sorted({e["time"][:10] for e in events})
    for day in days:
        for agent in AGENTS:
            when = _time(f"{day} 08:30")
            events.append(
                {
                    "id": f"s{day.replace('-', '')}-{agent}",
                    "type": "start shift",
                    "time": when,
                    "attributes": [{"name": "site", "value": "Milano"}],
                    "relationships": [{"objectId": agent, "qualifier": "by"}],
                }
            )
    events.sort(key=lambda e: (e["time"], e["id"]))
    for ticket in tickets.values():  # initial values are written at the epoch, as OCEL 2.0 tools do
        firsts = {}
        for a in ticket["attributes"]:
            firsts.setdefault(a["name"], a)
        for a in firsts.values():
            a["time"] = EPOCH
    objects = [*tickets.values()]
    objects += [{"id": a, "type": "agent", "attributes": [], "relationships": []} for a in AGENTS]
    objects += [{"id": f"C{i:02d}", "type": "customer", "attributes": [], "relationships": []} for i in range(1, 8)]
    event_types = sorted({e["type"] for e in events})
    return {
        "objectTypes": [
            {
                "name": "ticket",
                "attributes": [{"name": "priority", "type": "string"}, {"name": "level", "type": "string"}],
            },
            {"name": "agent", "attributes": []},
            {"name": "customer", "attributes": []},
        ],
        "eventTypes": [
            {"name": t, "attributes": [{"name": "site", "type": "string"}] if t == "start shift" else []}
            for t in event_types
        ],
        "objects": objects,
        "events": events,
    }


def write_json(log: dict, path: Path) -> None:
    path.write_text(json.dumps(log, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_xml(log: dict, path: Path) -> None:
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<log>"]
    for kind, key in (("object-type", "objectTypes"), ("event-type", "eventTypes")):
        out.append(f"  <{kind}s>")
        for t in log[key]:
            out.append(f"    <{kind} name={quoteattr(t['name'])}>")
            out.append("      <attributes>")
            out += [
                f"        <attribute name={quoteattr(a['name'])} type={quoteattr(a['type'])}/>" for a in t["attributes"]
            ]
            out += ["      </attributes>", f"    </{kind}>"]
        out.append(f"  </{kind}s>")
    out.append("  <objects>")
    for o in log["objects"]:
        out.append(f"    <object id={quoteattr(o['id'])} type={quoteattr(o['type'])}>")
        out.append("      <attributes>")
        for a in o["attributes"]:
            out.append(
                f"        <attribute name={quoteattr(a['name'])} time={quoteattr(a['time'])}>{a['value']}</attribute>"
            )
        out += ["      </attributes>", "    </object>"]
    out += ["  </objects>", "  <events>"]
    for e in log["events"]:
        out.append(f"    <event id={quoteattr(e['id'])} type={quoteattr(e['type'])} time={quoteattr(e['time'])}>")
        out.append("      <attributes>")
        out += [f"        <attribute name={quoteattr(a['name'])}>{a['value']}</attribute>" for a in e["attributes"]]
        out += ["      </attributes>", "      <objects>"]
        for r in e["relationships"]:
            out.append(
                f"        <relationship object-id={quoteattr(r['objectId'])} qualifier={quoteattr(r['qualifier'])}/>"
            )
        out += ["      </objects>", "    </event>"]
    out += ["  </events>", "</log>"]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def _map(name: str) -> str:
    return "".join(part.capitalize() for part in name.split())


def write_sqlite(log: dict, path: Path) -> None:
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript(
        """
        CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT);
        CREATE TABLE event_object (ocel_event_id TEXT, ocel_object_id TEXT, ocel_qualifier TEXT);
        CREATE TABLE object_object (ocel_source_id TEXT, ocel_target_id TEXT, ocel_qualifier TEXT);
        CREATE TABLE event_map_type (ocel_type TEXT, ocel_type_map TEXT);
        CREATE TABLE object_map_type (ocel_type TEXT, ocel_type_map TEXT);
        """
    )
    for t in log["eventTypes"]:
        con.execute("INSERT INTO event_map_type VALUES (?, ?)", (t["name"], _map(t["name"])))
        cols = "".join(f', "{a["name"]}" TEXT' for a in t["attributes"])
        con.execute(f'CREATE TABLE "event_{_map(t["name"])}" (ocel_id TEXT, ocel_time TEXT{cols})')
    for t in log["objectTypes"]:
        con.execute("INSERT INTO object_map_type VALUES (?, ?)", (t["name"], _map(t["name"])))
        cols = "".join(f', "{a["name"]}" TEXT' for a in t["attributes"])
        con.execute(
            f'CREATE TABLE "object_{_map(t["name"])}" (ocel_id TEXT, ocel_time TEXT, ocel_changed_field TEXT{cols})'
        )
    declared = {t["name"]: [a["name"] for a in t["attributes"]] for t in log["objectTypes"]}
    for o in log["objects"]:
        con.execute("INSERT INTO object VALUES (?, ?)", (o["id"], o["type"]))
        names = declared[o["type"]]
        table = f'"object_{_map(o["type"])}"'
        initial = {a["name"]: a["value"] for a in o["attributes"] if a["time"] == EPOCH}
        marks = ", ".join("?" * (3 + len(names)))
        con.execute(f"INSERT INTO {table} VALUES ({marks})", (o["id"], EPOCH, None, *(initial.get(n) for n in names)))
        for a in o["attributes"]:
            if a["time"] != EPOCH:
                values = [a["value"] if n == a["name"] else None for n in names]
                con.execute(f"INSERT INTO {table} VALUES ({marks})", (o["id"], a["time"], a["name"], *values))
    attrs = {t["name"]: [a["name"] for a in t["attributes"]] for t in log["eventTypes"]}
    for e in log["events"]:
        con.execute("INSERT INTO event VALUES (?, ?)", (e["id"], e["type"]))
        own = {a["name"]: a["value"] for a in e["attributes"]}
        marks = ", ".join("?" * (2 + len(attrs[e["type"]])))
        values = (e["id"], e["time"], *(own.get(n) for n in attrs[e["type"]]))
        con.execute(f'INSERT INTO "event_{_map(e["type"])}" VALUES ({marks})', values)
        for r in e["relationships"]:
            con.execute("INSERT INTO event_object VALUES (?, ?, ?)", (e["id"], r["objectId"], r["qualifier"]))
    con.commit()
    con.execute("VACUUM")
    con.close()


def main() -> None:
    log = build()
    write_json(log, HERE / "service-desk.jsonocel")
    write_xml(log, HERE / "service-desk.xmlocel")
    write_sqlite(log, HERE / "service-desk.sqlite")


if __name__ == "__main__":
    main()
