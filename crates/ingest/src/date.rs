//! Date normalization to ISO 8601 (RFC 3339 / ISO dates and RFC 2822 feed dates).

/// Normalizes a date string to ISO 8601 if it can be parsed; `None` otherwise.
///
/// Accepts ISO 8601 / RFC 3339 (`2026-11-20`, `2026-11-20T08:30:00Z`,
/// `2026-11-20 08:30+03:00`, fractional seconds dropped) and RFC 2822 as used by RSS
/// (`Fri, 20 Nov 2026 08:30:00 +0300`, `20 Nov 2026 08:30 GMT`, US zone names, two-digit
/// years). Output: `YYYY-MM-DD` for a bare date, otherwise `YYYY-MM-DDTHH:MM:SS` followed
/// by `Z` or `±HH:MM` when a zone was given.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() || s.len() > 100 {
        return None;
    }
    parse_iso(s).or_else(|| parse_rfc2822(s))
}

struct Parts {
    y: u32,
    mo: u32,
    d: u32,
    time: Option<(u32, u32, u32)>,
    /// Offset in minutes, `None` when no zone was given.
    zone: Option<i32>,
}

impl Parts {
    fn render(&self) -> Option<String> {
        if !(1..=12).contains(&self.mo) || self.d == 0 || self.d > days_in_month(self.y, self.mo) {
            return None;
        }
        let mut out = format!("{:04}-{:02}-{:02}", self.y, self.mo, self.d);
        if let Some((h, mi, se)) = self.time {
            if h > 23 || mi > 59 || se > 60 {
                return None;
            }
            out.push_str(&format!("T{h:02}:{mi:02}:{se:02}"));
            match self.zone {
                None => {}
                Some(0) => out.push('Z'),
                Some(z) => {
                    if z.abs() >= 24 * 60 {
                        return None;
                    }
                    let sign = if z < 0 { '-' } else { '+' };
                    out.push_str(&format!("{sign}{:02}:{:02}", z.abs() / 60, z.abs() % 60));
                }
            }
        }
        Some(out)
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Parses exactly `n` ASCII digits at the start of `s`.
fn digits(s: &str, n: usize) -> Option<(u32, &str)> {
    let head = s.get(..n)?;
    if !head.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((head.parse().ok()?, &s[n..]))
}

/// `Z`, `+HH:MM`, `+HHMM`, `+HH` (ISO) at the start of `s`; returns the offset in minutes.
fn iso_zone(s: &str) -> Option<(i32, &str)> {
    if let Some(rest) = s.strip_prefix(['Z', 'z']) {
        return Some((0, rest));
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, rest) = digits(&s[1..], 2)?;
    let rest2 = rest.strip_prefix(':').unwrap_or(rest);
    let (m, rest) = match digits(rest2, 2) {
        Some(x) => x,
        None => (0, rest),
    };
    Some((sign * (h as i32 * 60 + m as i32), rest))
}

fn parse_iso(s: &str) -> Option<String> {
    let (y, r) = digits(s, 4)?;
    let r = r.strip_prefix('-')?;
    let (mo, r) = digits(r, 2)?;
    let r = r.strip_prefix('-')?;
    let (d, r) = digits(r, 2)?;
    let mut p = Parts {
        y,
        mo,
        d,
        time: None,
        zone: None,
    };
    if r.is_empty() {
        return p.render();
    }
    let r = r.strip_prefix(['T', 't', ' '])?;
    let (h, r) = digits(r, 2)?;
    let r = r.strip_prefix(':')?;
    let (mi, mut r) = digits(r, 2)?;
    let mut se = 0;
    if let Some(rest) = r.strip_prefix(':') {
        let (v, rest) = digits(rest, 2)?;
        se = v;
        r = rest;
        if let Some(frac) = r.strip_prefix(['.', ',']) {
            r = frac.trim_start_matches(|c: char| c.is_ascii_digit());
        }
    }
    p.time = Some((h, mi, se));
    let r = r.trim_start();
    if !r.is_empty() {
        let (z, rest) = iso_zone(r)?;
        if !rest.trim().is_empty() {
            return None;
        }
        p.zone = Some(z);
    }
    p.render()
}

fn month_number(s: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let key = s.get(..3)?.to_ascii_lowercase();
    MONTHS.iter().position(|m| *m == key).map(|i| i as u32 + 1)
}

fn rfc2822_zone(s: &str) -> Option<i32> {
    let named = match s.to_ascii_uppercase().as_str() {
        "GMT" | "UT" | "UTC" | "Z" => Some(0),
        "EST" => Some(-5 * 60),
        "EDT" => Some(-4 * 60),
        "CST" => Some(-6 * 60),
        "CDT" => Some(-5 * 60),
        "MST" => Some(-7 * 60),
        "MDT" => Some(-6 * 60),
        "PST" => Some(-8 * 60),
        "PDT" => Some(-7 * 60),
        _ => None,
    };
    if named.is_some() {
        return named;
    }
    match iso_zone(s) {
        Some((z, "")) => Some(z),
        _ => None,
    }
}

fn parse_rfc2822(s: &str) -> Option<String> {
    // Drop an optional leading day name ("Fri," or "Friday,").
    let s = match s.split_once(',') {
        Some((day, rest)) if day.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let mut it = s.split_whitespace();
    let d: u32 = it.next()?.parse().ok()?;
    let mo = month_number(it.next()?)?;
    let ys = it.next()?;
    let mut y: u32 = ys.parse().ok()?;
    if ys.len() == 2 {
        y += if y < 50 { 2000 } else { 1900 };
    } else if ys.len() != 4 {
        return None;
    }
    let mut p = Parts {
        y,
        mo,
        d,
        time: None,
        zone: None,
    };
    if let Some(t) = it.next() {
        let mut f = t.split(':');
        let h: u32 = f.next()?.parse().ok()?;
        let mi: u32 = f.next()?.parse().ok()?;
        let se: u32 = match f.next() {
            Some(x) => x.parse().ok()?,
            None => 0,
        };
        if f.next().is_some() {
            return None;
        }
        p.time = Some((h, mi, se));
        if let Some(z) = it.next() {
            p.zone = Some(rfc2822_zone(z)?);
        }
        // Ignore trailing comments such as "(UTC)".
        if it.any(|x| !x.starts_with('(')) {
            return None;
        }
    }
    p.render()
}

#[cfg(test)]
mod tests {
    use super::normalize_date as n;

    #[test]
    fn iso() {
        assert_eq!(n("2026-11-20").as_deref(), Some("2026-11-20"));
        assert_eq!(
            n("2026-11-20T08:30:00Z").as_deref(),
            Some("2026-11-20T08:30:00Z")
        );
        assert_eq!(
            n("2026-11-20T08:30:05.123+03:00").as_deref(),
            Some("2026-11-20T08:30:05+03:00")
        );
        assert_eq!(
            n("2026-11-20 08:30").as_deref(),
            Some("2026-11-20T08:30:00")
        );
        assert_eq!(n("2026-02-30"), None);
        assert_eq!(n("2026-11-20T25:00:00Z"), None);
        assert_eq!(n("2026-11-20Tjunk"), None);
    }

    #[test]
    fn rfc2822() {
        assert_eq!(
            n("Fri, 20 Nov 2026 08:30:00 +0300").as_deref(),
            Some("2026-11-20T08:30:00+03:00")
        );
        assert_eq!(
            n("20 Nov 2026 08:30 GMT").as_deref(),
            Some("2026-11-20T08:30:00Z")
        );
        assert_eq!(
            n("Tue, 3 Mar 26 23:05:00 EST").as_deref(),
            Some("2026-03-03T23:05:00-05:00")
        );
        assert_eq!(n("5 November 2026").as_deref(), Some("2026-11-05"));
        assert_eq!(n("yesterday"), None);
        assert_eq!(n(""), None);
        assert_eq!(n("٢٠ نوفمبر"), None);
    }
}
