//! Choosing the publication date among the candidates a page offers.
//!
//! [`crate::meta`] collects candidates in tiers (JSON-LD, explicit publication meta tags,
//! microdata / microformats, `<time>` elements, labelled and date-classed bylines, generic
//! `date` meta tags, the text near the headline, the URL, modification dates). [`choose`]
//! takes the first plausible one (not before [`crate::date::MIN_YEAR`], not after the crawl),
//! lets a dated URL overrule weak text evidence, and turns a UTC timestamp into the page's
//! local calendar day when other evidence (a local-time value, the URL, a byline) or the
//! site's country says the day differs. The evidence string always names the source used.

use crate::date::parse_iso;

/// Evidence strength, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// JSON-LD `datePublished` of the article.
    JsonLd,
    /// `article:published_time`, `parsely-pub-date`, `DC.date.issued` … meta tags.
    Meta,
    /// `itemprop=datePublished` on an element, hAtom `class=published title=…`.
    Microdata,
    /// `<time>` marked as the publication time (itemprop / class).
    TimePub,
    /// Text after a publication label ("Published", "Veröffentlicht am", "نشر في").
    Label,
    /// Text of a date-classed element (byline, `.date`, `.post-meta`) outside comments and lists.
    Byline,
    /// Generic `date` / `DC.date` / `DCTERMS.date` meta tags (often the page's edit time).
    MetaGeneric,
    /// The first other `<time>` element.
    Time,
    /// A date in the text right after the headline.
    Text,
    /// A date in the URL path.
    Url,
    /// A modification date (JSON-LD `dateModified`, `article:modified_time`), last resort.
    Modified,
}

impl Tier {
    /// Text evidence a dated URL overrules.
    fn weak(self) -> bool {
        matches!(
            self,
            Tier::Byline | Tier::MetaGeneric | Tier::Time | Tier::Text | Tier::Modified
        )
    }
}

/// One candidate: a normalised value from [`crate::date::parse_iso`] or `YYYY-MM-DD`.
#[derive(Debug, Clone)]
pub struct Cand {
    pub tier: Tier,
    pub value: String,
    pub evidence: String,
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    rasd_doc::calendar::days_from_civil(y, m, d)
}

/// Inverse of [`days_from_civil`].
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    rasd_doc::calendar::civil_from_days(z)
}

fn day_number(v: &str) -> Option<i64> {
    let b = v.as_bytes();
    if b.len() < 10 {
        return None;
    }
    let y = v.get(0..4)?.parse().ok()?;
    let m = v.get(5..7)?.parse().ok()?;
    let d = v.get(8..10)?.parse().ok()?;
    Some(days_from_civil(y, m, d))
}

