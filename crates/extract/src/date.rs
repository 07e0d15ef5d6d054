//! Publication-date parsing: ISO 8601 / RFC 2822 values from metadata, dates in
//! bylines with any month-name variant (Levantine آذار, Egyptian مارس, Maghrebi
//! جانفي, English, French), numeric `2020/09/05` and `05-09-2020`, and URL paths.

use std::collections::HashMap;
use std::sync::OnceLock;

const MONTHS_TSV: &str = include_str!("../../../data/extract/months.tsv");

struct Months {
    map: HashMap<String, u8>,
    /// Longest name in words.
    max_words: usize,
}

fn months() -> &'static Months {
    static M: OnceLock<Months> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Months {
            map: HashMap::new(),
            max_words: 1,
        };
        let mut load = |src: &str| {
            for line in src.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut parts = line.split('\t');
                let (Some(name), Some(num)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let Ok(num) = num.trim().parse::<u8>() else {
                    continue;
                };
                if !(1..=12).contains(&num) {
                    continue;
                }
                let key: Vec<String> = name.split_whitespace().map(norm_word).collect();
                m.max_words = m.max_words.max(key.len());
                m.map.insert(key.join(" "), num);
            }
        };
        load(MONTHS_TSV);
        if let Some(dir) = std::env::var_os("RASD_DATA") {
            let p = std::path::Path::new(&dir).join("extract/months.tsv");
            if let Ok(s) = std::fs::read_to_string(p) {
                load(&s);
            }
        }
        m
    })
}

/// Normalise a word for month lookup: lower case, hamza forms, ى/ة, tatweel, trailing '.'.
fn norm_word(w: &str) -> String {
    let mut o = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => o.push('ا'),
            'ى' => o.push('ي'),
            'ة' => o.push('ه'),
            'ـ' | '.' => {}
            c => o.extend(c.to_lowercase()),
        }
    }
    o
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x6F0),
        _ => None,
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Earliest year accepted as a publication date (the web news era).
pub const MIN_YEAR: u32 = 1995;

