//! The one great-circle distance every crate uses (mean Earth radius 6,371.0088 km, IUGG).

/// Mean Earth radius in km.
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two (lat, lon) points in degrees.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1) = (a.0.to_radians(), a.1.to_radians());
    let (la2, lo2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_distances() {
        // Damascus → Aleppo is about 310 km; a point to itself is 0.
        let d = haversine_km((33.513, 36.292), (36.202, 37.134));
        assert!((300.0..320.0).contains(&d), "{d}");
        assert_eq!(haversine_km((35.0, 36.0), (35.0, 36.0)), 0.0);
        // Antipodes: half the circumference.
        let h = haversine_km((0.0, 0.0), (0.0, 180.0));
        assert!((h - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
    }
}
