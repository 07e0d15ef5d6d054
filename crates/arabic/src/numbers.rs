//! Numbers: digits in any script (with decimals and thousands separators), ranges ("3-4",
//! "3 إلى 4", "بين 3 و5"), number words (cardinals up to the billions, masculine and feminine,
//! teens, compounds "خمسة وعشرون", hundreds, "ثلاثة آلاف"), ordinals ("الخامس", "الحادي
//! والعشرين", for dates), vague quantities ("عشرات", "بضعة", "عدد من") and approximators
//! ("نحو 15", "قرابة مئة", "أكثر من عشرين", "5 تقريبا").
//!
//! The word lists live in `data/arabic/numbers.tsv`. [`tag_numbers`] fills
//! [`rasd_doc::Document::numbers`] with cardinals only (ordinals are left to the date tagger,
//! which calls [`parse_number_at`]). Digit runs glued by `/` or `:` (dates and times such as
//! "5/3/2020", "8:30") and three-part dash chains ("2020-03-05") are not tagged.

use crate::chars::digit_value;
use crate::data::{data_lines, with_extension, FastSet, Fnv};
use crate::normalize::fold_word_into;
use crate::tokenize::tokens;
use rasd_doc::{Document, NumberAnn, Span, TokenKind};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The embedded number word list.
pub const NUMBERS_TSV: &str = include_str!("../../../data/arabic/numbers.tsv");

/// What a number word is (see the header of `data/arabic/numbers.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale,
    ScalePlural,
    Ordinal,
    Vague,
    Approx,
    ApproxAfter,
    Range,
}

/// One entry of the number lexicon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry {
    pub value: f64,
    pub kind: WordKind,
    pub max: Option<f64>,
}

/// A number expression found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumberMatch {
    /// Byte range in the text (including approximators such as "نحو").
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Upper bound of a range ("3-4" → 4) or of a vague quantity ("بضعة" → 9).
    pub max: Option<f64>,
    pub approximate: bool,
    /// An ordinal ("الخامس", "الحادي عشر", "العشرين").
    pub ordinal: bool,
}

type Map<V> = HashMap<String, V, BuildHasherDefault<Fnv>>;

struct Lexicon {
    words: Map<Entry>,
    /// Multi-word phrases by their first word: (remaining words, entry), longest first.
    phrases: Map<Vec<(Vec<String>, Entry)>>,
    /// First words of multi-word phrases (quick rejection).
    phrase_heads: FastSet,
}

fn parse_kind(s: &str) -> Option<WordKind> {
    Some(match s {
        "unit" => WordKind::Unit,
        "teen" => WordKind::Teen,
        "tens" => WordKind::Tens,
        "hundred" => WordKind::Hundred,
        "scale" => WordKind::Scale,
        "scale_pl" => WordKind::ScalePlural,
        "ord" => WordKind::Ordinal,
        "vague" => WordKind::Vague,
        "approx" => WordKind::Approx,
        "approx_after" => WordKind::ApproxAfter,
        "range" => WordKind::Range,
        _ => return None,
    })
}

