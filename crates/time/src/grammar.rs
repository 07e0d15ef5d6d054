//! The grammar: finds time expressions in a token stream and resolves them.
//!
//! An *expression* is a run of *pieces* separated only by glue (spaces, `-`,
//! `/`, `(`, `)`, `,`, and glue words such as من / في / الموافق):
//!
//! | slot  | pieces                                                         |
//! |-------|----------------------------------------------------------------|
//! | time  | الساعة 8.30 صباحا                                               |
//! | part  | فجر / صباح / مساء / ليلة …                                      |
//! | rel   | اليوم، أمس، أول أمس، الليلة الماضية                              |
//! | wd    | (يوم) الجمعة (الماضي / قبل الفائت / المقبل) — up to two for ليلة X-Y |
//! | date  | 28 آب الماضي، 5/3/2020، آذار 2018، مطلع الشهر، الأسبوع الفائت، منذ 3 أيام، عام 2014 … |
//!
//! Each slot holds one piece; a piece that would fill a taken slot, or that
//! starts with the coordinating clitic و, starts a new expression. The value
//! comes from the most specific slot: date, then rel, then wd. The arithmetic
//! for each piece is in the `resolve_*` functions below.

use crate::calendar::*;
use crate::lexicon::*;
use crate::tokens::{Tok, TK};

/// A resolved value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    Day(i64),
    Range(i64, i64),
    Month(i32, u32),
    Year(i32),
}

impl Val {
    /// First day covered.
    pub fn first_day(&self) -> i64 {
        match *self {
            Val::Day(d) | Val::Range(d, _) => d,
            Val::Month(y, m) => days_from_civil(y, m, 1),
            Val::Year(y) => days_from_civil(y, 1, 1),
        }
    }
}

/// Per-token lexicon lookups (full word, and word without proclitics).
#[derive(Clone, Copy, Default)]
pub struct Lk<'a> {
    pub full: &'a [Entry],
    pub strip: &'a [Entry],
    pub strip_len: u32,
}

impl Lk<'_> {
    fn any(&self) -> bool {
        !self.full.is_empty() || !self.strip.is_empty()
    }
}

/// Compute lookups for every token.
pub fn lookups<'a>(lex: &'a Lexicon, text: &str, toks: &[Tok], out: &mut Vec<Lk<'a>>) {
    out.clear();
    out.reserve(toks.len());
    for t in toks {
        let mut lk = Lk::default();
        if t.kind == TK::Word {
            let w = text.get(t.s as usize..t.e as usize).unwrap_or("");
            lk.full = lex.get(w);
            // Proclitics: و ف ب ل ك (one or two), and لل → ال.
            let mut rest = w;
            let mut stripped = 0u32;
            for _ in 0..2 {
                let mut ch = rest.chars();
                match ch.next() {
                    Some(c @ ('و' | 'ف' | 'ب' | 'ل' | 'ك')) if rest.chars().count() > 2 => {
                        if c == 'ل' && rest.starts_with("لل") && rest.chars().count() > 3 {
                            let key = format!("ا{}", &rest['ل'.len_utf8()..]);
                            let e = lex.get(&key);
                            if !e.is_empty() {
                                lk.strip = e;
                                lk.strip_len = stripped;
                                break;
                            }
                        }
                        rest = ch.as_str();
                        stripped += c.len_utf8() as u32;
                        let e = lex.get(rest);
                        if !e.is_empty() {
                            lk.strip = e;
                            lk.strip_len = stripped;
                            break;
                        }
                    }
                    _ => break,
                }
            }
        }
        out.push(lk);
    }
}

/// Anaphora context: the last resolved date in the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ctx {
    pub day: Option<i64>,
    pub month: Option<(i32, u32)>,
    pub year: Option<i32>,
}

/// One recognised expression (normalized byte offsets).
#[derive(Debug, Clone)]
pub struct Found {
    pub s: u32,
    pub e: u32,
    pub val: Val,
    pub time: Option<String>,
    pub future: bool,
    pub rule: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Time,
    Part,
    Rel,
    Wd,
    Date,
}

#[derive(Debug, Clone)]
struct Piece {
    slot: Slot,
    s: u32,
    next: usize,
    clitic: bool,
    /// Resolved value (None when it needs a publication date that is missing).
    val: Option<Val>,
    future: bool,
    /// Part-of-day code, time (h, m, ampm) for the time slot.
    part: i32,
    hm: Option<(u32, u32, i32)>,
    rule: &'static str,
}

impl Piece {
    fn new(slot: Slot, s: u32, next: usize, rule: &'static str) -> Piece {
        Piece {
            slot,
            s,
            next,
            clitic: false,
            val: None,
            future: false,
            part: 0,
            hm: None,
            rule,
        }
    }
}

/// Matched lexicon entry.
struct M<'a> {
    e: &'a Entry,
    next: usize,
    start: u32,
    clitic: bool,
}

pub struct Parser<'a, 't> {
    /// The original text and its normalization (for diacritic checks).
    pub orig: &'t str,
    pub norm: &'t rasd_arabic::Normalized,
    pub text: &'t str,
    pub toks: &'t [Tok],
    pub lk: &'t [Lk<'a>],
    /// Publication day number.
    pub pubd: Option<i64>,
    pub ctx: Ctx,
    /// Number of expressions skipped because they need a publication date.
    pub skipped_no_pub: usize,
}

