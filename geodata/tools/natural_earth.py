"""Decode Natural Earth 1:10m admin-0 countries from the world-atlas TopoJSON.

world-atlas (npm, ISC licence) redistributes Natural Earth 4.1.0 (public domain)
as quantised TopoJSON. This module turns it back into shapely geometries so the
build script can cut the project's historical regions out of it.
"""

import json
import os
import subprocess
import tarfile
import tempfile

from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union

WORLD_ATLAS = "world-atlas@2.0.2"


def fetch_world_atlas(cache_dir):
    """Return the path of countries-10m.json, fetching the npm package once."""
    path = os.path.join(cache_dir, "package", "countries-10m.json")
    if os.path.exists(path):
        return path
    os.makedirs(cache_dir, exist_ok=True)
    subprocess.run(["npm", "pack", WORLD_ATLAS], cwd=cache_dir, check=True)
    with tarfile.open(os.path.join(cache_dir, "world-atlas-2.0.2.tgz")) as tar:
        tar.extractall(cache_dir)
    return path


def _decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 6), round(y * sy + ty, 6)))
        arcs.append(pts)
    return arcs


def _ring(arcs, indices):
    pts = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        if pts:
            arc = arc[1:]
        pts.extend(arc)
    return pts


def _polygon(arcs, ring_indices):
    # Quantisation collapses some tiny islets to fewer than four points: drop them.
    rings = [r for r in (_ring(arcs, i) for i in ring_indices) if len(r) >= 4]
    if not rings:
        return None
    return Polygon(rings[0], rings[1:])


def _geometry(arcs, geom):
    if geom["type"] == "Polygon":
        return _polygon(arcs, geom["arcs"])
    if geom["type"] == "MultiPolygon":
        polys = [_polygon(arcs, p) for p in geom["arcs"]]
        return MultiPolygon([p for p in polys if p is not None])
    raise ValueError(geom["type"])


def load_countries(names, cache_dir=None):
    """Map of country name -> shapely geometry (valid, in lon/lat degrees)."""
    cache_dir = cache_dir or os.path.join(tempfile.gettempdir(), "baltic-atlas-ne")
    topo = json.load(open(fetch_world_atlas(cache_dir)))
    arcs = _decode_arcs(topo)
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        if "arcs" not in g or g["properties"]["name"] not in names:
            continue
        geom = _geometry(arcs, g).buffer(0)
        name = g["properties"]["name"]
        out[name] = unary_union([out[name], geom]) if name in out else geom
    return out