fn lexicon() -> &'static Lexicon {
    static L: OnceLock<Lexicon> = OnceLock::new();
    L.get_or_init(|| {
        let text = with_extension("arabic/numbers.tsv", NUMBERS_TSV);
        let mut words = Map::default();
        let mut phrases: Map<Vec<(Vec<String>, Entry)>> = Map::default();
        let mut phrase_heads = FastSet::default();
        for (n, line) in data_lines(&text).enumerate() {
            let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
            let parsed = (|| {
                let kind = parse_kind(cols.get(2)?)?;
                let value: f64 = cols.get(1)?.parse().ok()?;
                let max = cols.get(3).and_then(|m| m.parse().ok());
                Some(Entry { value, kind, max })
            })();
            let Some(entry) = parsed else {
                eprintln!(
                    "rasd-arabic: numbers.tsv: ignoring malformed entry {} ({line:?})",
                    n + 1
                );
                continue;
            };
            let ws: Vec<String> = cols[0]
                .split_whitespace()
                .map(|w| {
                    let mut s = String::new();
                    fold_word_into(w, &mut s);
                    s
                })
                .filter(|w| !w.is_empty())
                .collect();
            match ws.len() {
                0 => {}
                1 => {
                    words.entry(ws[0].clone()).or_insert(entry);
                }
                _ => {
                    phrase_heads.insert(ws[0].clone());
                    phrases
                        .entry(ws[0].clone())
                        .or_default()
                        .push((ws[1..].to_vec(), entry));
                }
            }
        }
        for v in phrases.values_mut() {
            v.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        Lexicon {
            words,
            phrases,
            phrase_heads,
        }
    })
}

/// A token with the range of its folded form in the shared buffer [`Toks::buf`].
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: TokenKind,
    f0: u32,
    f1: u32,
}

/// Tokens plus one buffer holding all their folded forms (no allocation per token).
#[derive(Debug, Default)]
struct Toks {
    toks: Vec<Tok>,
    buf: String,
}

impl Toks {
    fn folded(&self, i: usize) -> &str {
        self.toks
            .get(i)
            .map_or("", |t| &self.buf[t.f0 as usize..t.f1 as usize])
    }
}

/// The lexicon entry of a folded word, trying clitics: returns (entry, conjunction, article).
fn lookup(w: &str) -> Option<(Entry, bool, bool)> {
    let lex = lexicon();
    if let Some(e) = lex.words.get(w) {
        return Some((*e, false, false));
    }
    let mut bases: [(&str, bool); 2] = [(w, false), ("", false)];
    if w.starts_with(['و', 'ف']) && w.len() > 2 {
        bases[1] = (&w[2..], true);
        if let Some(e) = lex.words.get(&w[2..]) {
            return Some((*e, true, false));
        }
    }
    for (b, conj) in bases {
        if b.is_empty() {
            continue;
        }
        let (rest, article) = if let Some(r) = b.strip_prefix("ال").or_else(|| b.strip_prefix("لل"))
        {
            (r, true)
        } else if let Some(r) = b.strip_prefix("بال").or_else(|| b.strip_prefix("كال")) {
            (r, true)
        } else if b.starts_with(['ب', 'ل', 'ك']) && b.chars().count() >= 4 {
            (&b[2..], false)
        } else {
            continue;
        };
        if article && rest.starts_with("اثن") && !rest.starts_with("اثنت") {
            // "الاثنين" is Monday.
            continue;
        }
        if let Some(e) = lex.words.get(rest) {
            if matches!(
                e.kind,
                WordKind::Approx | WordKind::ApproxAfter | WordKind::Range
            ) {
                continue;
            }
            if article && e.kind == WordKind::Hundred && e.value == 100.0 {
                // "بالمئة", "في المئة" = percent
                continue;
            }
            return Some((*e, conj, article));
        }
    }
    None
}

/// Value of a digit token: ASCII, Arabic-Indic or Persian digits; `٫` is a decimal point, `٬`
/// a thousands separator; `,` separates thousands when every group after it has three digits,
/// else it is a decimal comma; `.` is a decimal point.
pub fn parse_digits(s: &str) -> Option<f64> {
    let mut int: Vec<u8> = Vec::with_capacity(s.len());
    let mut groups_ok = true;
    let mut group_len: Option<usize> = None;
    let mut has_comma = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            int.push(b'0' + d as u8);
            if let Some(g) = group_len.as_mut() {
                *g += 1;
            }
        } else {
            match c {
                ',' | '\u{066C}' => {
                    if group_len.is_some_and(|g| g != 3) {
                        groups_ok = false;
                    }
                    has_comma |= c == ',';
                    group_len = Some(0);
                    int.push(b'\'');
                }
                '.' | '\u{066B}' => int.push(b'.'),
                _ => return None,
            }
        }
    }
    if group_len.is_some_and(|g| g != 3) {
        groups_ok = false;
    }
    let s: String = if groups_ok || !has_comma {
        int.iter()
            .filter(|&&b| b != b'\'')
            .map(|&b| b as char)
            .collect()
    } else {
        int.iter()
            .map(|&b| if b == b'\'' { '.' } else { b as char })
            .collect()
    };
    // Keep only the first decimal point.
    let mut seen_dot = false;
    let s: String = s
        .chars()
        .filter(|&c| {
            if c == '.' {
                let keep = !seen_dot;
                seen_dot = true;
                keep
            } else {
                true
            }
        })
        .collect();
    s.parse().ok()
}