fn fmt_day(n: i64) -> String {
    let (y, m, d) = civil_from_days(n);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Time of day (minutes) and zone offset (minutes; `None` when the value has no zone).
fn time_zone(v: &str) -> Option<TimeZone> {
    let t = v.get(11..16)?;
    let hh: i64 = t.get(0..2)?.parse().ok()?;
    let mm: i64 = t.get(3..5)?.parse().ok()?;
    let tz = v.get(19..)?;
    let off = if tz == "Z" {
        Some(0)
    } else if tz.len() == 6 {
        let sign = if tz.starts_with('-') { -1 } else { 1 };
        let h: i64 = tz.get(1..3)?.parse().ok()?;
        let m: i64 = tz.get(4..6)?.parse().ok()?;
        Some(sign * (h * 60 + m))
    } else {
        None
    };
    Some((hh * 60 + mm, off))
}

/// Standard (winter) UTC offset in hours of the country a site most likely writes for,
/// from its host's country-code domain, else its language. `None` when unknown or when
/// the language spans many zones (English, Spanish …).
pub fn offset_guess(host: Option<&str>, lang: Option<&str>) -> Option<i64> {
    if let Some(h) = host {
        let h = h.trim_end_matches('.').to_ascii_lowercase();
        let tld = h.rsplit('.').next().unwrap_or("");
        let second = h.rsplit('.').nth(1).unwrap_or("");
        let by_tld = match tld {
            "uk" | "ie" | "pt" | "is" | "ma" | "sn" | "gh" => Some(0),
            "de" | "at" | "ch" | "li" | "fr" | "be" | "nl" | "lu" | "it" | "es" | "pl" | "cz"
            | "sk" | "hu" | "si" | "hr" | "rs" | "ba" | "dk" | "se" | "no" | "dz" | "tn" | "ng"
            | "cm" | "mt" | "al" | "mk" | "me" => Some(1),
            "gr" | "ro" | "bg" | "fi" | "ee" | "lv" | "lt" | "ua" | "md" | "cy" | "il" | "ps"
            | "lb" | "sy" | "jo" | "eg" | "ly" | "sd" | "za" => Some(2),
            "tr" | "ru" | "by" | "iq" | "sa" | "kw" | "qa" | "bh" | "ye" | "ke" | "et" | "so" => {
                Some(3)
            }
            "ae" | "om" | "az" | "ge" | "am" => Some(4),
            "ir" => Some(3), // +3:30, the day changes as for +3/+4
            "af" | "pk" | "uz" => Some(5),
            "in" => Some(5),
            "jp" | "kr" => Some(9),
            "cn" | "tw" | "hk" | "sg" | "my" | "ph" => Some(8),
            "ar" | "br" | "uy" | "cl" => Some(-3),
            "co" if second == "com" || second == "gov" || second == "org" => Some(-5),
            "pe" | "ec" => Some(-5),
            "mx" => Some(-6),
            "ve" | "bo" => Some(-4),
            _ => None,
        };
        if by_tld.is_some() {
            return by_tld;
        }
    }
    match lang.map(|l| l.to_ascii_lowercase()) {
        Some(l) => match l.as_str() {
            "de" | "fr" | "it" | "pl" | "nl" | "cs" | "sk" | "hu" | "da" | "sv" | "nb" | "no"
            | "hr" | "sl" | "sr" => Some(1),
            "el" | "ro" | "bg" | "fi" | "uk" | "he" => Some(2),
            "tr" | "ru" | "fa" => Some(3),
            // Arabic outlets are mostly in the Levant, Egypt, Iraq and the Gulf (+2 … +4)
            "ar" => Some(2),
            "ja" | "ko" => Some(9),
            _ => None,
        },
        None => None,
    }
}

/// Time of day in minutes and zone offset in minutes (`None`: no zone).
type TimeZone = (i64, Option<i64>);

/// The candidate's calendar day, and its time and zone when given.
fn day_of(c: &Cand) -> Option<(i64, Option<TimeZone>)> {
    Some((day_number(&c.value)?, time_zone(&c.value)))
}

/// A strong candidate whose calendar day needs no other evidence: a published date from
/// JSON-LD, meta tags, microdata or a marked `<time>`, without zone, with a local offset,
/// or a UTC time far from midnight in the zones most sites write in (06:00–18:00 UTC).
/// When one exists, the costly scan of the page text for bylines can be skipped.
pub fn settled(c: &Cand) -> bool {
    c.tier <= Tier::TimePub
        && match time_zone(&c.value) {
            Some((minutes, Some(0))) => (6 * 60..18 * 60).contains(&minutes),
            _ => true,
        }
}

/// Choose the publication date: `(value, evidence)`.
///
/// `limit` is the last plausible day (crawl day, else today, as a day number); `offset`
/// the site's guessed UTC offset in hours ([`offset_guess`]).
pub fn choose(cands: &[Cand], limit: Option<i64>, offset: Option<i64>) -> Option<(String, String)> {
    let plausible = |c: &&Cand| -> bool {
        match day_number(&c.value) {
            Some(d) => limit.is_none_or(|l| d <= l),
            None => false,
        }
    };
    let mut ordered: Vec<&Cand> = cands.iter().filter(plausible).collect();
    ordered.sort_by_key(|c| c.tier);
    let top = *ordered.first()?;
    let url = ordered.iter().find(|c| c.tier == Tier::Url).copied();
    let (top_day, tz) = day_of(top)?;
    // A dated URL is set when the article is created: weak text evidence that disagrees
    // with it is about something else (a comment, a teaser, an event).
    if let Some(u) = url {
        let ud = day_number(&u.value)?;
        if top.tier.weak() && top_day != ud {
            return Some((u.value.clone(), u.evidence.clone()));
        }
    }
    // UTC timestamp: the local calendar day may be the next or the previous one.
    if let Some((minutes, Some(0))) = tz {
        let fits = |d: i64| {
            (d == top_day + 1 && minutes >= 10 * 60) || (d == top_day - 1 && minutes < 12 * 60)
        };
        // the URL's day, else other evidence of the local day (a value with a local
        // offset, a date without zone)
        let url_day = url.and_then(|u| day_number(&u.value));
        let local = match url_day {
            Some(d) if d == top_day => None,
            Some(d) if fits(d) => url.map(|u| (d, u)),
            _ => ordered.iter().skip(1).find_map(|c| {
                let (d, t) = day_of(c)?;
                let is_local = match t {
                    Some((_, Some(off))) => off != 0,
                    _ => true,
                };
                (is_local && fits(d) && c.tier != Tier::Modified).then_some((d, *c))
            }),
        };
        if let Some((d, c)) = local {
            return Some((
                fmt_day(d),
                format!("{} (local day from {})", top.evidence, c.evidence),
            ));
        }
        let agrees = ordered
            .iter()
            .skip(1)
            .any(|c| c.tier != Tier::Modified && day_number(&c.value) == Some(top_day));
        if let (Some(off), false) = (offset, agrees) {
            let local_min = minutes + off * 60;
            let shift = if local_min >= 24 * 60 {
                1
            } else if local_min < 0 {
                -1
            } else {
                0
            };
            if shift != 0 {
                let s = if off >= 0 { "+" } else { "" };
                return Some((
                    fmt_day(top_day + shift),
                    format!("{} (UTC, local day at {s}{off}h)", top.evidence),
                ));
            }
        }
    }
    Some((top.value.clone(), top.evidence.clone()))
}

/// Today's day number from the system clock.
pub fn today() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64 / 86_400)
        .unwrap_or(i64::MAX / 2)
}

