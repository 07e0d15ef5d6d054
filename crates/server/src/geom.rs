//! Small geometry helpers (WGS84, (lon, lat) pairs as in GeoJSON) used by the in-memory backend
//! and the map-layer loader. The real store uses `rasd_geo::geom`.

/// Great-circle distance in km between two (lon, lat) points.
pub fn haversine_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (lon1, lat1, lon2, lat2) = (
        a[0].to_radians(),
        a[1].to_radians(),
        b[0].to_radians(),
        b[1].to_radians(),
    );
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * 6371.0088 * h.sqrt().min(1.0).asin()
}

/// Distance in km from a point to a polyline (equirectangular projection around the point;
/// accurate to well under 1% at corridor scales).
pub fn distance_to_polyline_km(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    if line.is_empty() {
        return f64::INFINITY;
    }
    if line.len() == 1 {
        return haversine_km(p, line[0]);
    }
    let kx = 111.320 * p[1].to_radians().cos();
    let ky = 110.574;
    let proj = |q: [f64; 2]| ((q[0] - p[0]) * kx, (q[1] - p[1]) * ky);
    let mut best = f64::INFINITY;
    for w in line.windows(2) {
        let (ax, ay) = proj(w[0]);
        let (bx, by) = proj(w[1]);
        let (dx, dy) = (bx - ax, by - ay);
        let len2 = dx * dx + dy * dy;
        let t = if len2 > 0.0 {
            (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let (cx, cy) = (ax + t * dx, ay + t * dy);
        best = best.min((cx * cx + cy * cy).sqrt());
    }
    best
}

/// Even-odd point-in-polygon test over all rings (holes subtract).
pub fn point_in_rings(p: [f64; 2], rings: &[Vec<[f64; 2]>]) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        if n < 3 {
            continue;
        }
        let mut j = n - 1;
        for i in 0..n {
            let (a, b) = (ring[i], ring[j]);
            if (a[1] > p[1]) != (b[1] > p[1])
                && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
            {
                inside = !inside;
            }
            j = i;
        }
    }
    inside
}

/// Road polylines from the embedded map layer (`assets/map/roads.json`): (ref, points).
pub fn embedded_roads() -> Vec<(String, Vec<[f64; 2]>)> {
    let v: serde_json::Value = match serde_json::from_str(crate::assets::ROADS_JSON) {
        Ok(v) => v,
        Err(_) => return Vec::new(),
    };
    let mut out = Vec::new();
    for f in v["features"].as_array().into_iter().flatten() {
        let id = f["properties"]["ref"].as_str().unwrap_or("").to_string();
        let pts: Vec<[f64; 2]> = f["geometry"]["coordinates"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| Some([c.get(0)?.as_f64()?, c.get(1)?.as_f64()?]))
            .collect();
        if !id.is_empty() && !pts.is_empty() {
            out.push((id, pts));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn haversine_known_distance() {
        // Damascus to Aleppo is about 310 km as the crow flies.
        let d = haversine_km([36.29, 33.51], [37.16, 36.20]);
        assert!((d - 310.0).abs() < 15.0, "{d}");
    }

    #[test]
    fn polyline_distance_and_polygon() {
        let line = [[36.0, 35.0], [37.0, 35.0]];
        let d = distance_to_polyline_km([36.5, 35.05], &line);
        assert!((d - 5.53).abs() < 0.1, "{d}");
        let sq = vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]];
        assert!(point_in_rings([0.5, 0.5], &sq));
        assert!(!point_in_rings([1.5, 0.5], &sq));
    }

    #[test]
    fn roads_are_embedded() {
        let r = embedded_roads();
        assert!(r.iter().any(|(id, p)| id == "M4" && p.len() > 3));
    }
}
