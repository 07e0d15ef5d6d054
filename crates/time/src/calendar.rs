//! Calendar arithmetic: proleptic Gregorian day numbers, ISO weekdays, Mon–Sun
//! weeks, month lengths and the tabular (arithmetical) Islamic calendar.
//!
//! Days are counted as `i64` days since 1970-01-01 (day 0, a Thursday).
//!
//! ```
//! use rasd_time::calendar::*;
//! let d = days_from_civil(2020, 9, 5);
//! assert_eq!(weekday(d), 6); // Saturday (1 = Monday … 7 = Sunday)
//! assert_eq!(civil_from_days(d - 5), (2020, 8, 31));
//! assert_eq!(week_of(d), (days_from_civil(2020, 8, 31), days_from_civil(2020, 9, 6)));
//! // 1 Muharram 1442 AH (tabular) = 2020-08-20
//! assert_eq!(civil_from_days(days_from_hijri(1442, 1, 1)), (2020, 8, 20));
//! ```

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm). Total for any input.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    rasd_doc::calendar::days_from_civil(y as i64, m, d)
}

/// Gregorian `(year, month, day)` of a day number.
pub fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let (y, m, d) = rasd_doc::calendar::civil_from_days(z);
    (y as i32, m, d)
}

/// ISO weekday: 1 = Monday … 7 = Sunday.
pub fn weekday(z: i64) -> u32 {
    ((z + 3).rem_euclid(7) + 1) as u32
}

/// The Monday–Sunday week containing day `z`, as (first, last) day numbers.
pub fn week_of(z: i64) -> (i64, i64) {
    let mon = z - (weekday(z) as i64 - 1);
    (mon, mon + 6)
}

pub fn is_leap(y: i32) -> bool {
    rasd_doc::calendar::is_leap(y as i64)
}

/// Number of days in a Gregorian month (0 for an invalid month).
pub fn days_in_month(y: i32, m: u32) -> u32 {
    rasd_doc::calendar::days_in_month(y as i64, m)
}

/// True if `(y, m, d)` is a real Gregorian date in a sane range (1 AD – 9999).
pub fn valid_date(y: i32, m: u32, d: u32) -> bool {
    (1..=9999).contains(&y) && d >= 1 && d <= days_in_month(y, m)
}

/// Add `k` months to `(y, m)`.
pub fn add_months(y: i32, m: u32, k: i32) -> (i32, u32) {
    let idx = y as i64 * 12 + (m as i64 - 1) + k as i64;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u32)
}

/// Julian day number of 1970-01-01.
const UNIX_JDN: i64 = 2440588;
/// Julian day number of 1 Muharram 1 AH (civil/tabular epoch, 16 July 622 Julian).
const HIJRI_EPOCH_JDN: i64 = 1948440;

/// Day number of a Hijri date in the tabular Islamic calendar (leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29 of each 30-year cycle).
pub fn days_from_hijri(y: i32, m: u32, d: u32) -> i64 {
    let y = y as i64;
    let m = m.clamp(1, 12) as i64;
    let jdn = d as i64
        + (59 * (m - 1) + 1) / 2
        + (y - 1) * 354
        + (3 + 11 * y).div_euclid(30)
        + HIJRI_EPOCH_JDN
        - 1;
    jdn - UNIX_JDN
}

/// Tabular Hijri `(year, month, day)` of a day number.
pub fn hijri_from_days(z: i64) -> (i32, u32, u32) {
    let jdn = z + UNIX_JDN;
    let mut y = ((30 * (jdn - HIJRI_EPOCH_JDN) + 10646).div_euclid(10631)) as i32;
    // Guard against off-by-one at year boundaries.
    while days_from_hijri(y + 1, 1, 1) <= z {
        y += 1;
    }
    while days_from_hijri(y, 1, 1) > z {
        y -= 1;
    }
    let mut m = 12;
    while m > 1 && days_from_hijri(y, m, 1) > z {
        m -= 1;
    }
    let d = (z - days_from_hijri(y, m, 1) + 1) as u32;
    (y, m, d)
}

/// Length of a Hijri month in the tabular calendar.
pub fn hijri_month_len(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m >= 12 { (y + 1, 1) } else { (y, m + 1) };
    (days_from_hijri(ny, nm, 1) - days_from_hijri(y, m, 1)) as u32
}

/// `YYYY-MM-DD` of a day number.
pub fn fmt_day(z: i64) -> String {
    let (y, m, d) = civil_from_days(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD/YYYY-MM-DD` of a day-number range.
pub fn fmt_range(a: i64, b: i64) -> String {
    format!("{}/{}", fmt_day(a), fmt_day(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_days() {
        for z in -800_000..800_000i64 {
            if z % 997 != 0 {
                continue;
            }
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(weekday(0), 4);
    }

    #[test]
    fn hijri_known_dates() {
        // 1 Ramadan 1441 ≈ 2020-04-24 (tabular gives 04-24).
        assert_eq!(civil_from_days(days_from_hijri(1441, 9, 1)), (2020, 4, 24));
        for z in (0..30000).step_by(37) {
            let (y, m, d) = hijri_from_days(z);
            assert_eq!(days_from_hijri(y, m, d), z, "{z}");
            assert!((1..=30).contains(&d));
        }
    }

    #[test]
    fn months() {
        assert_eq!(add_months(2020, 1, -1), (2019, 12));
        assert_eq!(add_months(2020, 12, 1), (2021, 1));
        assert_eq!(days_in_month(2020, 2), 29);
        assert_eq!(days_in_month(2021, 2), 28);
    }
}
