"""The actor network: who met, phoned, agreed with or accused whom.

Nodes are entities (with their Arabic and English names), edges link actor to
recipient — or every pair of co-actors of a meeting — weighted by the number of
distinct happenings, not articles.
"""

from __future__ import annotations

from collections import defaultdict
from typing import IO, Any
from xml.sax.saxutils import quoteattr

from sqlalchemy import select

from marsad.store import Store
from marsad.store import schema as t

__all__ = ["actor_graph", "write_graphml"]


def actor_graph(store: Store, limit_nodes: int | None = None) -> dict[str, Any]:
    """Nodes and edges of the actor network as plain dicts."""
    with store.engine.connect() as conn:
        evs = conn.execute(
            select(
                t.events.c.doc_id,
                t.events.c.idx,
                t.events.c.type,
                t.events.c.actor,
                t.events.c.recipient,
                t.events.c.happening_id,
            )
        ).all()
        ents = conn.execute(
            select(
                t.entities.c.entity_id,
                t.entities.c.type,
                t.entities.c.name_ar,
                t.entities.c.name_en,
            )
        ).all()
    names: dict[str, tuple[str, str, str | None]] = {}
    for e in ents:
        names.setdefault(e.entity_id, (e.type, e.name_ar, e.name_en))
    edges: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for ev in evs:
        hid = ev.happening_id or f"{ev.doc_id}:{ev.idx}"
        actors = [a for a in ev.actor if a]
        recips = [r for r in ev.recipient if r]
        pairs: list[tuple[str, str]] = []
        if recips:
            pairs = [(a, r) for a in actors for r in recips if a != r]
        else:
            pairs = [(a, b) for i, a in enumerate(actors) for b in actors[i + 1 :] if a != b]
        for a, b in pairs:
            edges[(a, b, ev.type)].add(hid)
    nodes_used = {x for (a, b, _k) in edges for x in (a, b)}
    nodes = [
        {
            "id": n,
            "type": names.get(n, ("MISC", n, None))[0],
            "name_ar": names.get(n, ("", n, None))[1],
            "name_en": names.get(n, ("", n, None))[2],
        }
        for n in sorted(nodes_used)
    ]
    edge_list = [
        {"source": a, "target": b, "type": k, "weight": len(h)}
        for (a, b, k), h in sorted(edges.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    if limit_nodes is not None:
        keep = {n["id"] for n in nodes[:limit_nodes]}
        nodes = [n for n in nodes if n["id"] in keep]
        edge_list = [e for e in edge_list if e["source"] in keep and e["target"] in keep]
    return {"nodes": nodes, "edges": edge_list}


def write_graphml(graph: dict[str, Any], fh: IO[str]) -> None:
    """Write the graph as GraphML (readable by Gephi, networkx, yEd)."""
    fh.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    fh.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    for key, target, name in (
        ("d0", "node", "type"),
        ("d1", "node", "name_ar"),
        ("d2", "node", "name_en"),
        ("d3", "edge", "event_type"),
        ("d4", "edge", "weight"),
    ):
        kind = "int" if name == "weight" else "string"
        fh.write(f'  <key id="{key}" for="{target}" attr.name="{name}" attr.type="{kind}"/>\n')
    fh.write('  <graph id="actors" edgedefault="directed">\n')
    for n in graph["nodes"]:
        fh.write(f"    <node id={quoteattr(n['id'])}>")
        fh.write(f'<data key="d0">{_x(n["type"])}</data><data key="d1">{_x(n["name_ar"])}</data>')
        if n.get("name_en"):
            fh.write(f'<data key="d2">{_x(n["name_en"])}</data>')
        fh.write("</node>\n")
    for i, e in enumerate(graph["edges"]):
        fh.write(
            f'    <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])}>'
            f'<data key="d3">{_x(e["type"])}</data><data key="d4">{e["weight"]}</data></edge>\n'
        )
    fh.write("  </graph>\n</graphml>\n")


def _x(s: str | None) -> str:
    from xml.sax.saxutils import escape

    return escape(s or "")