/// Parser state over a token slice.
struct Parser<'a> {
    toks: &'a [Tok],
    all: &'a Toks,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    None,
    Unit,
    Tens,
    Hundred,
    Scale,
}

impl Parser<'_> {
    fn word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|_| self.all.folded(i))
    }

    fn punct(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.kind == TokenKind::Punct)
            .map(|_| self.all.folded(i))
    }

    fn entry(&self, i: usize) -> Option<(Entry, bool, bool)> {
        self.word(i).and_then(lookup)
    }

    fn adjacent(&self, i: usize, j: usize) -> bool {
        match (self.toks.get(i), self.toks.get(j)) {
            (Some(a), Some(b)) => a.end == b.start,
            _ => false,
        }
    }

    /// Is token `i` part of a date/time chain of digits ("5/3/2020", "8:30", "2020-03-05")?
    fn in_date_chain(&self, i: usize) -> bool {
        let glued = |a: usize, sep: &[&str]| {
            self.punct(a + 1).is_some_and(|p| sep.contains(&p))
                && self.adjacent(a, a + 1)
                && self.adjacent(a + 1, a + 2)
                && self
                    .toks
                    .get(a + 2)
                    .is_some_and(|t| t.kind == TokenKind::Number)
        };
        let is_num = |k: usize| {
            self.toks
                .get(k)
                .is_some_and(|t| t.kind == TokenKind::Number)
        };
        if glued(i, &["/", ":"]) || (i >= 2 && is_num(i - 2) && glued(i - 2, &["/", ":"])) {
            return true;
        }
        // three-part dash chains
        let dash = &["-"];
        (glued(i, dash) && glued(i + 2, dash))
            || (i >= 2 && is_num(i - 2) && glued(i - 2, dash) && glued(i, dash))
            || (i >= 4 && is_num(i - 4) && glued(i - 4, dash) && glued(i - 2, dash))
    }

    /// A cardinal (digits with an optional scale word, or number words) at `i`.
    /// Returns (value, ordinal, vague max, approximate, next index).
    fn cardinal(
        &self,
        i: usize,
        allow_ordinal: bool,
    ) -> Option<(f64, bool, Option<f64>, bool, usize)> {
        let t = self.toks.get(i)?;
        if t.kind == TokenKind::Number {
            let mut v = parse_digits(self.all.folded(i))?;
            let mut j = i + 1;
            if let Some((e, false, _)) = self.entry(j) {
                if matches!(e.kind, WordKind::Scale | WordKind::ScalePlural) && e.value >= 1000.0 {
                    v *= e.value;
                    j += 1;
                }
            }
            return Some((v, false, None, false, j));
        }
        if t.kind != TokenKind::Word {
            return None;
        }
        // Multi-word vague phrases ("عدد من").
        if let Some((e, j)) = self.phrase(i) {
            if e.kind == WordKind::Vague {
                return Some((e.value, false, e.max, true, j));
            }
        }
        let (e, _conj, article) = self.entry(i)?;
        match e.kind {
            WordKind::Vague => {
                // "عشرات الآلاف" = tens of thousands.
                if let Some((s, false, _)) = self.entry(i + 1) {
                    if s.kind == WordKind::ScalePlural {
                        return Some((
                            e.value * s.value,
                            false,
                            e.max.map(|m| m * s.value),
                            true,
                            i + 2,
                        ));
                    }
                }
                Some((e.value, false, e.max, true, i + 1))
            }
            WordKind::ScalePlural => Some((2.0 * e.value, false, None, true, i + 1)),
            WordKind::Ordinal => {
                if !allow_ordinal {
                    return None;
                }
                let mut v = e.value;
                let mut j = i + 1;
                if let Some((n, conj, _)) = self.entry(j) {
                    if n.kind == WordKind::Unit && n.value == 10.0 && !conj && v < 10.0 {
                        v += 10.0;
                        j += 1;
                    } else if n.kind == WordKind::Tens && conj && v < 10.0 {
                        v += n.value;
                        j += 1;
                    }
                }
                Some((v, true, None, false, j))
            }
            WordKind::Unit
            | WordKind::Teen
            | WordKind::Tens
            | WordKind::Hundred
            | WordKind::Scale => {
                let (v, j) = self.words(i)?;
                let ordinal = allow_ordinal && article && e.kind == WordKind::Tens && j == i + 1;
                Some((v, ordinal, None, false, j))
            }
            _ => None,
        }
    }

    /// A multi-word phrase of the lexicon starting at `i`: (entry, next index).
    fn phrase(&self, i: usize) -> Option<(Entry, usize)> {
        let lex = lexicon();
        let w = self.word(i)?;
        let head = if lex.phrase_heads.contains(w) {
            w
        } else {
            let s = w.strip_prefix(['و', 'ف'])?;
            if !lex.phrase_heads.contains(s) {
                return None;
            }
            s
        };
        for (rest, e) in lex.phrases.get(head)? {
            if rest
                .iter()
                .enumerate()
                .all(|(k, r)| self.word(i + 1 + k) == Some(r.as_str()))
            {
                return Some((*e, i + 1 + rest.len()));
            }
        }
        None
    }

    /// Compound cardinal number words starting at `i`: (value, next index).
    fn words(&self, i: usize) -> Option<(f64, usize)> {
        let mut total = 0.0f64;
        let mut current = 0.0f64;
        let mut level = Level::None;
        let mut last_scale = f64::INFINITY;
        let mut j = i;
        while let Some((e, conj, _)) = self.entry(j) {
            let first = j == i;
            let next_is_ten = self
                .entry(j + 1)
                .is_some_and(|(n, c, _)| n.kind == WordKind::Unit && n.value == 10.0 && !c);
            let ok = match e.kind {
                WordKind::Teen => (first || (conj && level >= Level::Hundred)) && next_is_ten,
                WordKind::Unit
                    if e.value == 10.0 && !conj && level == Level::Unit && current < 10.0 =>
                {
                    // teens: "ثلاثة عشر"
                    current += 10.0;
                    j += 1;
                    continue;
                }
                WordKind::Unit => {
                    first || (conj && level >= Level::Hundred && current % 100.0 == 0.0)
                }
                WordKind::Tens => {
                    first
                        || (conj && level == Level::Unit && current < 10.0)
                        || (conj && level >= Level::Hundred && current % 100.0 == 0.0)
                }
                WordKind::Hundred => {
                    if !conj
                        && level == Level::Unit
                        && e.value == 100.0
                        && (3.0..=9.0).contains(&current)
                    {
                        current *= 100.0;
                        level = Level::Hundred;
                        j += 1;
                        continue;
                    }
                    first || (conj && level == Level::Scale)
                }
                WordKind::Scale if e.value < last_scale => {
                    if first {
                        true
                    } else if !conj && level > Level::None && current > 0.0 {
                        // "خمسة وعشرون ألفا", "مئة ألف"
                        total += current * e.value;
                        current = 0.0;
                        level = Level::Scale;
                        last_scale = e.value;
                        j += 1;
                        continue;
                    } else {
                        false
                    }
                }
                WordKind::ScalePlural
                    if !first
                        && !conj
                        && (3.0..=10.0).contains(&current)
                        && e.value < last_scale =>
                {
                    total += current * e.value;
                    current = 0.0;
                    level = Level::Scale;
                    last_scale = e.value;
                    j += 1;
                    continue;
                }
                _ => false,
            };
            if !ok {
                break;
            }
            match e.kind {
                WordKind::Scale => {
                    total += e.value;
                    level = Level::Scale;
                    last_scale = e.value;
                    // dual forms carry their own count ("ألفين" = 2000)
                    if e.value >= 2000.0
                        && !matches!(e.value as u64, 1_000 | 1_000_000 | 1_000_000_000)
                    {
                        last_scale = e.value / 2.0;
                    }
                }
                WordKind::Teen => {
                    current += e.value;
                    level = Level::Unit;
                }
                WordKind::Unit => {
                    current += e.value;
                    level = Level::Unit;
                }
                WordKind::Tens => {
                    current += e.value;
                    level = Level::Tens;
                }
                WordKind::Hundred => {
                    current += e.value;
                    level = Level::Hundred;
                }
                _ => {}
            }
            j += 1;
        }
        (j > i).then_some((total + current, j))
    }

    /// A full number expression at `i` (approximator, cardinal or ordinal, range, trailing
    /// approximator). Returns the match and the next token index.
    fn expression(&self, i: usize, allow_ordinal: bool) -> Option<(NumberMatch, usize)> {
        let mut approximate = false;
        let mut k = i;
        // Leading approximator: single word or phrase.
        if let Some((e, j)) = self.phrase(i) {
            if e.kind == WordKind::Approx {
                approximate = true;
                k = j;
            }
        }
        if !approximate {
            if let Some(w) = self.word(i) {
                let base = lexicon().words.get(w).or_else(|| {
                    w.strip_prefix(['و', 'ف'])
                        .and_then(|s| lexicon().words.get(s))
                });
                if base.is_some_and(|e| e.kind == WordKind::Approx) {
                    approximate = true;
                    k = i + 1;
                }
            }
        }
        if self
            .toks
            .get(k)
            .is_some_and(|t| t.kind == TokenKind::Number)
            && self.in_date_chain(k)
        {
            return None;
        }
        let (value, ordinal, mut max, vague, mut j) = self.cardinal(k, allow_ordinal)?;
        approximate |= vague;
        // Range: "3-4", "3 إلى 4", "3 أو 4", "بين 3 و5".
        if !ordinal && !vague {
            let dash = self
                .punct(j)
                .is_some_and(|p| matches!(p, "-" | "–" | "—" | "~"));
            let range_word = self
                .entry(j)
                .is_some_and(|(e, c, _)| e.kind == WordKind::Range && !c)
                || self.word(j).is_some_and(|w| {
                    lexicon()
                        .words
                        .get(w)
                        .is_some_and(|e| e.kind == WordKind::Range)
                });
            let between = k > 0 && self.word(k - 1).is_some_and(|w| w == "بين");
            let joined = dash || range_word || (between && self.word(j) == Some("و"));
            let next = joined.then_some(j + 1);
            let mut done = false;
            if let Some(n) = next {
                if let Some((hi, false, None, false, jj)) = self.cardinal(n, false) {
                    if hi > value {
                        max = Some(hi);
                        j = jj;
                        done = true;
                    }
                }
            }
            if !done && between {
                // "بين ثلاثة وخمسة": the second end carries the conjunction.
                if let Some((e, true, _)) = self.entry(j) {
                    if matches!(e.kind, WordKind::Unit | WordKind::Tens | WordKind::Hundred)
                        && e.value > value
                    {
                        max = Some(e.value);
                        j += 1;
                    }
                }
            }
        }
        if let Some((e, _, _)) = self.entry(j) {
            if e.kind == WordKind::ApproxAfter {
                approximate = true;
                j += 1;
            }
        } else if self
            .word(j)
            .and_then(|w| lexicon().words.get(w))
            .is_some_and(|e| e.kind == WordKind::ApproxAfter)
        {
            approximate = true;
            j += 1;
        }
        let start = self.toks[i].start;
        let end = self.toks[j - 1].end;
        Some((
            NumberMatch {
                start,
                end,
                value,
                max,
                approximate,
                ordinal,
            },
            j,
        ))
    }
}

