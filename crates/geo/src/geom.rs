//! Small, dependency-free geometry helpers on WGS84 coordinates.
//!
//! **Coordinate order** (read this once):
//! - a *point* argument is always `(lat, lon)` in degrees ([`LatLon`]);
//! - *vertex lists* (polygon rings, polylines) are GeoJSON order `(lon, lat)` ([`LonLat`]),
//!   so they can be copied straight out of GeoJSON files.
//!
//! All functions are total: empty or degenerate inputs give `false` / `f64::INFINITY`,
//! never a panic. Distances are great-circle kilometres on a sphere of radius 6371.0088 km.

/// A point as `(latitude, longitude)` in degrees.
pub type LatLon = (f64, f64);
/// A vertex as `(longitude, latitude)` in degrees (GeoJSON order).
pub type LonLat = (f64, f64);

/// Mean Earth radius in km (IUGG).
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given as `(lat, lon)`.
///
/// ```
/// use rasd_geo::geom::haversine_km;
/// let damascus = (33.5138, 36.2765);
/// let aleppo = (36.2021, 37.1343);
/// let d = haversine_km(damascus, aleppo);
/// assert!((d - 307.0).abs() < 10.0);
/// ```
pub fn haversine_km(a: LatLon, b: LatLon) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let dlat = la2 - la1;
    let dlon = lo2 - lo1;
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().clamp(0.0, 1.0).asin()
}

/// Initial bearing in degrees (0 = north, 90 = east) from `a` to `b`, both `(lat, lon)`.
pub fn bearing_deg(a: LatLon, b: LatLon) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dlon = (b.1 - a.1).to_radians();
    let y = dlon.sin() * la2.cos();
    let x = la1.cos() * la2.sin() - la1.sin() * la2.cos() * dlon.cos();
    (y.atan2(x).to_degrees() + 360.0) % 360.0
}

/// The point reached from `p` (`(lat, lon)`) travelling `km` along initial bearing `bearing` (degrees).
pub fn destination(p: LatLon, bearing: f64, km: f64) -> LatLon {
    let d = km / EARTH_RADIUS_KM;
    let b = bearing.to_radians();
    let (la1, lo1) = (p.0.to_radians(), p.1.to_radians());
    let la2 = (la1.sin() * d.cos() + la1.cos() * d.sin() * b.cos())
        .clamp(-1.0, 1.0)
        .asin();
    let lo2 = lo1 + (b.sin() * d.sin() * la1.cos()).atan2(d.cos() - la1.sin() * la2.sin());
    let lon = (lo2.to_degrees() + 540.0) % 360.0 - 180.0;
    (la2.to_degrees(), lon)
}