/// Day number of a crawl timestamp (`2020-09-05T…`), if it parses.
pub fn day_of_value(v: &str) -> Option<i64> {
    day_number(&parse_iso(v)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(tier: Tier, v: &str, e: &str) -> Cand {
        Cand {
            tier,
            value: v.into(),
            evidence: e.into(),
        }
    }

    #[test]
    fn civil_round_trip() {
        for d in [-1000i64, 0, 10_957, 18_000, 19_000, 25_000] {
            let (y, m, dd) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, dd), d);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(fmt_day(days_from_civil(2020, 2, 28) + 1), "2020-02-29");
    }

    #[test]
    fn strongest_plausible_first() {
        let cs = [
            c(Tier::Text, "2021-05-03", "byline"),
            c(Tier::JsonLd, "2030-01-01", "json-ld"),
            c(Tier::Meta, "2021-05-02", "meta:x"),
        ];
        let lim = days_from_civil(2022, 1, 1);
        assert_eq!(
            choose(&cs, Some(lim), None),
            Some(("2021-05-02".into(), "meta:x".into()))
        );
    }

    #[test]
    fn url_overrules_weak_text() {
        let cs = [
            c(Tier::Time, "2009-04-11", "time"),
            c(Tier::Url, "2019-10-22", "url"),
        ];
        assert_eq!(choose(&cs, None, None).unwrap().0, "2019-10-22");
        let cs = [
            c(Tier::Meta, "2019-10-24T10:00:00+02:00", "meta:x"),
            c(Tier::Url, "2019-10-22", "url"),
        ];
        assert_eq!(
            choose(&cs, None, None).unwrap().0,
            "2019-10-24T10:00:00+02:00"
        );
    }

    #[test]
    fn utc_to_local_day() {
        // evening in America, already the next day in UTC: the URL names the local day
        let cs = [
            c(Tier::JsonLd, "2023-11-09T05:30:59Z", "json-ld"),
            c(Tier::Url, "2023-11-08", "url"),
        ];
        let (v, e) = choose(&cs, None, None).unwrap();
        assert_eq!(v, "2023-11-08");
        assert!(e.starts_with("json-ld (local day from url"), "{e}");
        // a value with a local offset names the day
        let cs = [
            c(Tier::JsonLd, "2019-10-18T22:04:00Z", "json-ld"),
            c(Tier::MetaGeneric, "2019-10-19T00:04:00+02:00", "meta:date"),
        ];
        assert_eq!(choose(&cs, None, None).unwrap().0, "2019-10-19");
        // no other evidence: the site's country
        let cs = [c(Tier::Meta, "2021-11-04T23:00:00Z", "meta:x")];
        assert_eq!(choose(&cs, None, Some(1)).unwrap().0, "2021-11-05");
        assert_eq!(choose(&cs, None, None).unwrap().0, "2021-11-04T23:00:00Z");
        // midday UTC is the same day everywhere near
        let cs = [c(Tier::Meta, "2021-11-04T12:00:00Z", "meta:x")];
        assert_eq!(
            choose(&cs, None, Some(3)).unwrap().0,
            "2021-11-04T12:00:00Z"
        );
        // western site
        let cs = [c(Tier::Meta, "2022-05-04T00:25:56Z", "meta:x")];
        assert_eq!(choose(&cs, None, Some(-3)).unwrap().0, "2022-05-03");
    }

    #[test]
    fn offsets() {
        assert_eq!(offset_guess(Some("www.a.de"), None), Some(1));
        assert_eq!(offset_guess(Some("a.com.ar"), Some("es")), Some(-3));
        assert_eq!(offset_guess(Some("a.com"), Some("de")), Some(1));
        assert_eq!(offset_guess(Some("a.com"), Some("en")), None);
        assert_eq!(offset_guess(Some("news.sy"), None), Some(2));
    }
}
