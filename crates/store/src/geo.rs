//! Geometry used by filters and zones: distances (from `rasd_geo::geom`), point in polygon,
//! bounding boxes, and road lines from the embedded gazetteer.

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    rasd_geo::geom::haversine_km((lat1, lon1), (lat2, lon2))
}

/// Distance in km from a point to a polyline of (lon, lat) vertices.
pub fn distance_to_polyline_km(lat: f64, lon: f64, line: &[[f64; 2]]) -> f64 {
    let line: Vec<(f64, f64)> = line.iter().map(|p| (p[0], p[1])).collect();
    rasd_geo::geom::distance_to_polyline_km((lat, lon), &line)
}

/// Even-odd point-in-polygon on rings of (lon, lat); the first ring is the outer one, the others holes.
pub fn point_in_rings(lon: f64, lat: f64, rings: &[Vec<[f64; 2]>]) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (xi, yi) = (ring[i][0], ring[i][1]);
            let (xj, yj) = (ring[j][0], ring[j][1]);
            if (yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// Bounding box (min_lon, min_lat, max_lon, max_lat) of a set of points, grown by `km`.
pub fn bbox_of(points: impl Iterator<Item = [f64; 2]>, km: f64) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let mut any = false;
    for p in points {
        any = true;
        b[0] = b[0].min(p[0]);
        b[1] = b[1].min(p[1]);
        b[2] = b[2].max(p[0]);
        b[3] = b[3].max(p[1]);
    }
    if !any {
        return None;
    }
    let dlat = km / 110.574;
    let mid = ((b[1] + b[3]) / 2.0).to_radians().cos().max(0.05);
    let dlon = km / (111.32 * mid);
    Some([b[0] - dlon, b[1] - dlat, b[2] + dlon, b[3] + dlat])
}

/// Polyline (lon, lat) of a gazetteer road, by reference (`M4`) or id (`road:M4`), from the
/// embedded gazetteer (plus `RASD_DATA` extensions).
pub fn road_polyline(id: &str) -> Option<Vec<[f64; 2]>> {
    let id = id.trim();
    if id.is_empty() {
        return None;
    }
    let road = rasd_geo::Gazetteer::embedded().road(id)?;
    Some(road.line.iter().map(|&(lon, lat)| [lon, lat]).collect())
}

/// References of the known roads (for error messages).
pub fn road_names() -> Vec<String> {
    rasd_geo::Gazetteer::embedded()
        .roads()
        .iter()
        .map(|r| r.reference.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        let d = haversine_km(36.2, 37.16, 35.93, 36.63);
        assert!((55.0..60.0).contains(&d), "{d}");
        let line = [[36.0, 35.0], [37.0, 35.0]];
        let d = distance_to_polyline_km(35.05, 36.5, &line);
        assert!((5.0..6.0).contains(&d), "{d}");
        assert!(distance_to_polyline_km(35.0, 36.5, &[]).is_infinite());
    }

    #[test]
    fn polygon() {
        let sq = vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]];
        assert!(point_in_rings(0.5, 0.5, &sq));
        assert!(!point_in_rings(1.5, 0.5, &sq));
    }
}