fn fold_tokens(text: &str, spans: impl Iterator<Item = (usize, usize, TokenKind)>, out: &mut Toks) {
    for (start, end, kind) in spans {
        let f0 = out.buf.len() as u32;
        match kind {
            TokenKind::Word | TokenKind::Punct => fold_word_into(&text[start..end], &mut out.buf),
            TokenKind::Number => out.buf.push_str(&text[start..end]),
            _ => {}
        }
        let f1 = out.buf.len() as u32;
        out.toks.push(Tok {
            start,
            end,
            kind,
            f0,
            f1,
        });
    }
}

/// Parse the number expression (digits or words, cardinal or ordinal, with approximators and
/// ranges) that starts at byte `start` of `text`. Leading whitespace is skipped; `None` if no
/// number starts there (or `start` is not a char boundary).
///
/// ```
/// use rasd_arabic::parse_number_at;
/// let t = "في الخامس من آذار";
/// let m = parse_number_at(t, "في ".len()).unwrap();
/// assert_eq!((m.value, m.ordinal, &t[m.start..m.end]), (5.0, true, "الخامس"));
/// let m = parse_number_at("نحو خمسة وعشرين شخصا", 0).unwrap();
/// assert_eq!((m.value, m.approximate), (25.0, true));
/// ```
pub fn parse_number_at(text: &str, start: usize) -> Option<NumberMatch> {
    let rest = text.get(start..)?;
    let mut toks = Toks::default();
    fold_tokens(rest, tokens(rest).take(16), &mut toks);
    for t in &mut toks.toks {
        t.start += start;
        t.end += start;
    }
    Parser {
        toks: &toks.toks,
        all: &toks,
    }
    .expression(0, true)
    .map(|(m, _)| m)
}

