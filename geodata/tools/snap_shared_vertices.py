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


ON_SEGMENT = 1.5e-5


def drop_near_duplicates(features):
    """Removes from each ring a vertex that repeats the one before it, or
    lies within SAME_VERTEX of it while its neighbour's copy is the one the
    other regions share (a 1 m zigzag on one side of a boundary: Laane ran
    24.35,59.12 -> 23.74389,59.24858 -> 23.74388,59.24857 where Harju runs
    straight to 23.74388,59.24857). Returns the number of vertices removed."""
    owners = {}
    for i, f in enumerate(features):
        for ring in _rings(f["geometry"]):
            for c in ring:
                owners.setdefault((c[0], c[1]), set()).add(i)
    removed = 0
    for i, f in enumerate(features):
        for ring in _rings(f["geometry"]):
            k = 1
            while k < len(ring) - 1 and len(ring) > 4:
                (px, py), (x, y), (nx, ny) = ring[k - 1][:2], ring[k][:2], ring[k + 1][:2]
                shared = lambda v: len(owners.get(v, ())) > 1
                near_next = abs(nx - x) <= SAME_VERTEX and abs(ny - y) <= SAME_VERTEX
                near_prev = abs(px - x) <= SAME_VERTEX and abs(py - y) <= SAME_VERTEX
                if (x, y) == (px, py) or (
                    not shared((x, y))
                    and ((near_next and shared((nx, ny))) or (near_prev and shared((px, py))))
                ):
                    del ring[k]
                    removed += 1
                else:
                    k += 1
    return removed


def insert_t_junctions(features):
    """Where a vertex of one region lies on a segment of another (within
    ON_SEGMENT per axis, not at its ends), inserts it into that segment, so
    both sides of the boundary run through the same vertices. Rounding to
    the fifth decimal left a few such vertices beside a neighbour's long
    straight segment (Harju-Laane: a 36 km boundary drawn as a border of
    the day). Returns the number of vertices inserted."""
    cellsize = 0.01
    vertices = []
    for i, f in enumerate(features):
        vs = set()
        for ring in _rings(f["geometry"]):
            for c in ring:
                vs.add((c[0], c[1]))
        vertices.append(vs)
    grid = {}
    for i, vs in enumerate(vertices):
        for (x, y) in vs:
            grid.setdefault((math.floor(x / cellsize), math.floor(y / cellsize)), []).append((x, y, i))
    inserted = 0
    for i, f in enumerate(features):
        for ring in _rings(f["geometry"]):
            k = 0
            while k < len(ring) - 1:
                (ax, ay), (bx, by) = ring[k][:2], ring[k + 1][:2]
                dx, dy = bx - ax, by - ay
                length2 = dx * dx + dy * dy
                best = None
                if length2 > 0:
                    x0, x1 = sorted((ax, bx))
                    y0, y1 = sorted((ay, by))
                    for gx in range(math.floor(x0 / cellsize), math.floor(x1 / cellsize) + 1):
                        for gy in range(math.floor(y0 / cellsize), math.floor(y1 / cellsize) + 1):
                            for (px, py, owner) in grid.get((gx, gy), ()):
                                if owner == i or (px, py) in vertices[i]:
                                    continue
                                t = ((px - ax) * dx + (py - ay) * dy) / length2
                                if not 0 < t < 1:
                                    continue
                                if abs(ax + t * dx - px) <= ON_SEGMENT and abs(ay + t * dy - py) <= ON_SEGMENT:
                                    if best is None or t < best[0]:
                                        best = (t, px, py)
                if best is None:
                    k += 1
                    continue
                ring.insert(k + 1, [best[1], best[2]])
                vertices[i].add((best[1], best[2]))
                inserted += 1
                # The new segment from ring[k] is checked again.
    return inserted


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
    d = drop_near_duplicates(fc["features"])
    t = insert_t_junctions(fc["features"])
    with open(path, "w", encoding="utf-8") as f:
        json.dump(fc, f, separators=(",", ":"))
    print(f"{n} vertices moved onto their neighbour's copy, {d} near-duplicates dropped, "
          f"{t} inserted into a neighbour's segment")


if __name__ == "__main__":
    main()