impl<'a, 't> Parser<'a, 't> {
    fn word(&self, i: usize) -> Option<&'t str> {
        let t = self.toks.get(i)?;
        (t.kind == TK::Word).then(|| self.text.get(t.s as usize..t.e as usize).unwrap_or(""))
    }

    fn punct(&self, i: usize) -> Option<char> {
        match self.toks.get(i)?.kind {
            TK::Punct(c) => Some(c),
            _ => None,
        }
    }

    fn num(&self, i: usize) -> Option<(u32, u8)> {
        let t = self.toks.get(i)?;
        (t.kind == TK::Num).then_some((t.num, t.ndig))
    }

    /// Tokens i-1 and i touch (no space between).
    fn adjacent(&self, i: usize) -> bool {
        i > 0 && i < self.toks.len() && self.toks[i - 1].e == self.toks[i].s
    }

    /// Whether the original text of token `i` contains `c` (e.g. a diacritic folded away).
    fn orig_has(&self, i: usize, c: char) -> bool {
        let Some(t) = self.toks.get(i) else {
            return false;
        };
        let a = self.norm.orig(t.s as usize);
        let b = self.norm.orig(t.e as usize);
        // Include diacritics that trail the token.
        let tail = self.orig.get(b..).map_or(0, |r| {
            r.char_indices()
                .find(|(_, ch)| !matches!(ch, '\u{064B}'..='\u{065F}' | '\u{0640}'))
                .map_or(r.len(), |(k, _)| k)
        });
        self.orig.get(a..b + tail).is_some_and(|s| s.contains(c))
    }

    fn rest_match(&self, mut k: usize, rest: &[String]) -> Option<usize> {
        for w in rest {
            if self.word(k)? != w.as_str() {
                return None;
            }
            k += 1;
        }
        Some(k)
    }

    fn mat(&self, i: usize, clitic_ok: bool, pred: impl Fn(&Entry) -> bool) -> Option<M<'a>> {
        let t = self.toks.get(i)?;
        if t.kind != TK::Word {
            return None;
        }
        let lk = self.lk[i];
        for e in lk.full {
            if pred(e) {
                if let Some(next) = self.rest_match(i + 1, &e.rest) {
                    return Some(M {
                        e,
                        next,
                        start: t.s,
                        clitic: false,
                    });
                }
            }
        }
        if clitic_ok {
            for e in lk.strip {
                if pred(e) {
                    if let Some(next) = self.rest_match(i + 1, &e.rest) {
                        return Some(M {
                            e,
                            next,
                            start: t.s + lk.strip_len,
                            clitic: true,
                        });
                    }
                }
            }
        }
        None
    }

    fn is_kind(&self, i: usize, k: Kind) -> Option<M<'a>> {
        self.mat(i, false, |e| e.kind == k)
    }

    fn pub_ymd(&self) -> Option<(i32, u32, u32)> {
        self.pubd.map(civil_from_days)
    }

    // ----------------------------------------------------------------- pieces

    fn piece(&self, i: usize) -> Option<Piece> {
        // A leading يوم is absorbed by the weekday parser; for dates, try after it.
        if let Some(p) = self.p_time(i) {
            return Some(p);
        }
        if let Some(p) = self.p_numeric(i) {
            return Some(p);
        }
        if let Some(p) = self.p_relday(i) {
            return Some(p);
        }
        if let Some(p) = self.p_weekday(i) {
            return Some(p);
        }
        if let Some(p) = self.p_day_month(i, None) {
            return Some(p);
        }
        if let Some(p) = self.p_pos(i) {
            return Some(p);
        }
        if let Some(p) = self.p_rel_period(i) {
            return Some(p);
        }
        if let Some(p) = self.p_ago(i) {
            return Some(p);
        }
        if let Some(p) = self.p_year(i) {
            return Some(p);
        }
        if let Some(p) = self.p_part(i) {
            return Some(p);
        }
        if let Some(m) = self.mat(i, true, |e| e.kind == Kind::DayWord) {
            if self.toks.get(m.next).is_some_and(|t| t.kind != TK::Newline) {
                let mut p = self
                    .p_numeric(m.next)
                    .or_else(|| self.p_day_month(m.next, None))
                    .or_else(|| self.p_relday(m.next))?;
                p.s = m.start;
                p.clitic = m.clitic;
                return Some(p);
            }
        }
        None
    }

    /// الساعة 8.30 صباحا / الساعة الثامنة والنصف مساء
    fn p_time(&self, i: usize) -> Option<Piece> {
        let m = self.mat(i, true, |e| e.kind == Kind::HourWord)?;
        let mut j = m.next;
        let (mut h, mut mi);
        if let Some((v, nd)) = self.num(j) {
            if v > 24 || nd > 2 {
                return None;
            }
            h = v;
            mi = 0;
            j += 1;
            if matches!(self.punct(j), Some(':' | '.' | ','))
                && self.adjacent(j)
                && self.adjacent(j + 1)
            {
                if let Some((v2, nd2)) = self.num(j + 1) {
                    if nd2 == 2 && v2 < 60 {
                        mi = v2;
                        j += 2;
                    }
                }
            }
        } else if let Some(o) = self.is_kind(j, Kind::HourOrd) {
            h = o.e.val as u32;
            mi = 0;
            j = o.next;
            if let Some(f) = self.is_kind(j, Kind::Frac) {
                if f.e.val >= 0 {
                    mi = f.e.val as u32;
                } else {
                    h = if h == 1 { 12 } else { h - 1 };
                    mi = (60 + f.e.val) as u32;
                }
                j = f.next;
            }
        } else {
            return None;
        }
        let mut ampm = 0;
        if let Some(a) = self.is_kind(j, Kind::AmPm) {
            ampm = a.e.val;
            j = a.next;
        }
        let mut p = Piece::new(Slot::Time, m.start, j, "time");
        p.clitic = m.clitic;
        p.hm = Some((h, mi, ampm));
        Some(p)
    }

    /// 31-8-2022, 5/3/2020, 2020-03-05, 5.3.2020
    fn p_numeric(&self, i: usize) -> Option<Piece> {
        let (a, na) = self.num(i)?;
        let sep = self.punct(i + 1)?;
        if !matches!(sep, '/' | '-' | '.') || !self.adjacent(i + 1) || !self.adjacent(i + 2) {
            return None;
        }
        let (b, nb) = self.num(i + 2)?;
        if self.punct(i + 3)? != sep || !self.adjacent(i + 3) || !self.adjacent(i + 4) {
            return None;
        }
        let (c, nc) = self.num(i + 4)?;
        if nb > 2 {
            return None;
        }
        let (y, m, d) = if na == 4 && nc <= 2 {
            (a as i32, b, c)
        } else if na <= 2 && nc == 4 {
            (c as i32, b, a)
        } else if na <= 2 && nc == 2 {
            (2000 + c as i32, b, a)
        } else {
            return None;
        };
        if !valid_date(y, m, d) || !(1900..=2100).contains(&y) {
            return None;
        }
        // Not part of a longer number like 1.2.3.4 or a phone number.
        if matches!(self.punct(i + 5), Some('/' | '-' | '.'))
            && self.adjacent(i + 5)
            && self.num(i + 6).is_some()
        {
            return None;
        }
        let mut p = Piece::new(Slot::Date, self.toks[i].s, i + 5, "numeric");
        p.val = Some(Val::Day(days_from_civil(y, m, d)));
        Some(p)
    }

    /// اليوم، أمس، أول أمس، الليلة الماضية، غدا; اليوم التالي / ذاته (anaphoric).
    fn p_relday(&self, i: usize) -> Option<Piece> {
        // "في ذات اليوم / نفس اليوم": the day of the previous date.
        if matches!(self.word(i), Some("ذات" | "نفس")) && self.word(i + 1) == Some("اليوم")
        {
            let mut p = Piece::new(Slot::Date, self.toks[i].s, i + 2, "anaphor-day");
            p.val = Some(Val::Day(self.ctx.day?));
            return Some(p);
        }
        let m = self.mat(i, true, |e| e.kind == Kind::RelDay)?;
        let mut j = m.next;
        let is_today =
            m.e.val == 0 && m.e.rest.is_empty() && self.word(i).is_some_and(|w| w.ends_with("يوم"));
        let mut p = Piece::new(Slot::Rel, m.start, j, "relday");
        p.clitic = m.clitic;
        if is_today {
            // Anaphoric: اليوم التالي / اليوم ذاته.
            if let Some(a) = self.is_kind(j, Kind::Anaphor) {
                let base = self.ctx.day?;
                p.next = a.next;
                p.rule = "anaphor-day";
                p.slot = Slot::Date;
                p.val = Some(Val::Day(base + if a.e.val == ANAPHOR_NEXT { 1 } else { 0 }));
                return Some(p);
            }
            if i > 0
                && self
                    .mat(i - 1, true, |e| e.kind == Kind::VetoPrevToday)
                    .is_some()
            {
                return None;
            }
            // اليوم العالمي / اليوم الأول / اليوم الذي …: not the publication day.
            if self
                .mat(j, false, |e| {
                    matches!(e.kind, Kind::VetoNextToday | Kind::Ord)
                })
                .is_some()
            {
                return None;
            }
        }
        if m.e.ctx {
            // غدا: a verb too ("became"); accept with tanween (غداً), or before punctuation/weekday/end.
            let tanween = self.orig_has(i, '\u{064B}');
            let ok = tanween
                || match self.toks.get(j) {
                    None => true,
                    Some(t) => t.kind != TK::Word || self.is_kind(j, Kind::Weekday).is_some(),
                };
            // "ليلاً ونهاراً" (day and night) is not a date.
            let day_and_night = [self.word(j), i.checked_sub(1).and_then(|k| self.word(k))]
                .iter()
                .any(|w| w.is_some_and(|w| w.contains("نهار")));
            if !ok || day_and_night {
                return None;
            }
        }
        j = m.next;
        p.next = j;
        if let Some(pd) = self.pubd {
            p.val = Some(Val::Day(pd + m.e.val as i64));
            p.future = m.e.val > 0;
        }
        Some(p)
    }

    /// (يوم) الجمعة (الماضي | قبل الفائت | المقبل)
    fn p_weekday(&self, i: usize) -> Option<Piece> {
        let mut j = i;
        let mut start = None;
        let mut clitic = false;
        if let Some(d) = self.mat(i, true, |e| e.kind == Kind::DayWord) {
            start = Some(d.start);
            clitic = d.clitic;
            j = d.next;
        }
        let w = self.mat(j, start.is_none(), |e| e.kind == Kind::Weekday)?;
        let start = start.unwrap_or(w.start);
        clitic |= w.clitic;
        let wd = w.e.val as u32;
        // "بين الاثنين" (between the two), "الأحد عشر" (eleven).
        if j > 0 && start == w.start {
            if let Some(pw) = self.word(j - 1) {
                if wd == 1 && matches!(pw, "بين" | "كلا" | "هذين" | "هاذين") {
                    return None;
                }
            }
        }
        if wd == 7 && self.word(w.next).is_some_and(|x| x == "عشر") {
            return None;
        }
        let mut j = w.next;
        let mut off = 0;
        if let Some(md) = self.is_kind(j, Kind::Mod) {
            off = md.e.val;
            j = md.next;
        }
        let mut p = Piece::new(Slot::Wd, start, j, "weekday");
        p.clitic = clitic;
        if let Some(pd) = self.pubd {
            let pw = weekday(pd) as i64;
            let wd = wd as i64;
            let d = match off {
                o if o < 0 => {
                    let back = match (pw - wd).rem_euclid(7) {
                        0 => 7,
                        b => b,
                    };
                    pd - back - 7 * (-o as i64 - 1)
                }
                o if o > 0 => {
                    let fwd = match (wd - pw).rem_euclid(7) {
                        0 => 7,
                        f => f,
                    };
                    pd + fwd + 7 * (o as i64 - 1)
                }
                _ => pd - (pw - wd).rem_euclid(7),
            };
            p.val = Some(Val::Day(d));
            p.future = d > pd;
        }
        Some(p)
    }

    /// A day-of-month: digits 1..31 or an ordinal word.
    fn day_num(&self, i: usize, clitic_ok: bool) -> Option<(u32, usize, u32, bool)> {
        // "اليوم التاسع من شهر آذار": the ninth day of March.
        if let Some(t) = self.mat(i, clitic_ok, |e| {
            e.kind == Kind::RelDay && e.val == 0 && e.rest.is_empty()
        }) {
            if let Some(o) = self.is_kind(t.next, Kind::Ord) {
                return Some((o.e.val as u32, o.next, t.start, t.clitic));
            }
        }
        if let Some((v, nd)) = self.num(i) {
            // Not the tail of a decimal or a larger number.
            if nd <= 2
                && (1..=31).contains(&v)
                && !(self.adjacent(i) && matches!(self.punct(i - 1), Some('.' | ',' | '/')))
            {
                return Some((v, i + 1, self.toks[i].s, false));
            }
            return None;
        }
        let o = self.mat(i, clitic_ok, |e| e.kind == Kind::Ord)?;
        Some((o.e.val as u32, o.next, o.start, o.clitic))
    }

    /// [DAY [و|-|إلى DAY]] [من] [شهر] MONTH [/ MONTH] [YEAR | من العام … | الماضي …]
    /// or DAY [من] الشهر (الجاري | الماضي | ذاته). `pos` applies a position word.
    fn p_day_month(&self, i: usize, pos: Option<(i32, u32)>) -> Option<Piece> {
        let mut j = i;
        let mut start = self.toks.get(i)?.s;
        let mut clitic = false;
        let mut d1 = 0u32;
        let mut d2 = 0u32;
        // "الأسبوع الأول من شهر آب": days 1–7.
        let week_of_month = (pos.is_none())
            .then(|| {
                self.mat(i, true, |e| {
                    e.kind == Kind::Period && e.unit == Some(Unit::Week) && e.count == 1
                })
            })
            .flatten()
            .and_then(|w| {
                self.is_kind(w.next, Kind::Ord)
                    .filter(|o| (1..=5).contains(&o.e.val))
                    .map(|o| (w, o))
            });
        if let Some((w, o)) = week_of_month {
            let k = o.e.val as u32;
            d1 = 7 * (k - 1) + 1;
            d2 = 7 * k;
            start = w.start;
            clitic = w.clitic;
            j = o.next;
            if self.word(j) == Some("من") {
                j += 1;
            }
        } else if pos.is_none() {
            if let Some((d, nj, s, c)) = self.day_num(j, true) {
                d1 = d;
                start = s;
                clitic = c;
                j = nj;
                // Range: 5 و7 / 5-7 / من 1 إلى 5
                let mut k = j;
                let sep = if matches!(self.punct(k), Some('-')) {
                    k += 1;
                    true
                } else if let Some(r) = self.mat(k, false, |e| e.kind == Kind::RangeSep) {
                    k = r.next;
                    true
                } else if self.word(k) == Some("و") {
                    k += 1;
                    true
                } else {
                    false
                };
                if sep {
                    if let Some((dd, nj2, _, _)) = self.day_num(k, true) {
                        if dd > d1 {
                            d2 = dd;
                            j = nj2;
                        }
                    }
                }
                if self.word(j) == Some("من") {
                    j += 1;
                }
            }
        }
        let mut monthword = false;
        if let Some(mw) = self.mat(j, d1 == 0 && pos.is_none(), |e| e.kind == Kind::MonthWord) {
            if d1 == 0 && pos.is_none() {
                start = mw.start;
                clitic = mw.clitic;
            }
            monthword = true;
            j = mw.next;
        }
        let first_here = d1 == 0 && !monthword && pos.is_none();
        // "21 الشهر الجاري", "15 من الشهر ذاته"
        if d1 > 0 && self.word(j) == Some("الشهر") {
            j += 1;
            let mut p = Piece::new(Slot::Date, start, j, "day-of-rel-month");
            p.clitic = clitic;
            let ym = if let Some(md) = self.is_kind(j, Kind::Mod) {
                p.next = md.next;
                let (y, m, _) = match self.pub_ymd() {
                    Some(x) => x,
                    None => return Some(p),
                };
                add_months(y, m, md.e.val)
            } else if let Some(a) = self.is_kind(j, Kind::Anaphor) {
                p.next = a.next;
                p.rule = "day-of-same-month";
                let (y, m) = self.ctx.month?;
                if a.e.val == ANAPHOR_NEXT {
                    add_months(y, m, 1)
                } else {
                    (y, m)
                }
            } else {
                let (y, m, _) = match self.pub_ymd() {
                    Some(x) => x,
                    None => return Some(p),
                };
                (y, m)
            };
            p.val = day_val(ym.0, ym.1, d1, d2);
            if let Some(pd) = self.pubd {
                p.future = p.val.is_some_and(|v| v.first_day() > pd);
            }
            return Some(p);
        }
        let mm = self.mat(j, first_here, |e| {
            matches!(e.kind, Kind::Month | Kind::HMonth)
        })?;
        if first_here {
            start = mm.start;
            clitic = mm.clitic;
        }
        if mm.clitic && mm.e.ctx {
            return None; // "باب" (door) is not ب + آب
        }
        let hijri = mm.e.kind == Kind::HMonth;
        let month = mm.e.val as u32;
        if !(1..=12).contains(&month) {
            return None;
        }
        j = mm.next;
        // Paired month: آذار/مارس, آذار (مارس), كانون الأول/ديسمبر
        let mut paired = false;
        if let Some(m2) = self.mat(j, false, |e| e.kind == mm.e.kind && e.val == mm.e.val) {
            // "أكتوبر تشرين الأول" without a separator
            paired = true;
            j = m2.next;
        } else if matches!(self.punct(j), Some('/' | '(' | '-')) {
            let open = self.punct(j) == Some('(');
            if let Some(m2) = self.mat(j + 1, false, |e| e.kind == mm.e.kind) {
                paired = true;
                j = m2.next;
                if open && self.punct(j) == Some(')') {
                    j += 1;
                }
            }
        }
        // Year / modifier.
        let mut year: Option<i32> = None;
        let mut hijri_year = hijri;
        let mut modoff: Option<i32> = None;
        let mut relyear: Option<i32> = None;
        let mut k = j;
        if self.punct(k) == Some(',') {
            k += 1;
        }
        if self.word(k) == Some("من") {
            k += 1;
        }
        let mut after_yearword = false;
        if let Some(yw) = self.is_kind(k, Kind::YearWord) {
            k = yw.next;
            after_yearword = true;
        }
        if let Some((v, nd)) = self.num(k) {
            if nd == 4 || (hijri && nd >= 3) {
                let v = v as i32;
                let ok_greg = (1900..=2100).contains(&v);
                let ok_hij = (1300..=1600).contains(&v);
                let mut kk = k + 1;
                let mut suffix_h = false;
                if let Some(s) = self.mat(kk, false, |e| {
                    matches!(e.kind, Kind::HSuffix | Kind::GSuffix)
                }) {
                    suffix_h = s.e.kind == Kind::HSuffix;
                    kk = s.next;
                }
                if hijri && (ok_hij || suffix_h) {
                    year = Some(v);
                    hijri_year = true;
                    j = kk;
                } else if ok_greg {
                    // A Gregorian year, also after a Hijri month ("29 رمضان 2019").
                    year = Some(v);
                    hijri_year = false;
                    j = kk;
                }
            }
        } else if after_yearword {
            if let Some(md) = self.is_kind(k, Kind::Mod) {
                relyear = Some(md.e.val);
                j = md.next;
            } else if let Some(a) = self.is_kind(k, Kind::Anaphor) {
                // "18 آذار من العام نفسه / التالي"
                if let Some(cy) = self.ctx.year {
                    year = Some(cy + if a.e.val == ANAPHOR_NEXT { 1 } else { 0 });
                    hijri_year = false;
                    j = a.next;
                }
            }
        } else if let Some(md) = self.is_kind(j, Kind::Mod) {
            modoff = Some(md.e.val);
            j = md.next;
        }
        let ctx_prev =
            first_here && i > 0 && self.mat(i - 1, true, |e| e.kind == Kind::CtxPrev).is_some();
        if mm.e.ctx
            && d1 == 0
            && !monthword
            && !paired
            && !ctx_prev
            && year.is_none()
            && modoff.is_none()
            && relyear.is_none()
            && pos.is_none()
        {
            return None;
        }
        let mut p = Piece::new(
            Slot::Date,
            start,
            j,
            if hijri { "hijri" } else { "day-month" },
        );
        p.clitic = clitic;
        let pubymd = self.pub_ymd();
        // Hijri dates.
        if hijri {
            let hy = match (year, hijri_year) {
                (Some(y), true) => y,
                (Some(gy), false) => {
                    // The Hijri year whose month falls in Gregorian year gy.
                    let hy0 = ((gy - 622) as i64 * 33 / 32) as i32;
                    (hy0 - 1..=hy0 + 2)
                        .find(|&h| civil_from_days(days_from_hijri(h, month, d1.max(1))).0 == gy)
                        .unwrap_or(hy0)
                }
                _ => {
                    let (hy, hm, hd) = hijri_from_days(self.pubd?);
                    let cur = (hm, hd);
                    let target = (month, if d1 > 0 { d1 } else { 1 });
                    if target > cur {
                        hy - 1
                    } else {
                        hy
                    }
                }
            };
            let len = hijri_month_len(hy, month);
            p.val = if d1 > 0 {
                if d1 > len.max(30) {
                    return None;
                }
                let a = days_from_hijri(hy, month, d1);
                if d2 > 0 {
                    Some(Val::Range(a, days_from_hijri(hy, month, d2.min(len))))
                } else {
                    Some(Val::Day(a))
                }
            } else {
                let a = days_from_hijri(hy, month, 1);
                Some(Val::Range(a, a + len as i64 - 1))
            };
            return Some(p);
        }
        let y = if let Some(y) = year {
            y
        } else {
            let Some((py, pm, pdd)) = pubymd else {
                return Some(p);
            };
            if let Some(r) = relyear {
                py + r
            } else {
                match modoff.unwrap_or(i32::MIN) {
                    0 => py,
                    o if o > 0 => {
                        p.future = true;
                        let after = if d1 > 0 {
                            (month, d1) > (pm, pdd)
                        } else {
                            month > pm
                        };
                        (if after { py } else { py + 1 }) + (o - 1)
                    }
                    o if o < 0 && o != i32::MIN => {
                        let before = if d1 > 0 {
                            (month, d1) < (pm, pdd)
                        } else {
                            month < pm
                        };
                        (if before { py } else { py - 1 }) + (o + 1)
                    }
                    _ => {
                        // No modifier: most recent not after publication; same month → this year.
                        if month > pm {
                            py - 1
                        } else {
                            py
                        }
                    }
                }
            }
        };
        p.val = if let Some((pv, _)) = pos {
            if pv == POS_LATE {
                let dim = days_in_month(y, month);
                Some(Val::Range(
                    days_from_civil(y, month, 21),
                    days_from_civil(y, month, dim),
                ))
            } else {
                Some(Val::Month(y, month))
            }
        } else if d1 > 0 {
            day_val(y, month, d1, d2)
        } else {
            Some(Val::Month(y, month))
        };
        p.val?;
        if let Some(pd) = self.pubd {
            p.future |= p.val.is_some_and(|v| v.first_day() > pd);
        }
        Some(p)
    }

    /// مطلع / منتصف / أواخر + month | الشهر X | العام X | الأسبوع X | year.
    fn p_pos(&self, i: usize) -> Option<Piece> {
        let m = self.mat(i, true, |e| e.kind == Kind::Pos)?;
        let pv = m.e.val;
        let j = m.next;
        let mut p = if let Some(mut p) = self.p_day_month(j, Some((pv, 0))) {
            p.rule = "pos-month";
            p
        } else if let Some(mut p) = self.p_rel_period_at(j, true) {
            p.rule = "pos-period";
            // Position inside a relative month.
            if let Some(Val::Month(y, mo)) = p.val {
                if pv == POS_LATE {
                    let dim = days_in_month(y, mo);
                    p.val = Some(Val::Range(
                        days_from_civil(y, mo, 21),
                        days_from_civil(y, mo, dim),
                    ));
                }
            }
            p
        } else if let Some(mut p) = self.p_year_at(j, true) {
            p.rule = "pos-year";
            p
        } else {
            return None;
        };
        p.s = m.start;
        p.clitic = m.clitic;
        Some(p)
    }

    fn p_rel_period(&self, i: usize) -> Option<Piece> {
        self.p_rel_period_at(i, false)
    }

    /// (هذا) الأسبوع/الشهر/العام (الماضي|الجاري|المقبل|ذاته|التالي), العام 2022,
    /// الساعات (الـ24|الأربع والعشرين) الماضية, الـ48 ساعة المقبلة, اليومين الماضيين.
    /// `bare_ok`: accept الشهر/العام without a modifier (after a position word).
    fn p_rel_period_at(&self, i: usize, bare_ok: bool) -> Option<Piece> {
        let mut j = i;
        let mut start = None;
        let mut clitic = false;
        let mut this = false;
        if let Some(t) = self.mat(i, true, |e| e.kind == Kind::This) {
            this = true;
            start = Some(t.start);
            clitic = t.clitic;
            j = t.next;
        }
        // "الـ24 ساعة الماضية"
        if self.word(j) == Some("ال") && self.num(j + 1).is_some() {
            let (n, _) = self.num(j + 1)?;
            let u = self.mat(j + 2, false, |e| {
                matches!(e.kind, Kind::Unit | Kind::Period)
            })?;
            let md = self.is_kind(u.next, Kind::Mod)?;
            let start = start.unwrap_or(self.toks[j].s);
            let mut p = Piece::new(Slot::Date, start, md.next, "last-n-units");
            p.clitic = clitic;
            p.val = self.last_n(u.e.unit?, n, md.e.val)?;
            p.future = md.e.val > 0;
            return Some(p);
        }
        let per = self.mat(j, start.is_none(), |e| e.kind == Kind::Period)?;
        if start.is_none() {
            clitic = per.clitic;
        }
        let start = start.unwrap_or(per.start);
        let unit = per.e.unit?;
        let mut j = per.next;
        let mut p = Piece::new(Slot::Date, start, j, "rel-period");
        p.clitic = clitic;
        if per.e.count == 1 && matches!(unit, Unit::Week | Unit::Month | Unit::Year) {
            let off = if let Some(md) = self.is_kind(j, Kind::Mod) {
                j = md.next;
                md.e.val
            } else if let Some(a) = self.is_kind(j, Kind::Anaphor) {
                p.next = a.next;
                p.rule = "anaphor-period";
                let add = if a.e.val == ANAPHOR_NEXT { 1 } else { 0 };
                p.val = match unit {
                    Unit::Month => {
                        let (y, m) = self.ctx.month?;
                        let (y, m) = add_months(y, m, add);
                        Some(Val::Month(y, m))
                    }
                    Unit::Year => Some(Val::Year(self.ctx.year? + add)),
                    _ => return None,
                };
                return Some(p);
            } else if unit == Unit::Year
                && self
                    .num(j)
                    .is_some_and(|(v, nd)| nd == 4 && (1900..=2100).contains(&v))
            {
                let y = self.num(j)?.0 as i32;
                j += 1;
                if let Some(s) = self.is_kind(j, Kind::GSuffix) {
                    j = s.next;
                }
                p.next = j;
                p.rule = "year";
                p.val = Some(Val::Year(y));
                return Some(p);
            } else if this || bare_ok {
                0
            } else {
                return None;
            };
            p.next = j;
            p.future = off > 0;
            let Some(pd) = self.pubd else {
                return Some(p);
            };
            let (py, pm, _) = civil_from_days(pd);
            p.val = Some(match unit {
                Unit::Week => {
                    let (a, b) = week_of(pd + 7 * off as i64);
                    Val::Range(a, b)
                }
                Unit::Month => {
                    let (y, m) = add_months(py, pm, off);
                    Val::Month(y, m)
                }
                _ => Val::Year(py + off),
            });
            return Some(p);
        }
        // Plural/dual periods with an optional count.
        let mut n = per.e.count;
        if let Some((v, _)) = self.num(j) {
            n = v;
            j += 1;
        } else if self.word(j) == Some("ال") && self.num(j + 1).is_some() {
            n = self.num(j + 1)?.0;
            j += 2;
        } else if let Some(nw) = self.is_kind(j, Kind::Num) {
            n = nw.e.val as u32;
            j = nw.next;
        }
        // "الساعات القليلة الماضية"
        if matches!(self.word(j), Some("القليله" | "الاخيره" | "الاخيرين")) {
            j += 1;
        }
        let md = self.is_kind(j, Kind::Mod)?;
        if md.e.val == 0 {
            return None;
        }
        p.next = md.next;
        p.future = md.e.val > 0;
        if n == 0 {
            if unit != Unit::Hour {
                return None; // "الأيام الماضية": vague
            }
            p.rule = "last-hours";
            p.val = self.pubd.map(Val::Day);
            return Some(p);
        }
        if !matches!(unit, Unit::Hour | Unit::Day) {
            return None; // "الأسبوعين الماضيين", "الأشهر الثلاثة الماضية": durations, not dates
        }
        p.rule = "last-n-units";
        p.val = self.last_n(unit, n, md.e.val)?;
        Some(p)
    }

    /// The range covered by "the last/next N units" (up to / from publication).
    fn last_n(&self, unit: Unit, n: u32, dir: i32) -> Option<Option<Val>> {
        let Some(pd) = self.pubd else {
            return Some(None);
        };
        if n == 0 || n > 10_000 {
            return None;
        }
        let n = n as i64;
        let span_days = match unit {
            Unit::Hour => (n + 23) / 24,
            Unit::Day => n,
            Unit::Week => 7 * n,
            Unit::Month => {
                let (y, m, d) = civil_from_days(pd);
                let (y2, m2) = add_months(y, m, if dir < 0 { -(n as i32) } else { n as i32 });
                let d2 = d.min(days_in_month(y2, m2));
                (days_from_civil(y2, m2, d2) - pd).abs()
            }
            Unit::Year => 365 * n,
        };
        Some(Some(if dir < 0 {
            Val::Range(pd - span_days, pd)
        } else {
            Val::Range(pd, pd + span_days)
        }))
    }

    /// منذ/قبل N أيام → that day; N أسابيع → that Mon–Sun week; N أشهر → that month; N أعوام → that year.
    fn p_ago(&self, i: usize) -> Option<Piece> {
        let a = self.mat(i, true, |e| e.kind == Kind::Ago)?;
        let mut j = a.next;
        // "منذ نحو ثلاثة أيام", "قبل أكثر من أسبوع"
        if let Some(g) = self.is_kind(j, Kind::Glue) {
            j = g.next;
        } else if matches!(self.word(j), Some("اكثر" | "اقل")) && self.word(j + 1) == Some("من")
        {
            j += 2;
        }
        let mut n = 0u32;
        if let Some((v, nd)) = self.num(j) {
            if nd > 4 {
                return None;
            }
            n = v;
            j += 1;
        } else if let Some(nw) = self.is_kind(j, Kind::Num) {
            n = nw.e.val as u32;
            j = nw.next;
        }
        let u = self.is_kind(j, Kind::Unit)?;
        if n == 0 {
            n = u.e.count;
        }
        let hours_ago = n == 0 && u.e.unit == Some(Unit::Hour); // "قبل ساعات": publication day
        if n == 0 && !hours_ago {
            return None;
        }
        j = u.next;
        // "منذ أسبوعين/منذ عام" mostly state a duration ("for two weeks"), not a date.
        if a.e.val == 0 && !matches!(u.e.unit, Some(Unit::Day | Unit::Hour)) {
            return None;
        }
        // "منذ يوم الاثنين", "قبل عام 2011": not a count.
        if self.num(j).is_some()
            || self
                .mat(j, false, |e| {
                    matches!(
                        e.kind,
                        Kind::Weekday | Kind::Month | Kind::RelDay | Kind::HMonth
                    )
                })
                .is_some()
        {
            return None;
        }
        let mut p = Piece::new(Slot::Date, a.start, j, "ago");
        p.clitic = a.clitic;
        let Some(pd) = self.pubd else {
            return Some(p);
        };
        let n = n as i64;
        let (py, pm, _) = civil_from_days(pd);
        p.val = Some(match u.e.unit? {
            Unit::Hour => Val::Day(pd - n / 24),
            Unit::Day => Val::Day(pd - n),
            Unit::Week => {
                let (a, b) = week_of(pd - 7 * n);
                Val::Range(a, b)
            }
            Unit::Month => {
                let (y, m) = add_months(py, pm, -(n.min(100_000) as i32));
                Val::Month(y, m)
            }
            Unit::Year => Val::Year(py - n.min(5000) as i32),
        });
        Some(p)
    }

    fn p_year(&self, i: usize) -> Option<Piece> {
        self.p_year_at(i, false)
    }

    /// عام 2018 / العام 2022 / bare 2020 (with vetoes); `bare_ok`: العام alone = current year.
    fn p_year_at(&self, i: usize, bare_ok: bool) -> Option<Piece> {
        let mut j = i;
        let mut start = self.toks.get(i)?.s;
        let mut clitic = false;
        let mut yw = false;
        if let Some(m) = self.mat(i, true, |e| e.kind == Kind::YearWord) {
            yw = true;
            start = m.start;
            clitic = m.clitic;
            j = m.next;
        }
        let (v, nd) = self.num(j)?;
        if nd != 4 || !(1900..=2100).contains(&v) {
            let _ = bare_ok;
            return None;
        }
        if let Some(pd) = self.pubd {
            if v as i32 > civil_from_days(pd).0 + 30 {
                return None;
            }
        }
        let mut k = j + 1;
        if let Some(s) = self.mat(k, false, |e| {
            matches!(e.kind, Kind::HSuffix | Kind::GSuffix)
        }) {
            if s.e.kind == Kind::HSuffix {
                return None;
            }
            k = s.next;
        }
        if !yw {
            // Vetoes for a bare number.
            if j > 0 {
                if self
                    .mat(j - 1, true, |e| e.kind == Kind::VetoPrevYear)
                    .is_some()
                {
                    return None;
                }
                if self.adjacent(j)
                    && matches!(
                        self.punct(j - 1),
                        Some('.' | ',' | ':' | '/' | '+' | '$' | '%')
                    )
                {
                    return None;
                }
                if self.adjacent(j)
                    && self
                        .word(j - 1)
                        .is_some_and(|w| !matches!(w, "و" | "ف" | "ب" | "ل"))
                {
                    return None; // "ال2020", "M2020" (but "و2020")
                }
            }
            if self
                .mat(k, true, |e| e.kind == Kind::VetoNextYear)
                .is_some()
            {
                return None;
            }
            if self.adjacent(j + 1)
                && matches!(self.punct(j + 1), Some('.' | ',' | ':' | '%'))
                && self.num(j + 2).is_some()
            {
                return None;
            }
            if self.adjacent(j + 1) && self.word(j + 1).is_some() && k == j + 1 {
                return None;
            }
        }
        let mut p = Piece::new(Slot::Date, start, k, "year");
        p.clitic = clitic;
        p.val = Some(Val::Year(v as i32));
        Some(p)
    }

    fn p_part(&self, i: usize) -> Option<Piece> {
        let m = self.mat(i, true, |e| e.kind == Kind::Part)?;
        let mut p = Piece::new(Slot::Part, m.start, m.next, "part");
        p.clitic = m.clitic;
        p.part = m.e.val;
        Some(p)
    }

    // ------------------------------------------------------------ expressions

    fn is_glue(&self, i: usize) -> Option<usize> {
        let t = self.toks.get(i)?;
        match t.kind {
            TK::Punct('-' | '(' | ')' | '/' | ',' | '[' | ']') => Some(i + 1),
            TK::Word => self.mat(i, false, |e| e.kind == Kind::Glue).map(|m| m.next),
            _ => None,
        }
    }

    /// Try to read one expression starting at token `i`. Returns it (if it has an anchor) and the next token index.
    pub fn expr(&mut self, i: usize) -> Option<(Option<Found>, usize)> {
        if i >= self.toks.len() {
            return None;
        }
        let t = self.toks[i];
        if !(t.kind == TK::Num
            || (t.kind == TK::Word && (self.lk[i].any() || self.word(i) == Some("ال"))))
        {
            return None;
        }
        let first = self.piece(i)?;
        let mut pieces = vec![first];
        let mut j = pieces[0].next;
        let mut open_paren = false;
        loop {
            // Up to three glue tokens between pieces.
            let mut g = j;
            let mut n = 0;
            let mut paren = false;
            // "ليلة الخميس على الجمعة": on/to between the two weekdays of a night pair.
            let night_wd = pieces.last().is_some_and(|x| x.slot == Slot::Wd)
                && pieces
                    .iter()
                    .any(|x| x.slot == Slot::Part && x.part == PART_NIGHT);
            let mut pair_glue = false;
            while n < 3 {
                let pair = night_wd
                    && n == 0
                    && matches!(
                        self.word(g),
                        Some("على" | "علي" | "إلى" | "الى" | "الي" | "حتى" | "حتي")
                    );
                if pair {
                    pair_glue = true;
                    g += 1;
                    n += 1;
                    continue;
                }
                match self.is_glue(g) {
                    Some(ng) => {
                        paren |= self.punct(g) == Some('(');
                        g = ng;
                        n += 1;
                    }
                    None => break,
                }
            }
            let Some(p) = self.piece(g) else {
                break;
            };
            let after_dash = pair_glue || (g > j && self.punct(g - 1) == Some('-'));
            if p.clitic || !accepts(&pieces, &p, after_dash) {
                break;
            }
            open_paren |= paren;
            j = p.next;
            pieces.push(p);
        }
        let mut end_tok = j;
        if open_paren && self.punct(end_tok) == Some(')') {
            end_tok += 1;
        }
        let s = pieces[0].s;
        let e = self.toks[end_tok - 1].e;
        // Value: date, then rel, then weekday(s).
        let part = pieces
            .iter()
            .find(|p| p.slot == Slot::Part)
            .map_or(0, |p| p.part);
        let wds: Vec<&Piece> = pieces.iter().filter(|p| p.slot == Slot::Wd).collect();
        let has_anchor = pieces
            .iter()
            .any(|p| matches!(p.slot, Slot::Date | Slot::Rel | Slot::Wd));
        if !has_anchor {
            return Some((None, j));
        }
        let date = pieces.iter().find(|p| p.slot == Slot::Date);
        let rel = pieces.iter().find(|p| p.slot == Slot::Rel);
        let night_pair = part == PART_NIGHT && wds.len() == 2;
        let (val, future) = if let Some(d) = date {
            (d.val, d.future)
        } else if let Some(r) = rel {
            match r.val {
                Some(Val::Day(x)) if night_pair => (Some(Val::Range(x, x + 1)), r.future),
                v => (v, r.future),
            }
        } else {
            let w = wds[0];
            match w.val {
                Some(Val::Day(x)) if night_pair => (Some(Val::Range(x, x + 1)), w.future),
                v => (v, w.future),
            }
        };
        let Some(val) = val else {
            if self.pubd.is_none() {
                self.skipped_no_pub += 1;
            }
            return Some((None, j));
        };
        let time = pieces.iter().find_map(|p| p.hm).map(|(h, m, ampm)| {
            let pm = match ampm {
                AMPM_PM => h < 12,
                AMPM_NIGHT => (6..12).contains(&h),
                AMPM_AM => false,
                _ => match part {
                    PART_EVENING | PART_AFTERNOON => h < 12,
                    PART_NIGHT => (6..12).contains(&h),
                    PART_NOON => h < 6,
                    _ => false,
                },
            };
            let h = if pm {
                h + 12
            } else if ampm == AMPM_AM && h == 12 {
                0
            } else {
                h
            };
            format!("{:02}:{:02}", h % 24, m)
        });
        let mut rule = String::new();
        for p in &pieces {
            if !rule.is_empty() {
                rule.push('+');
            }
            rule.push_str(p.rule);
        }
        // Update anaphora context.
        match val {
            Val::Day(z) => {
                let (y, m, _) = civil_from_days(z);
                self.ctx = Ctx {
                    day: Some(z),
                    month: Some((y, m)),
                    year: Some(y),
                };
            }
            Val::Month(y, m) => {
                self.ctx = Ctx {
                    day: None,
                    month: Some((y, m)),
                    year: Some(y),
                }
            }
            Val::Year(y) => {
                self.ctx = Ctx {
                    day: None,
                    month: None,
                    year: Some(y),
                }
            }
            Val::Range(a, _) => {
                let (y, m, _) = civil_from_days(a);
                self.ctx = Ctx {
                    day: None,
                    month: Some((y, m)),
                    year: Some(y),
                };
            }
        }
        let future = future || self.pubd.is_some_and(|pd| val.first_day() > pd);
        Some((
            Some(Found {
                s,
                e,
                val,
                time,
                future,
                rule,
            }),
            j,
        ))
    }
}