fn valid(y: u32, m: u32, d: u32) -> bool {
    (MIN_YEAR..=2100).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    valid(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Parse an ISO-8601-like value (`2020-09-05`, `2020-09-05T14:05:00+03:00`, `2020-09-05 14:05:00Z`,
/// `2020/09/05 14:05`). Returns a normalised ISO string keeping time and zone when given.
pub fn parse_iso(s: &str) -> Option<String> {
    let s: String = s
        .trim()
        .chars()
        .map(|c| {
            ascii_digit(c)
                .map(|d| char::from(b'0' + d as u8))
                .unwrap_or(c)
        })
        .collect();
    let b = s.as_bytes();
    let num = |i: usize, n: usize| -> Option<u32> {
        let t = b.get(i..i + n)?;
        t.iter()
            .all(u8::is_ascii_digit)
            .then(|| t.iter().fold(0u32, |a, &c| a * 10 + (c - b'0') as u32))
    };
    let y = num(0, 4)?;
    let sep = *b.get(4)?;
    if !matches!(sep, b'-' | b'/' | b'.') {
        // compact 20200905
        if b.len() >= 8 && num(0, 8).is_some() && !b.get(8).is_some_and(|c| c.is_ascii_digit()) {
            return ymd(y, num(4, 2)?, num(6, 2)?);
        }
        return None;
    }
    let m = num(5, 2).or_else(|| (b.get(6) == Some(&sep)).then(|| num(5, 1)).flatten())?;
    let mlen = if num(5, 2).is_some() { 2 } else { 1 };
    let i = 5 + mlen;
    if b.get(i) != Some(&sep) {
        return None;
    }
    let (d, dlen) = match num(i + 1, 2) {
        Some(d) => (d, 2),
        None => (num(i + 1, 1)?, 1),
    };
    let date = ymd(y, m, d)?;
    let mut i = i + 1 + dlen;
    if !matches!(b.get(i), Some(b'T') | Some(b't') | Some(b' ')) {
        return Some(date);
    }
    i += 1;
    let (Some(hh), Some(b':'), Some(mm)) = (num(i, 2), b.get(i + 2), num(i + 3, 2)) else {
        return Some(date);
    };
    if hh > 23 || mm > 59 {
        return Some(date);
    }
    i += 5;
    let mut ss = 0;
    if b.get(i) == Some(&b':') {
        if let Some(v) = num(i + 1, 2) {
            ss = v.min(59);
            i += 3;
        }
    }
    if b.get(i) == Some(&b'.') || b.get(i) == Some(&b',') {
        i += 1;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
    }
    while b.get(i) == Some(&b' ') {
        i += 1;
    }
    let tz = match b.get(i) {
        Some(b'Z') | Some(b'z') => "Z".to_string(),
        Some(&c) if c == b'+' || c == b'-' => {
            let th = num(i + 1, 2);
            let tm = if b.get(i + 3) == Some(&b':') {
                num(i + 4, 2)
            } else {
                num(i + 3, 2)
            };
            match (th, tm) {
                (Some(h), Some(m)) if h <= 14 && m < 60 => format!("{}{h:02}:{m:02}", c as char),
                (Some(h), None) if h <= 14 => format!("{}{h:02}:00", c as char),
                _ => String::new(),
            }
        }
        _ => String::new(),
    };
    Some(format!("{date}T{hh:02}:{mm:02}:{ss:02}{tz}"))
}

/// Parse a metadata date value: ISO first, then RFC 2822 with its time and zone
/// ("Wed, 04 May 2022 00:25:56 GMT"), then a date written in words ("5 September 2020").
pub fn parse_value(s: &str) -> Option<String> {
    parse_iso(s)
        .or_else(|| parse_rfc2822(s))
        .or_else(|| find_date(s))
}

/// `[Wed,] 04 May 2022 00:25[:56] (GMT|UT|UTC|Z|+0200|-0500)`.
pub fn parse_rfc2822(s: &str) -> Option<String> {
    let s = s.trim();
    let s = match s.split_once(',') {
        Some((wd, rest)) if wd.len() <= 9 && wd.chars().all(|c| c.is_ascii_alphabetic()) => rest,
        _ => s,
    };
    let mut it = s.split_whitespace();
    let d: u32 = it.next()?.parse().ok()?;
    let mon = it.next()?.to_ascii_lowercase();
    const EN: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = EN.iter().position(|x| mon.starts_with(x))? as u32 + 1;
    let y: u32 = it.next()?.parse().ok()?;
    let date = ymd(y, m, d)?;
    let t = it.next()?;
    let mut hm = t.split(':');
    let hh: u32 = hm.next()?.parse().ok()?;
    let mm: u32 = hm.next()?.parse().ok()?;
    let ss: u32 = hm.next().and_then(|x| x.parse().ok()).unwrap_or(0);
    if hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let z = it.next().unwrap_or("");
    let zone = match z {
        "GMT" | "UT" | "UTC" | "Z" => "Z".to_string(),
        z if (z.starts_with('+') || z.starts_with('-'))
            && z.len() == 5
            && z[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{}:{}", &z[..3], &z[3..])
        }
        _ => String::new(),
    };
    Some(format!("{date}T{hh:02}:{mm:02}:{:02}{zone}", ss.min(59)))
}

#[derive(Debug)]
enum Tok {
    Num { v: u32, len: usize },
    Word(String),
    Punct(char),
}

/// Words that mark the date after them as a modification, not the publication.
const UPDATE_WORDS: &[&str] = &[
    "updated",
    "update",
    "modified",
    "edited",
    "aktualisiert",
    "geändert",
    "bearbeitet",
    "stand",
    "actualizado",
    "actualizada",
    "actualización",
    "jour",
    "modifié",
    "aggiornato",
    "aggiornamento",
    "atualizado",
    "bijgewerkt",
    "zaktualizowano",
    "aktualizacja",
    "обновлено",
    "güncelleme",
    "تحديث",
    "تعديل",
    "المحدث",
];

/// One date found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Preceded (within a few words) by "updated", "aktualisiert", "آخر تحديث" …
    pub updated: bool,
}

/// Find the first calendar date written in `text` (bylines: "السبت 5 أيلول 2020",
/// "05 سبتمبر 2020", "18 جانفي 2023", "2020/09/05", "05-09-2020", "September 5, 2020",
/// "5. Juni 2015", "3 de mayo de 2022"), preferring one not marked as an update.
/// Returns `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let all = find_dates(text, 8);
    all.iter()
        .find(|f| !f.updated)
        .or(all.first())
        .map(|f| f.date.clone())
}

/// All calendar dates written in `text` (at most `max`), in order.
pub fn find_dates(text: &str, max: usize) -> Vec<Found> {
    let mut found = Vec::new();
    // tokenise (bounded)
    let mut toks: Vec<(Tok, bool)> = Vec::new(); // (token, preceded by space)
    let mut space = true;
    let mut it = text.chars().take(4000).peekable();
    while let Some(c) = it.next() {
        if let Some(d) = ascii_digit(c) {
            let mut v = d;
            let mut len = 1;
            while let Some(&n) = it.peek() {
                match ascii_digit(n) {
                    Some(d) if len < 9 => {
                        v = v * 10 + d;
                        len += 1;
                        it.next();
                    }
                    _ => break,
                }
            }
            toks.push((Tok::Num { v, len }, space));
            space = false;
        } else if c.is_alphabetic() {
            let mut w = String::new();
            w.push(c);
            while let Some(&n) = it.peek() {
                if n.is_alphabetic() || n == 'ـ' || ('\u{064B}'..='\u{0652}').contains(&n) {
                    w.push(n);
                    it.next();
                } else {
                    break;
                }
            }
            if it.peek() == Some(&'.') && w.len() <= 5 {
                it.next();
            }
            toks.push((Tok::Word(norm_word(&w)), space));
            space = false;
        } else if c.is_whitespace() || c == '\u{200F}' || c == '\u{200E}' {
            space = true;
        } else {
            toks.push((Tok::Punct(c), space));
            space = false;
        }
        if toks.len() > 600 {
            break;
        }
    }
    let ms = months();
    let month_at = |i: usize| -> Option<(u32, usize)> {
        // longest multi-word month name starting at token i
        let mut key = String::new();
        let mut best = None;
        for k in 0..ms.max_words {
            match toks.get(i + k) {
                Some((Tok::Word(w), _)) => {
                    if k > 0 {
                        key.push(' ');
                    }
                    key.push_str(w);
                    if let Some(&m) = ms.map.get(&key) {
                        best = Some((m as u32, k + 1));
                    }
                }
                _ => break,
            }
        }
        best
    };
    let num = |i: usize| match toks.get(i) {
        Some((Tok::Num { v, len }, _)) => Some((*v, *len)),
        _ => None,
    };
    let punct = |i: usize| match toks.get(i) {
        Some((Tok::Punct(c), false)) => Some(*c),
        _ => None,
    };
    let tight = |i: usize| toks.get(i).is_some_and(|t| !t.1);
    let updated_before = |i: usize| {
        (i.saturating_sub(4)..i).any(|k| match toks.get(k) {
            Some((Tok::Word(w), _)) => UPDATE_WORDS.contains(&w.as_str()),
            _ => false,
        })
    };
    let mut i = 0;
    while i < toks.len() && found.len() < max {
        let mut hit: Option<(String, usize)> = None; // (date, tokens used)
                                                     // numeric: Y-M-D or D-M-Y with one separator, no spaces
        if let Some((a, alen)) = num(i) {
            if let (Some(s1), Some((b, _)), Some(s2), Some((c, clen))) =
                (punct(i + 1), num(i + 2), punct(i + 3), num(i + 4))
            {
                if s1 == s2 && matches!(s1, '-' | '/' | '.') && tight(i + 2) && tight(i + 4) {
                    if alen == 4 {
                        hit = ymd(a, b, c).map(|d| (d, 5));
                    } else if clen == 4 && alen <= 2 {
                        hit = ymd(c, b, a).or_else(|| ymd(c, a, b)).map(|d| (d, 5));
                    }
                }
            }
            // D Month Y (optionally "5.", "5th", "de", "من")
            if hit.is_none() && alen <= 2 {
                let mut j = i + 1;
                if punct(j) == Some('.') {
                    j += 1;
                }
                if let Some((Tok::Word(w), _)) = toks.get(j) {
                    if matches!(
                        w.as_str(),
                        "st" | "nd" | "rd" | "th" | "er" | "de" | "of" | "من"
                    ) && month_at(j).is_none()
                    {
                        j += 1;
                    }
                }
                if let Some((m, k)) = month_at(j) {
                    let mut y_at = j + k;
                    // the month twice: "أيلول (سبتمبر)", "أيلول/سبتمبر", "سبتمبر - أيلول"
                    if matches!(toks.get(y_at), Some((Tok::Punct('(' | '/' | '-'), _))) {
                        if let Some((m2, k2)) = month_at(y_at + 1) {
                            if m2 == m {
                                y_at += 1 + k2;
                                if matches!(toks.get(y_at), Some((Tok::Punct(')'), _))) {
                                    y_at += 1;
                                }
                            }
                        }
                    }
                    if matches!(
                        toks.get(y_at),
                        Some((Tok::Punct(','), _)) | Some((Tok::Punct('،'), _))
                    ) {
                        y_at += 1;
                    }
                    if let Some((Tok::Word(w), _)) = toks.get(y_at) {
                        if w == "de" || w == "del" {
                            y_at += 1;
                        }
                    }
                    if let Some((y, 4)) = num(y_at) {
                        hit = ymd(y, m, a).map(|d| (d, y_at + 1 - i));
                    }
                }
            }
        }
        // Y年M月D日 (Chinese, Japanese), Y년 M월 D일 (Korean), "2022. január 26." (Hungarian)
        if hit.is_none() {
            if let Some((y, 4)) = num(i) {
                let word = |k: usize, w: &[&str]| matches!(toks.get(k), Some((Tok::Word(x), _)) if w.contains(&x.as_str()));
                if word(i + 1, &["年", "년"]) && word(i + 3, &["月", "월"]) {
                    if let (Some((m, _)), Some((d, _))) = (num(i + 2), num(i + 4)) {
                        if word(i + 5, &["日", "일"]) {
                            hit = ymd(y, m, d).map(|d| (d, 6));
                        }
                    }
                }
                let j = if punct(i + 1) == Some('.') {
                    i + 2
                } else {
                    i + 1
                };
                if hit.is_none() {
                    if let Some((m, k)) = month_at(j) {
                        if let Some((d, dl)) = num(j + k) {
                            if dl <= 2 {
                                hit = ymd(y, m, d).map(|d| (d, j + k + 1 - i));
                            }
                        }
                    }
                }
            }
        }
        // Month D, Y
        if hit.is_none() {
            if let Some((m, k)) = month_at(i) {
                if let Some((d, dl)) = num(i + k) {
                    if dl <= 2 {
                        let mut y_at = i + k + 1;
                        if let Some((Tok::Word(w), _)) = toks.get(y_at) {
                            if matches!(w.as_str(), "st" | "nd" | "rd" | "th") {
                                y_at += 1;
                            }
                        }
                        if matches!(
                            toks.get(y_at),
                            Some((Tok::Punct(','), _)) | Some((Tok::Punct('،'), _))
                        ) {
                            y_at += 1;
                        }
                        if let Some((y, 4)) = num(y_at) {
                            hit = ymd(y, m, d).map(|d| (d, y_at + 1 - i));
                        }
                    }
                }
            }
        }
        match hit {
            Some((date, used)) => {
                found.push(Found {
                    date,
                    updated: updated_before(i),
                });
                i += used.max(1);
            }
            None => i += 1,
        }
    }
    found
}

/// A date in a URL path: `/2020/09/05/`, `/2020-09-05-slug`, `/20200905/`.
pub fn url_date(url: &str) -> Option<String> {
    let path_start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let path = &url[path_start..];
    let path = path.find('/').map(|i| &path[i..]).unwrap_or("");
    let b = path.as_bytes();
    let digits = |i: usize, n: usize| -> Option<u32> {
        let t = b.get(i..i + n)?;
        t.iter()
            .all(u8::is_ascii_digit)
            .then(|| t.iter().fold(0u32, |a, &c| a * 10 + (c - b'0') as u32))
    };
    for i in 0..b.len() {
        if !(b[i] == b'/' || b[i] == b'-' || b[i] == b'_') {
            continue;
        }
        let s = i + 1;
        if s > 0 && b.get(s.wrapping_sub(2)).is_some_and(u8::is_ascii_digit) && b[i] != b'/' {
            continue;
        }
        // `/29-10-2021/`: day-month-year
        if let (Some(d), Some(m), Some(y)) = (digits(s, 2), digits(s + 3, 2), digits(s + 6, 4)) {
            let sep = b[s + 2];
            if matches!(sep, b'-' | b'_' | b'.')
                && b[s + 5] == sep
                && !b.get(s + 10).is_some_and(u8::is_ascii_digit)
            {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
        }
        let Some(y) = digits(s, 4) else { continue };
        let sep = b.get(s + 4).copied();
        if matches!(sep, Some(b'/') | Some(b'-') | Some(b'_')) {
            if let (Some(m), Some(d)) = (digits(s + 5, 2), digits(s + 8, 2)) {
                if b.get(s + 7) == sep.as_ref() && !b.get(s + 10).is_some_and(u8::is_ascii_digit) {
                    if let Some(r) = ymd(y, m, d) {
                        return Some(r);
                    }
                }
            }
        } else if let (Some(m), Some(d)) = (digits(s + 4, 2), digits(s + 6, 2)) {
            if !b.get(s + 8).is_some_and(u8::is_ascii_digit) {
                if let Some(r) = ymd(y, m, d) {
                    return Some(r);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_values() {
        assert_eq!(parse_iso("2020-09-05").as_deref(), Some("2020-09-05"));
        assert_eq!(
            parse_iso(" 2020-09-05T14:05:00+03:00 ").as_deref(),
            Some("2020-09-05T14:05:00+03:00")
        );
        assert_eq!(
            parse_iso("2020-09-05T14:05:07.123Z").as_deref(),
            Some("2020-09-05T14:05:07Z")
        );
        assert_eq!(
            parse_iso("2020-09-05 14:05 +0300").as_deref(),
            Some("2020-09-05T14:05:00+03:00")
        );
        assert_eq!(parse_iso("2020/9/5").as_deref(), Some("2020-09-05"));
        assert_eq!(parse_iso("٢٠٢٠-٠٩-٠٥").as_deref(), Some("2020-09-05"));
        assert_eq!(parse_iso("2020-02-30"), None);
        assert_eq!(parse_iso("hello"), None);
    }

    #[test]
    fn rfc2822_values() {
        assert_eq!(
            parse_value("Wed, 04 May 2022 00:25:56 GMT").as_deref(),
            Some("2022-05-04T00:25:56Z")
        );
        assert_eq!(
            parse_value("Sat, 19 Oct 2019 00:04:00 +0200").as_deref(),
            Some("2019-10-19T00:04:00+02:00")
        );
        assert_eq!(
            parse_value("5 Sep 2020 14:05").as_deref(),
            Some("2020-09-05T14:05:00")
        );
        assert_eq!(
            parse_value("5 September 2020").as_deref(),
            Some("2020-09-05")
        );
    }

    #[test]
    fn bylines() {
        for (s, want) in [
            ("السبت 5 أيلول 2020", "2020-09-05"),
            ("نشر في 05 سبتمبر 2020 - 14:30", "2020-09-05"),
            ("الثلاثاء ١٤ آذار ٢٠٢٣", "2023-03-14"),
            ("18 جانفي 2023", "2023-01-18"),
            ("الأحد 3 تشرين الثاني 2019", "2019-11-03"),
            ("تاريخ النشر: 2020/09/05", "2020-09-05"),
            ("05-09-2020", "2020-09-05"),
            ("Published September 5, 2020 at 10am", "2020-09-05"),
            ("Tue, 05 Sep 2020 14:05:00 +0300", "2020-09-05"),
            ("le 3 mars 2021", "2021-03-03"),
            ("March 3rd, 2021", "2021-03-03"),
            ("Freitag, 5. Juni 2015", "2015-06-05"),
            ("am 26. Jänner 2022", "2022-01-26"),
            ("3 de mayo de 2022", "2022-05-03"),
            ("14 gennaio 2020", "2020-01-14"),
            ("12 października 2021", "2021-10-12"),
            ("5 сентября 2019", "2019-09-05"),
            ("7 maart 2018", "2018-03-07"),
            ("2020年9月5日 14:30", "2020-09-05"),
            ("السبت 5 أيلول (سبتمبر) 2020", "2020-09-05"),
            ("5 أيلول/سبتمبر 2020", "2020-09-05"),
            ("2020년 9월 5일", "2020-09-05"),
            ("2022. január 26.", "2022-01-26"),
        ] {
            assert_eq!(find_date(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(find_date("قتل 5 أشخاص في 2020"), None);
        assert_eq!(find_date("ماي"), None);
        // too early for a web publication date
        assert_eq!(find_date("5 March 1990"), None);
    }

    #[test]
    fn updates_are_marked() {
        let f = find_dates("Aktualisiert: 12.03.2021, veröffentlicht am 10.03.2021", 4);
        assert_eq!(f.len(), 2);
        assert!(f[0].updated && !f[1].updated);
        assert_eq!(
            find_date("Updated March 12, 2021 · Published March 10, 2021").as_deref(),
            Some("2021-03-10")
        );
        assert_eq!(
            find_date("آخر تحديث 12 آذار 2021").as_deref(),
            Some("2021-03-12")
        );
    }

    #[test]
    fn urls() {
        assert_eq!(
            url_date("https://a.example/2023/05/06/slug/").as_deref(),
            Some("2023-05-06")
        );
        assert_eq!(
            url_date("https://a.example/news/2023-05-06-slug").as_deref(),
            Some("2023-05-06")
        );
        assert_eq!(
            url_date("https://a.example/a/20230506/x.html").as_deref(),
            Some("2023-05-06")
        );
        assert_eq!(
            url_date("https://a.example/news/29-10-2021").as_deref(),
            Some("2021-10-29")
        );
        assert_eq!(url_date("https://a.example/article.php?id=5521"), None);
        assert_eq!(url_date("https://a.example/2023/05/"), None);
    }
}
