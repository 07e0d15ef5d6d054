//! Geometry adapters for the in-memory backend and the map-layer loader: GeoJSON-style
//! `[lon, lat]` arrays mapped onto `rasd_geo::geom` (the one implementation the store uses too).

use rasd_geo::geom;

/// Great-circle distance in km between two `[lon, lat]` points.
pub fn haversine_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    geom::haversine_km((a[1], a[0]), (b[1], b[0]))
}

/// Distance in km from a `[lon, lat]` point to a polyline of `[lon, lat]` vertices.
pub fn distance_to_polyline_km(p: [f64; 2], line: &[[f64; 2]]) -> f64 {
    let line: Vec<geom::LonLat> = line.iter().map(|q| (q[0], q[1])).collect();
    geom::distance_to_polyline_km((p[1], p[0]), &line)
}

/// Point in polygon: inside the first (outer) ring and outside every other ring (holes).
pub fn point_in_rings(p: [f64; 2], rings: &[Vec<[f64; 2]>]) -> bool {
    let ring =
        |r: &Vec<[f64; 2]>| -> Vec<geom::LonLat> { r.iter().map(|q| (q[0], q[1])).collect() };
    match rings.split_first() {
        None => false,
        Some((outer, holes)) => geom::point_in_polygon(
            (p[1], p[0]),
            &geom::Polygon {
                exterior: ring(outer),
                holes: holes.iter().map(ring).collect(),
            },
        ),
    }
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