/// Whether piece `p` may join the expression made of `have`.
fn accepts(have: &[Piece], p: &Piece, after_dash: bool) -> bool {
    let count = |s: Slot| have.iter().filter(|x| x.slot == s).count();
    let anchored = have
        .iter()
        .any(|x| matches!(x.slot, Slot::Date | Slot::Rel | Slot::Wd));
    match p.slot {
        Slot::Part => count(Slot::Part) == 0 && !anchored,
        Slot::Wd => {
            let n = count(Slot::Wd);
            n == 0
                || (n == 1
                    && (after_dash || have.last().is_some_and(|x| x.slot == Slot::Wd))
                    && have
                        .iter()
                        .any(|x| x.slot == Slot::Part && x.part == PART_NIGHT)
                    && count(Slot::Date) == 0)
        }
        s => count(s) == 0,
    }
}

fn day_val(y: i32, m: u32, d1: u32, d2: u32) -> Option<Val> {
    if !valid_date(y, m, d1) {
        return None;
    }
    let a = days_from_civil(y, m, d1);
    let d2 = d2.min(days_in_month(y, m));
    if d2 > d1 && valid_date(y, m, d2) {
        Some(Val::Range(a, days_from_civil(y, m, d2)))
    } else {
        Some(Val::Day(a))
    }
}