/// Parse a whole string as one number expression ("الحادي والعشرين", "ثلاثة آلاف", "١٥"):
/// `Some` only if the expression covers every token of `s`.
pub fn parse_number_words(s: &str) -> Option<NumberMatch> {
    let mut toks = Toks::default();
    fold_tokens(s, tokens(s), &mut toks);
    let (m, next) = Parser {
        toks: &toks.toks,
        all: &toks,
    }
    .expression(0, true)?;
    (next == toks.toks.len()).then_some(m)
}

/// Value of a single number word if it is a cardinal (1–10, tens, hundreds, scales) or an
/// ordinal (1–10), with clitics allowed ("وثلاثة", "الخامس"): `(value, is_ordinal)`.
pub fn number_word_value(word: &str) -> Option<(f64, bool)> {
    let mut w = String::new();
    fold_word_into(word, &mut w);
    let (e, _, _) = lookup(&w)?;
    match e.kind {
        WordKind::Unit | WordKind::Tens | WordKind::Hundred | WordKind::Scale => {
            Some((e.value, false))
        }
        WordKind::Ordinal => Some((e.value, true)),
        _ => None,
    }
}

/// Fill `doc.numbers` with the cardinal numbers of the text (digits, number words, vague
/// quantities, ranges, approximations). Uses `doc.tokens` if present, else tokenizes.
/// Replaces any previous `numbers` layer. Never fails.
pub fn tag_numbers(doc: &mut Document) {
    let text = doc.text.as_str();
    let mut all = Toks {
        toks: Vec::with_capacity(doc.tokens.len()),
        buf: String::with_capacity(text.len()),
    };
    let mut sentence_of: Vec<u32> = Vec::new();
    if doc.tokens.is_empty() {
        fold_tokens(text, tokens(text), &mut all);
    } else {
        let valid = doc
            .tokens
            .iter()
            .filter(|t| text.get(t.span.range()).is_some())
            .map(|t| (t.span.start as usize, t.span.end as usize, t.kind));
        fold_tokens(text, valid, &mut all);
    }
    let toks = &all.toks;
    // Numbers never cross sentence boundaries.
    if !doc.sentences.is_empty() {
        sentence_of = toks
            .iter()
            .map(|t| {
                doc.sentence_at(t.start as u32)
                    .map_or(u32::MAX, |s| s as u32)
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let folded = all.folded(i);
        // Quick rejection: only numbers and words that can start a number expression.
        let candidate = match t.kind {
            TokenKind::Number => true,
            TokenKind::Word => {
                lexicon().phrase_heads.contains(folded)
                    || folded
                        .strip_prefix(['و', 'ف'])
                        .is_some_and(|s| lexicon().phrase_heads.contains(s))
                    || lookup(folded).is_some()
            }
            _ => false,
        };
        if candidate {
            let end = if sentence_of.is_empty() {
                toks.len()
            } else {
                let s = sentence_of[i];
                i + sentence_of[i..].iter().take_while(|&&x| x == s).count()
            };
            let p = Parser {
                toks: &toks[..end],
                all: &all,
            };
            if let Some((m, next)) = p.expression(i, false) {
                out.push(NumberAnn {
                    span: Span::new(m.start, m.end),
                    value: m.value,
                    max: m.max,
                    approximate: m.approximate,
                });
                i = next;
                continue;
            }
            if t.kind == TokenKind::Number && p.in_date_chain(i) {
                // skip the whole chain
                while i + 1 < end && p.in_date_chain(i + 1) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    doc.numbers = out;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nums(s: &str) -> Vec<(String, f64, Option<f64>, bool)> {
        let mut d = Document::new("t", s);
        tag_numbers(&mut d);
        d.numbers
            .iter()
            .map(|n| {
                (
                    d.span_text(n.span).to_string(),
                    n.value,
                    n.max,
                    n.approximate,
                )
            })
            .collect()
    }

    fn one(s: &str) -> (f64, Option<f64>, bool) {
        let v = nums(s);
        assert_eq!(v.len(), 1, "{s}: {v:?}");
        (v[0].1, v[0].2, v[0].3)
    }

    #[test]
    fn digits() {
        assert_eq!(parse_digits("1,500"), Some(1500.0));
        assert_eq!(parse_digits("3.5"), Some(3.5));
        assert_eq!(parse_digits("٣٫٥"), Some(3.5));
        assert_eq!(parse_digits("١٢٬٠٠٠"), Some(12000.0));
        assert_eq!(parse_digits("1,5"), Some(1.5));
        assert_eq!(one("قتل ١٥ مدنيا"), (15.0, None, false));
        assert_eq!(one("نزح 3 آلاف شخص"), (3000.0, None, false));
        assert_eq!(one("خسائر بقيمة 1.5 مليون"), (1_500_000.0, None, false));
    }

    #[test]
    fn ranges_and_dates() {
        assert_eq!(one("أصيب 3-4 عناصر"), (3.0, Some(4.0), false));
        assert_eq!(one("ما بين 3 إلى 4 جرحى"), (3.0, Some(4.0), false));
        assert_eq!(one("بين 10 و 12 قتيلا"), (10.0, Some(12.0), false));
        assert_eq!(one("بين ثلاثة وخمسة قتلى"), (3.0, Some(5.0), false));
        assert_eq!(one("ثلاثة أو أربعة"), (3.0, Some(4.0), false));
        assert!(nums("في 5/3/2020 و 2020-03-05 الساعة 8:30").is_empty());
    }

    #[test]
    fn words() {
        assert_eq!(one("قتل ثلاثة مدنيين"), (3.0, None, false));
        assert_eq!(one("وثلاث نساء"), (3.0, None, false));
        assert_eq!(one("أحد عشر عنصرا"), (11.0, None, false));
        assert_eq!(one("اثنا عشر"), (12.0, None, false));
        assert_eq!(one("خمسة عشر"), (15.0, None, false));
        assert_eq!(one("خمسة وعشرون"), (25.0, None, false));
        assert_eq!(one("مئة وخمسون"), (150.0, None, false));
        assert_eq!(one("ثلاثمئة"), (300.0, None, false));
        assert_eq!(one("ثلاث مئة"), (300.0, None, false));
        assert_eq!(one("ألف وخمسمئة"), (1500.0, None, false));
        assert_eq!(one("ثلاثة آلاف"), (3000.0, None, false));
        assert_eq!(one("عشرة آلاف"), (10000.0, None, false));
        assert_eq!(one("خمسة وعشرين ألفا"), (25000.0, None, false));
        assert_eq!(one("مئة ألف"), (100000.0, None, false));
        assert_eq!(one("ألفين"), (2000.0, None, false));
        assert_eq!(one("الثلاثة"), (3.0, None, false));
        assert!(nums("يوم الاثنين").is_empty());
        assert_eq!(one("ارتفع 50 بالمئة"), (50.0, None, false));
        assert_eq!(one("خمسة في المائة"), (5.0, None, false));
        assert!(nums("أحد المقاتلين").is_empty());
        assert!(
            nums("الخامس من آذار").is_empty(),
            "ordinals are not in the layer"
        );
    }

    #[test]
    fn vague_and_approximate() {
        assert_eq!(one("سقوط عشرات الضحايا"), (20.0, None, true));
        assert_eq!(one("بعشرات القذائف"), (20.0, None, true));
        assert_eq!(one("عشرات الآلاف"), (20000.0, None, true));
        assert_eq!(one("أكثر من عشرين قتيلا"), (20.0, None, true));
        assert_eq!(one("قرابة مئة"), (100.0, None, true));
        assert_eq!(one("نحو 15 عنصرا"), (15.0, None, true));
        assert_eq!(one("بضعة أشخاص"), (3.0, Some(9.0), true));
        assert_eq!(one("عدد من المدنيين"), (3.0, None, true));
        assert_eq!(one("ما لا يقل عن 7"), (7.0, None, true));
        assert_eq!(one("آلاف النازحين"), (2000.0, None, true));
        assert_eq!(one("15 تقريبا"), (15.0, None, true));
        let v = nums("قتل نحو 15 عنصرا");
        assert_eq!(v[0].0, "نحو 15");
    }

    #[test]
    fn ordinals_for_dates() {
        let p = |s: &str| parse_number_words(s).map(|m| (m.value, m.ordinal));
        assert_eq!(p("الخامس"), Some((5.0, true)));
        assert_eq!(p("الأول"), Some((1.0, true)));
        assert_eq!(p("الحادي عشر"), Some((11.0, true)));
        assert_eq!(p("الخامس عشر"), Some((15.0, true)));
        assert_eq!(p("الحادي والعشرين"), Some((21.0, true)));
        assert_eq!(p("العشرين"), Some((20.0, true)));
        assert_eq!(p("الثلاثين"), Some((30.0, true)));
        assert_eq!(p("ثلاثة"), Some((3.0, false)));
        assert_eq!(p("خمسة قتلى"), None);
        assert_eq!(number_word_value("وخمسة"), Some((5.0, false)));
        assert_eq!(number_word_value("السابع"), Some((7.0, true)));
        assert_eq!(number_word_value("قتلى"), None);
    }
}
