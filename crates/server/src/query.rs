//! Parsing of query strings into store queries, with error messages naming the bad parameter.

use rasd_store::{EventFilter, EventSort, SearchQuery};

use crate::error::ApiError;

/// Default and maximum page sizes.
pub const DEFAULT_LIMIT: usize = 50;
pub const MAX_LIMIT: usize = 5000;

fn bad(name: &str, value: &str, expected: &str) -> ApiError {
    ApiError::bad_request(format!(
        "query parameter `{name}`: {value:?} is not {expected}"
    ))
}

/// `YYYY-MM-DD` check (digits and dashes in place, month 01-12, day 01-31).
pub fn check_date(name: &str, v: &str) -> Result<String, ApiError> {
    let b = v.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && (1..=12).contains(&v[5..7].parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&v[8..10].parse::<u32>().unwrap_or(0));
    if ok {
        Ok(v.to_string())
    } else {
        Err(bad(name, v, "a date YYYY-MM-DD"))
    }
}

fn num<T: std::str::FromStr>(name: &str, v: &str, expected: &str) -> Result<T, ApiError> {
    v.trim().parse::<T>().map_err(|_| bad(name, v, expected))
}

fn non_empty(v: &str) -> Option<String> {
    let t = v.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn limit(name: &str, v: &str, max: usize) -> Result<usize, ApiError> {
    let n: usize = num(name, v, "a non-negative integer")?;
    if n > max {
        return Err(ApiError::bad_request(format!(
            "query parameter `{name}`: {n} is larger than the maximum {max}"
        )));
    }
    Ok(n)
}

/// Builds an [`EventFilter`] from query pairs. Empty values are ignored (HTML forms send them).
/// Unknown parameters are an error so typos do not silently return everything.
pub fn event_filter(
    pairs: &[(String, String)],
    default_limit: usize,
    max_limit: usize,
) -> Result<EventFilter, ApiError> {
    let mut f = EventFilter {
        limit: default_limit,
        ..Default::default()
    };
    for (k, v) in pairs {
        let v = v.as_str();
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "date_from" => f.date_from = Some(check_date(k, v.trim())?),
            "date_to" => f.date_to = Some(check_date(k, v.trim())?),
            "event_type" => f.event_type = non_empty(v),
            "sub_event_type" => f.sub_event_type = non_empty(v),
            "actor" => f.actor = non_empty(v),
            "place" => f.place = non_empty(v),
            "country" => f.country = non_empty(v),
            "source" => f.source = non_empty(v),
            "text" => f.text = non_empty(v),
            "zone" => f.zone = non_empty(v),
            "near_road" => f.near_road = non_empty(v),
            "road_km" => {
                let km: f64 = num(k, v, "a number of km")?;
                if !(0.0..=200.0).contains(&km) {
                    return Err(bad(k, v, "a distance between 0 and 200 km"));
                }
                f.road_km = Some(km);
            }
            "min_fatalities" => f.min_fatalities = Some(num(k, v, "a non-negative integer")?),
            "include_background" => {
                f.include_background = match v {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => return Err(bad(k, v, "true or false")),
                }
            }
            "sort" => {
                f.sort = match v {
                    "date_desc" => EventSort::DateDesc,
                    "date_asc" => EventSort::DateAsc,
                    "fatalities_desc" => EventSort::FatalitiesDesc,
                    _ => return Err(bad(k, v, "one of date_desc, date_asc, fatalities_desc")),
                }
            }
            "bbox" => {
                let parts: Vec<f64> = v
                    .split(',')
                    .map(|p| p.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .map_err(|_| {
                        bad(
                            k,
                            v,
                            "4 comma-separated numbers min_lon,min_lat,max_lon,max_lat",
                        )
                    })?;
                let [a, b, c, d] = parts[..] else {
                    return Err(bad(
                        k,
                        v,
                        "4 comma-separated numbers min_lon,min_lat,max_lon,max_lat",
                    ));
                };
                if !(a <= c
                    && b <= d
                    && (-180.0..=180.0).contains(&a)
                    && (-90.0..=90.0).contains(&b))
                {
                    return Err(bad(
                        k,
                        v,
                        "a box with min_lon <= max_lon and min_lat <= max_lat",
                    ));
                }
                f.bbox = Some([a, b, c, d]);
            }
            "limit" => f.limit = limit(k, v, max_limit)?,
            "offset" => f.offset = num(k, v, "a non-negative integer")?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter `{other}`"
                )))
            }
        }
    }
    if f.near_road.is_some() && f.road_km.is_none() {
        f.road_km = Some(5.0);
    }
    if let (Some(a), Some(b)) = (&f.date_from, &f.date_to) {
        if a > b {
            return Err(ApiError::bad_request(format!(
                "date_from {a} is after date_to {b}"
            )));
        }
    }
    Ok(f)
}

/// Builds a [`SearchQuery`] (`q` is required).
pub fn search_query(pairs: &[(String, String)]) -> Result<SearchQuery, ApiError> {
    let mut q = SearchQuery {
        limit: 20,
        ..Default::default()
    };
    for (k, v) in pairs {
        if v.trim().is_empty() {
            continue;
        }
        match k.as_str() {
            "q" => q.text = v.trim().to_string(),
            "date_from" => q.date_from = Some(check_date(k, v.trim())?),
            "date_to" => q.date_to = Some(check_date(k, v.trim())?),
            "source" => q.source = non_empty(v),
            "limit" => q.limit = limit(k, v, 200)?,
            "offset" => q.offset = num(k, v, "a non-negative integer")?,
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter `{other}`"
                )))
            }
        }
    }
    if q.text.is_empty() {
        return Err(ApiError::bad_request(
            "query parameter `q` (the search text) is required",
        ));
    }
    if q.text.chars().count() > 500 {
        return Err(ApiError::bad_request(
            "query parameter `q` is longer than 500 characters",
        ));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            let e = event_filter(&p(&[(k, v)]), 50, 100).unwrap_err();
            assert!(e.message.contains(needle), "{}", e.message);
        }
        assert!(search_query(&p(&[("q", "  ")])).is_err());
    }
}