/// Ray-casting test of point `p` (`(lat, lon)`) against one ring of `(lon, lat)` vertices.
/// The ring may or may not repeat its first vertex at the end. Points exactly on an edge
/// may go either way.
pub fn point_in_ring(p: LatLon, ring: &[LonLat]) -> bool {
    let (y, x) = p;
    let n = ring.len();
    if n < 3 {
        return false;
    }
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (xi, yi) = ring[i];
        let (xj, yj) = ring[j];
        if (yi > y) != (yj > y) {
            let xcross = (xj - xi) * (y - yi) / (yj - yi) + xi;
            if x < xcross {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// A polygon: one exterior ring and optional holes, vertices in `(lon, lat)` order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Polygon {
    pub exterior: Vec<LonLat>,
    pub holes: Vec<Vec<LonLat>>,
}

impl Polygon {
    /// Bounding box of the exterior ring.
    pub fn bbox(&self) -> BBox {
        BBox::of_vertices(&self.exterior)
    }
}

/// Is `p` (`(lat, lon)`) inside the polygon (inside the exterior ring and in no hole)?
pub fn point_in_polygon(p: LatLon, poly: &Polygon) -> bool {
    point_in_ring(p, &poly.exterior) && !poly.holes.iter().any(|h| point_in_ring(p, h))
}

/// Is `p` (`(lat, lon)`) inside any polygon of a multipolygon?
pub fn point_in_multipolygon(p: LatLon, polys: &[Polygon]) -> bool {
    polys.iter().any(|poly| point_in_polygon(p, poly))
}

/// An axis-aligned bounding box in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub min_lat: f64,
    pub min_lon: f64,
    pub max_lat: f64,
    pub max_lon: f64,
}

impl BBox {
    /// The empty box (contains nothing; `extend` grows it).
    pub const EMPTY: BBox = BBox {
        min_lat: f64::INFINITY,
        min_lon: f64::INFINITY,
        max_lat: f64::NEG_INFINITY,
        max_lon: f64::NEG_INFINITY,
    };

    /// Bounding box of `(lon, lat)` vertices (EMPTY for no vertices).
    pub fn of_vertices(v: &[LonLat]) -> BBox {
        let mut b = BBox::EMPTY;
        for &(lon, lat) in v {
            b.extend((lat, lon));
        }
        b
    }

    /// Grow to include point `p` (`(lat, lon)`).
    pub fn extend(&mut self, p: LatLon) {
        self.min_lat = self.min_lat.min(p.0);
        self.max_lat = self.max_lat.max(p.0);
        self.min_lon = self.min_lon.min(p.1);
        self.max_lon = self.max_lon.max(p.1);
    }

    /// Centre `(lat, lon)` of the box.
    pub fn center(&self) -> LatLon {
        (
            (self.min_lat + self.max_lat) / 2.0,
            (self.min_lon + self.max_lon) / 2.0,
        )
    }
}

/// Is `p` (`(lat, lon)`) inside (or on the border of) the box?
pub fn bbox_contains(b: &BBox, p: LatLon) -> bool {
    p.0 >= b.min_lat && p.0 <= b.max_lat && p.1 >= b.min_lon && p.1 <= b.max_lon
}

/// Distance in km from `p` (`(lat, lon)`) to the segment `a`–`b` (both `(lon, lat)`).
///
/// Uses a local equirectangular projection centred on `p` (accurate to well under 1 %
/// for segments of a few hundred km), then the exact haversine distance to the closest point.
pub fn distance_to_segment_km(p: LatLon, a: LonLat, b: LonLat) -> f64 {
    let k = p.0.to_radians().cos();
    // Project to a plane: x = lon * cos(lat0), y = lat (degrees), relative to p.
    let (ax, ay) = ((a.0 - p.1) * k, a.1 - p.0);
    let (bx, by) = ((b.0 - p.1) * k, b.1 - p.0);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    let closest = (p.0 + cy, if k.abs() > 1e-12 { p.1 + cx / k } else { p.1 });
    haversine_km(p, closest)
}

/// The point of a polyline of `(lon, lat)` vertices closest to `p` (`(lat, lon)`), as `(lat, lon)`;
/// `None` for an empty line. Same local projection as [`distance_to_segment_km`].
pub fn closest_point_on_polyline(p: LatLon, line: &[LonLat]) -> Option<LatLon> {
    let k = p.0.to_radians().cos();
    let mut best: Option<(f64, LatLon)> = None;
    let mut consider = |q: LatLon| {
        let d = haversine_km(p, q);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, q));
        }
    };
    match line.len() {
        0 => return None,
        1 => consider((line[0].1, line[0].0)),
        _ => {
            for w in line.windows(2) {
                let (ax, ay) = ((w[0].0 - p.1) * k, w[0].1 - p.0);
                let (bx, by) = ((w[1].0 - p.1) * k, w[1].1 - p.0);
                let (dx, dy) = (bx - ax, by - ay);
                let len2 = dx * dx + dy * dy;
                let t = if len2 > 0.0 {
                    (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                let (cx, cy) = (ax + t * dx, ay + t * dy);
                consider((p.0 + cy, if k.abs() > 1e-12 { p.1 + cx / k } else { p.1 }));
            }
        }
    }
    best.map(|(_, q)| q)
}

/// Shortest distance in km from `p` (`(lat, lon)`) to a polyline of `(lon, lat)` vertices
/// (`f64::INFINITY` for an empty line; distance to the vertex for a single-vertex line).
///
/// Example: the 5 March 2020 protocol's security corridor is 6 km either side of the M4:
/// `distance_to_polyline_km(p, &m4) <= 6.0`.
pub fn distance_to_polyline_km(p: LatLon, line: &[LonLat]) -> f64 {
    match line.len() {
        0 => f64::INFINITY,
        1 => haversine_km(p, (line[0].1, line[0].0)),
        _ => line
            .windows(2)
            .map(|w| distance_to_segment_km(p, w[0], w[1]))
            .fold(f64::INFINITY, f64::min),
    }
}

/// Length in km of a polyline of `(lon, lat)` vertices.
pub fn polyline_length_km(line: &[LonLat]) -> f64 {
    line.windows(2)
        .map(|w| haversine_km((w[0].1, w[0].0), (w[1].1, w[1].0)))
        .sum()
}

/// Area-weighted centroid `(lat, lon)` of a ring of `(lon, lat)` vertices (planar formula,
/// fine for admin units); falls back to the vertex mean for degenerate rings, `None` if empty.
pub fn ring_centroid(ring: &[LonLat]) -> Option<LatLon> {
    if ring.is_empty() {
        return None;
    }
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    let n = ring.len();
    for i in 0..n {
        let (x0, y0) = ring[i];
        let (x1, y1) = ring[(i + 1) % n];
        let cross = x0 * y1 - x1 * y0;
        a += cross;
        cx += (x0 + x1) * cross;
        cy += (y0 + y1) * cross;
    }
    if a.abs() < 1e-12 {
        let (sx, sy) = ring.iter().fold((0.0, 0.0), |s, v| (s.0 + v.0, s.1 + v.1));
        return Some((sy / n as f64, sx / n as f64));
    }
    Some((cy / (3.0 * a), cx / (3.0 * a)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_known_distances() {
        assert_eq!(haversine_km((35.0, 36.0), (35.0, 36.0)), 0.0);
        // One degree of latitude ≈ 111.2 km.
        assert!((haversine_km((35.0, 36.0), (36.0, 36.0)) - 111.19).abs() < 0.1);
        // Idlib → Ariha ≈ 13 km.
        let d = haversine_km((35.9306, 36.6339), (35.8140, 36.6102));
        assert!((12.0..14.5).contains(&d), "{d}");
    }

    #[test]
    fn destination_roundtrip() {
        let p = (35.93, 36.63);
        let q = destination(p, 0.0, 10.0);
        assert!((haversine_km(p, q) - 10.0).abs() < 1e-6);
        assert!(q.0 > p.0);
        let e = destination(p, 90.0, 20.0);
        assert!(e.1 > p.1 && (bearing_deg(p, e) - 90.0).abs() < 0.2);
    }

    #[test]
    fn pip_square_with_hole() {
        let sq = vec![
            (36.0, 35.0),
            (37.0, 35.0),
            (37.0, 36.0),
            (36.0, 36.0),
            (36.0, 35.0),
        ];
        let hole = vec![(36.4, 35.4), (36.6, 35.4), (36.6, 35.6), (36.4, 35.6)];
        let poly = Polygon {
            exterior: sq,
            holes: vec![hole],
        };
        assert!(point_in_polygon((35.2, 36.2), &poly));
        assert!(!point_in_polygon((35.5, 36.5), &poly)); // in the hole
        assert!(!point_in_polygon((34.0, 36.5), &poly));
        assert!(!point_in_ring((0.0, 0.0), &[]));
        let b = poly.bbox();
        assert!(bbox_contains(&b, (35.5, 36.5)));
        assert!(!bbox_contains(&b, (35.5, 38.0)));
    }

    #[test]
    fn polyline_distance() {
        // A west-east line along lat 35.8.
        let line = vec![(36.0, 35.8), (37.0, 35.8)];
        let d = distance_to_polyline_km((35.854, 36.5), &line);
        assert!((d - 6.0).abs() < 0.1, "{d}");
        // Beyond the end: distance to the end vertex.
        let d2 = distance_to_polyline_km((35.8, 37.1), &line);
        assert!((d2 - haversine_km((35.8, 37.1), (35.8, 37.0))).abs() < 0.01);
        assert_eq!(distance_to_polyline_km((0.0, 0.0), &[]), f64::INFINITY);
        assert!(distance_to_polyline_km((35.8, 36.0), &[(36.0, 35.8)]) < 1e-9);
        assert!((polyline_length_km(&line) - 90.2).abs() < 1.0);
    }

    #[test]
    fn centroid_of_square() {
        let sq = [(36.0, 35.0), (37.0, 35.0), (37.0, 36.0), (36.0, 36.0)];
        let c = ring_centroid(&sq).unwrap();
        assert!((c.0 - 35.5).abs() < 1e-9 && (c.1 - 36.5).abs() < 1e-9);
        assert_eq!(ring_centroid(&[]), None);
    }
}
