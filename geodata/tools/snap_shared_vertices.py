"""Make neighbouring regions share their vertices exactly.

The overlays of build_geodata.py run on a 0.00001 degree grid, but a few
vertices of a shared boundary still came out one unit of the fifth decimal
apart (about 1 m) on the two sides: Harju-Laane, Latgale-Svencionys and
Svencionys-Vilnius-1939 in the first OpenStreetMap build. The app finds the
boundary between two regions by matching their vertices, so such a pair
draws the boundary as a border of the day and leaves a sliver.

A vertex within SAME_VERTEX (per axis) of a vertex of an earlier region takes
that vertex's coordinates; vertices of one region are never merged (that
could fold its ring). build_geodata.py calls snap() before writing;
run this file alone to fix geodata/regions.geojson in place.
"""
import json
import math
import os
import sys

SAME_VERTEX = 1.1e-5


def _rings(geometry):
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for poly in geometry["coordinates"] for ring in poly]


def snap(features):
    """Snaps the rings of GeoJSON region features in place; returns the
    number of vertices moved."""
    seen = {}
    moved = 0

    def cell(x, y):
        return (math.floor(x / SAME_VERTEX), math.floor(y / SAME_VERTEX))

    for i, f in enumerate(features):
        rings = _rings(f["geometry"])
        for ring in rings:
            for k, c in enumerate(ring):
                x, y = c[0], c[1]
                cx, cy = cell(x, y)
                found = None
                for dx in (-1, 0, 1):
                    for dy in (-1, 0, 1):
                        for (px, py, owner) in seen.get((cx + dx, cy + dy), ()):
                            if owner != i and abs(px - x) <= SAME_VERTEX and abs(py - y) <= SAME_VERTEX:
                                found = (px, py)
                                break
                        if found:
                            break
                    if found:
                        break
                if found and (found[0] != x or found[1] != y):
                    ring[k] = [found[0], found[1]]
                    moved += 1
        for ring in rings:
            for c in ring:
                seen.setdefault(cell(c[0], c[1]), []).append((c[0], c[1], i))
    return moved


def _lists(obj):
    """mapping() gives tuples; snapping needs lists."""
    if isinstance(obj, (list, tuple)):
        return [_lists(v) for v in obj]
    if isinstance(obj, dict):
        return {k: _lists(v) for k, v in obj.items()}
    return obj


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "regions.geojson")
    fc = json.load(open(path, encoding="utf-8"))
    fc["features"] = [_lists(f) for f in fc["features"]]
    n = snap(fc["features"])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, separators=(",", ":"))
    print(f"{n} vertices moved onto their neighbour's copy")


if __name__ == "__main__":
    main()
