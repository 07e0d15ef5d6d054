//! Parsing of query strings into store queries: the shared parser of `rasd_store::params`
//! (the CLI uses the same one), with its errors turned into 400 responses.

use rasd_store::params::{self, Limits, ParamError, Style};
use rasd_store::{EventFilter, SearchQuery};

use crate::error::ApiError;

/// Default and maximum page sizes.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 5000;

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError::bad_request(e.message)
    }
}

/// Builds an [`EventFilter`] from query pairs. Empty values are ignored (HTML forms send them).
/// Unknown parameters are an error so typos do not silently return everything.
pub fn event_filter(
    pairs: &[(String, String)],
    default_limit: usize,
    max_limit: usize,
) -> Result<EventFilter, ApiError> {
    Ok(params::event_filter(
        Style::Api,
        pairs,
        Limits {
            default: default_limit,
            max: max_limit,
        },
    )?)
}

/// Builds a [`SearchQuery`] (`q` is required).
pub fn search_query(pairs: &[(String, String)]) -> Result<SearchQuery, ApiError> {
    Ok(params::search_query(Style::Api, pairs)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_store::EventSort;

    fn p(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn parses_filters() {
        let f = event_filter(
            &p(&[
                ("date_from", "2020-01-01"),
                ("bbox", "35,32,42,37.5"),
                ("near_road", "M4"),
                ("sort", "date_asc"),
                ("actor", ""),
            ]),
            50,
            100,
        )
        .unwrap();
        assert_eq!(f.bbox, Some([35.0, 32.0, 42.0, 37.5]));
        assert_eq!(f.road_km, Some(5.0));
        assert_eq!(f.sort, EventSort::DateAsc);
        assert!(f.actor.is_none());
    }

    #[test]
    fn rejects_bad_values_with_names() {
        for (k, v, needle) in [
            ("date_from", "2020-13-01", "date_from"),
            ("bbox", "1,2,3", "bbox"),
            ("limit", "999999", "maximum"),
            ("tpye", "x", "unknown query parameter `tpye`"),
            ("road_km", "-1", "road_km"),
            ("offset", "9223372036854775808", "offset"),
            ("event_type", "Bombing", "valid types"),
        ] {
            let e = event_filter(&p(&[(k, v)]), 50, 100).unwrap_err();
            assert_eq!(e.status.as_u16(), 400);
            assert!(e.message.contains(needle), "{}", e.message);
        }
        assert!(search_query(&p(&[("q", "  ")])).is_err());
        assert!(search_query(&p(&[("q", "قصف"), ("offset", "1600000000")])).is_err());
    }
}
