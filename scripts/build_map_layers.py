#!/usr/bin/env python3
"""Derive the simplified map layers the web UI draws offline.

Reads the gazetteer geometry sources (default: ../shared/data/geo relative to the repo,
or the directory given with --src) and writes compact GeoJSON files to
crates/server/assets/map/ (embedded into the rasd binary at build time):

  countries.json  Natural Earth 1:10m country outlines around Syria (public domain)
  adm1.json       Syria governorates, UN OCHA via HDX (CC BY-IGO)
  adm2.json       Syria districts, UN OCHA via HDX (CC BY-IGO)
  roads.json      M4/M5 approximate lines (OCHA community points, CC BY-IGO; GeoNames CC BY 4.0)
  places.json     town labels from the repository's own data/geo/gazetteer.tsv (OCHA, GeoNames):
                  [name_en, name_ar, lon, lat, tier], tier 0 capitals and governorate seats,
                  1 district seats and cities over 150,000, 2 sub-district seats and towns over 40,000

Geometry is simplified with Douglas-Peucker (tolerance in degrees, per layer) and
coordinates are rounded, to keep the assets small. Standard library only.

Usage: python3 scripts/build_map_layers.py [--src DIR] [--out DIR]
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

# Region kept for the country layer (lon/lat bounds): North Africa east of Algeria, the Levant, Iraq,
# Turkey, Iran and the Arabian Peninsula down to Yemen and Sudan.
REGION = (8.0, 3.0, 63.0, 43.0)


def perp_dist(p, a, b):
    """Distance from point p to segment a-b, in coordinate units."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return ((x - px) ** 2 + (y - py) ** 2) ** 0.5


def douglas_peucker(pts, tol):
    """Iterative Douglas-Peucker: keep the endpoints and every point farther than tol."""
    n = len(pts)
    if n < 3:
        return pts[:]
    keep = [False] * n
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = -1.0, -1
        for k in range(i + 1, j):
            d = perp_dist(pts[k], pts[i], pts[j])
            if d > best:
                best, idx = d, k
        if best > tol and idx > 0:
            keep[idx] = True
            stack.append((i, idx))
            stack.append((idx, j))
    return [p for p, k in zip(pts, keep) if k]


def rnd(pts, nd):
    out = []
    for x, y in pts:
        q = [round(x, nd), round(y, nd)]
        if not out or out[-1] != q:
            out.append(q)
    return out


def simplify_ring(ring, tol, nd):
    xs = [p[0] for p in ring]
    ys = [p[1] for p in ring]
    # Drop islets and slivers smaller than a few tolerances across.
    if tol > 0 and max(max(xs) - min(xs), max(ys) - min(ys)) < 3 * tol:
        return None
    s = rnd(douglas_peucker(ring, tol), nd)
    if len(s) < 4:
        return None
    if s[0] != s[-1]:
        s.append(s[0])
    return s


def simplify_geom(g, tol, nd):
    t = g["type"]
    if t == "Polygon":
        polys = [g["coordinates"]]
    elif t == "MultiPolygon":
        polys = g["coordinates"]
    elif t == "LineString":
        return {"type": "LineString", "coordinates": rnd(douglas_peucker(g["coordinates"], tol), nd)}
    else:
        return None
    out = []
    for poly in polys:
        rings = [simplify_ring(r, tol, nd) for r in poly]
        if rings and rings[0]:
            out.append([r for r in rings if r])
    if not out:
        return None
    return {"type": "MultiPolygon", "coordinates": out}


def bbox_of(g):
    xs, ys = [], []

    def walk(c):
        if isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for x in c:
                walk(x)

    walk(g["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)


def layer(src, props_fn, tol, nd, keep=lambda f: True):
    with open(src, encoding="utf-8") as fh:
        data = json.load(fh)
    feats = []
    for f in data["features"]:
        if not f.get("geometry") or not keep(f):
            continue
        g = simplify_geom(f["geometry"], tol, nd)
        if g:
            feats.append({"type": "Feature", "properties": props_fn(f["properties"]), "geometry": g})
    return {"type": "FeatureCollection", "features": feats}


def in_region(f):
    x0, y0, x1, y1 = bbox_of(f["geometry"])
    return not (x1 < REGION[0] or x0 > REGION[2] or y1 < REGION[1] or y0 > REGION[3])


def places_layer():
    """Town labels for the map from data/geo/gazetteer.tsv, by tier (lower = shown earlier)."""
    out = []
    path = os.path.join(REPO, "data", "geo", "gazetteer.tsv")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            c = line.rstrip("\n").split("\t")
            if len(c) < 13 or c[1] not in ("city", "town") or not c[5] or not c[6]:
                continue
            lon, lat = float(c[6]), float(c[5])
            if not (REGION[0] <= lon <= REGION[2] and REGION[1] <= lat <= REGION[3]):
                continue
            pop, rank, ar = int(c[11] or 0), int(c[12] or 0), c[3].split("|")[0]
            if not ar:
                continue
            syria = c[10] == "SY"
            if rank == 3 and (syria or pop >= 100000):
                tier = 0
            elif (syria and rank == 2) or pop >= 150000:
                tier = 1
            elif (syria and rank == 1) or pop >= 40000:
                tier = 2
            else:
                continue
            out.append([c[2], ar, round(lon, 3), round(lat, 3), tier, pop])
    # Larger places first: the map labels them first when names collide.
    out.sort(key=lambda r: (r[4], -r[5]))
    return [r[:5] for r in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(os.path.dirname(REPO), "shared", "data", "geo"))
    ap.add_argument("--out", default=os.path.join(REPO, "crates", "server", "assets", "map"))
    ap.add_argument("--places-only", action="store_true", help="only places.json (needs no --src)")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    places = places_layer()
    with open(os.path.join(a.out, "places.json"), "w", encoding="utf-8") as fh:
        json.dump(places, fh, ensure_ascii=False, separators=(",", ":"))
        fh.write("\n")
    print(f"places.json: {len(places)} places")
    if a.places_only:
        return
    if not os.path.isdir(a.src):
        sys.exit(f"source directory not found: {a.src}")
    os.makedirs(a.out, exist_ok=True)
    b = os.path.join(a.src, "boundaries")
    layers = {
        "countries.json": layer(
            os.path.join(b, "countries_mena_ne10m.geojson"),
            lambda p: {"iso": p.get("iso_a2") or "", "en": p.get("name_en") or p.get("name") or "", "ar": p.get("name_ar") or ""},
            0.04, 2, in_region),
        "adm1.json": layer(
            os.path.join(b, "syria_adm1_governorates_ocha.geojson"),
            lambda p: {"pcode": p["PCODE"], "en": p["NAME_EN"], "ar": p["NAME_AR"]},
            0.006, 3),
        "adm2.json": layer(
            os.path.join(b, "syria_adm2_districts_ocha.geojson"),
            lambda p: {"pcode": p["PCODE"], "en": p["NAME_EN"], "ar": p["NAME_AR"], "adm1": p["ADM1_EN"]},
            0.008, 3),
        "roads.json": layer(
            os.path.join(a.src, "roads", "syria_m4_m5_village_waypoints_v2.geojson"),
            lambda p: {"ref": p["ref"], "name": p["name"]},
            0.0, 4),
    }
    for name, fc in layers.items():
        path = os.path.join(a.out, name)
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(fc, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
        print(f"{path}: {len(fc['features'])} features, {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    main()
