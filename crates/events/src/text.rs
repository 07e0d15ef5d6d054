//! The matching view of a document: normalized "key" text with a byte map back to the original,
//! its words, and the lexicon hits found in it.

use crate::lexicon::{Kind, Lexicon};
use rasd_arabic::normalize;

/// Characters dropped from the key text (quotes and brackets around names: «الوفاق», "قسد").
#[inline]
fn dropped(c: char) -> bool {
    matches!(c, '"' | '\'' | '`' | '«' | '»' | '“' | '”' | '‘' | '’')
}

/// Key form of a lexicon pattern: the same folding as the document key text.
pub(crate) fn key_form(s: &str) -> String {
    let n = normalize(s);
    let mut out = String::with_capacity(n.text.len());
    for c in n.text.chars() {
        if dropped(c) {
            continue;
        }
        if c.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        out.push(c);
    }
    out.trim().to_string()
}

/// Is `c` part of a word?
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// A word or punctuation token of the key text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub s: u32,
    pub e: u32,
    pub word: bool,
}

/// One lexicon hit in key-text coordinates. `ws` is the start of the word (clitics included).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub ws: u32,
    pub s: u32,
    pub e: u32,
    pub kind: Kind,
}

/// Normalized text plus map to original bytes, tokens and lexicon hits.
pub(crate) struct KeyText {
    pub text: String,
    /// `map[i]` = original byte offset of key byte `i`; `map[len]` = original length.
    map: Vec<u32>,
    pub toks: Vec<Tok>,
    /// `words_before[i]` = word tokens among `toks[..i]` (so counting is O(log n)).
    words_before: Vec<u32>,
    pub hits: Vec<Hit>,
}

/// Proclitic strings allowed before a match inside the same word.
fn clitic_ok(prefix: &str, has_article: bool, needs_l: bool) -> bool {
    let mut p = prefix;
    if needs_l {
        match p.strip_suffix('ل') {
            Some(r) => p = r,
            None => return false,
        }
        return matches!(p, "" | "و" | "ف");
    }
    if !has_article {
        if let Some(r) = p.strip_suffix("ال") {
            p = r;
        }
    }
    matches!(
        p,
        "" | "و" | "ف" | "ب" | "ل" | "ك" | "وب" | "ول" | "وك" | "فب" | "فل" | "فك"
    )
}

impl KeyText {
    pub(crate) fn new(orig: &str, lex: &Lexicon) -> KeyText {
        let n = normalize(orig);
        let mut text = String::with_capacity(n.text.len());
        let mut map: Vec<u32> = Vec::with_capacity(n.text.len() + 1);
        for (j, c) in n.text.char_indices() {
            if dropped(c) {
                continue;
            }
            if c == ' ' && text.ends_with(' ') {
                continue;
            }
            let o = n.orig(j) as u32;
            let before = text.len();
            text.push(c);
            for _ in before..text.len() {
                map.push(o);
            }
        }
        map.push(orig.len() as u32);
        // Tokens.
        let mut toks = Vec::new();
        let mut cur: Option<u32> = None;
        for (i, c) in text.char_indices() {
            if is_word_char(c) {
                if cur.is_none() {
                    cur = Some(i as u32);
                }
                continue;
            }
            if let Some(s) = cur.take() {
                toks.push(Tok {
                    s,
                    e: i as u32,
                    word: true,
                });
            }
            if !c.is_whitespace() {
                toks.push(Tok {
                    s: i as u32,
                    e: (i + c.len_utf8()) as u32,
                    word: false,
                });
            }
        }
        if let Some(s) = cur {
            toks.push(Tok {
                s,
                e: text.len() as u32,
                word: true,
            });
        }
        let mut words_before = Vec::with_capacity(toks.len() + 1);
        let mut nw = 0u32;
        words_before.push(0);
        for t in &toks {
            nw += u32::from(t.word);
            words_before.push(nw);
        }
        let mut kt = KeyText {
            text,
            map,
            toks,
            words_before,
            hits: Vec::new(),
        };
        kt.find_hits(lex);
        // "على" folds to "علي", which is also a given name: keep the name only where the original has ي.
        let orig_b = orig.as_bytes();
        let _ = orig_b;
        let drop: Vec<bool> = kt
            .hits
            .iter()
            .map(|h| {
                h.kind == Kind::Given
                    && &kt.text[h.s as usize..h.e as usize] == "علي"
                    && orig.get(kt.orig(h.s) as usize..).is_some_and(|r| {
                        r.chars().filter(|c| c.is_alphabetic()).nth(2) == Some('ى')
                    })
            })
            .collect();
        let mut i = 0;
        kt.hits.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
        kt
    }

    fn find_hits(&mut self, lex: &Lexicon) {
        let t = self.text.as_str();
        let mut hits = Vec::new();
        for m in lex.ac.find_overlapping_iter(t) {
            let pat = &lex.pats[m.pattern().as_usize()];
            let (s, mut e) = (m.start(), m.end());
            // Right boundary.
            let next_is_word = t[e..].chars().next().is_some_and(is_word_char);
            if pat.prefix {
                while let Some(c) = t[e..].chars().next().filter(|c| is_word_char(*c)) {
                    e += c.len_utf8();
                }
            } else if next_is_word {
                continue;
            }
            // Left boundary: only proclitics between the word start and the match.
            let ws = self.word_start(s);
            if !clitic_ok(&t[ws..s], pat.has_article, pat.needs_l) {
                continue;
            }
            let (ws, s) = if pat.needs_l {
                (ws, s - 'ل'.len_utf8())
            } else {
                (ws, s)
            };
            for &kind in &pat.kinds {
                hits.push(Hit {
                    ws: ws as u32,
                    s: s as u32,
                    e: e as u32,
                    kind,
                });
            }
        }
        hits.sort_by_key(|h| (h.s, std::cmp::Reverse(h.e)));
        self.hits = hits;
    }

    fn word_start(&self, s: usize) -> usize {
        let t = &self.text[..s];
        let mut ws = s;
        for (i, c) in t.char_indices().rev() {
            if is_word_char(c) {
                ws = i;
            } else {
                break;
            }
        }
        ws
    }

    /// Original byte offset of a key byte offset.
    pub(crate) fn orig(&self, i: u32) -> u32 {
        self.map[(i as usize).min(self.map.len() - 1)]
    }

    /// Original byte range of a key range. The end maps to the original position of the
    /// next key character (so trailing diacritics stay inside), trimmed of trailing spaces.
    pub(crate) fn orig_span(&self, s: u32, e: u32, orig: &str) -> (u32, u32) {
        let a = self.orig(s);
        let mut b = if (e as usize) < self.text.len() {
            self.orig(e)
        } else {
            orig.len() as u32
        };
        b = b.max(a);
        // Trim trailing whitespace and punctuation that belongs to the next token.
        let seg = orig.get(a as usize..b as usize).unwrap_or("");
        let trimmed = seg.trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '،' | ','
                        | '.'
                        | ':'
                        | '؛'
                        | ';'
                        | '('
                        | ')'
                        | '-'
                        | '«'
                        | '»'
                        | '"'
                        | '“'
                        | '”'
                )
        });
        b = a + trimmed.len() as u32;
        (a, b)
    }

    /// Key offset of an original byte offset (first key byte at or after it).
    pub(crate) fn key_of(&self, o: u32) -> u32 {
        self.map.partition_point(|&m| m < o) as u32
    }

    /// The hits starting in key range `[a, b]` (hits are sorted by start: a binary search,
    /// not a scan of the whole article's hits).
    pub(crate) fn hits_in(&self, a: u32, b: u32) -> &[Hit] {
        let i = self.hits.partition_point(|h| h.s < a);
        let j = self.hits.partition_point(|h| h.s <= b);
        &self.hits[i..j.max(i)]
    }

    /// The hits lying wholly inside key range `[a, b]`.
    pub(crate) fn hits_within(&self, a: u32, b: u32) -> impl Iterator<Item = &Hit> {
        self.hits_in(a, b).iter().filter(move |h| h.e <= b)
    }

    /// The hits whose word starts where token `t` does (the hits of that word).
    pub(crate) fn hits_of_word(&self, t: &Tok) -> impl Iterator<Item = &Hit> {
        let ws = t.s;
        self.hits_in(t.s, t.e).iter().filter(move |h| h.ws == ws)
    }

    /// Index of the first token starting at or after key offset `p`.
    pub(crate) fn tok_at(&self, p: u32) -> usize {
        self.toks.partition_point(|t| t.s < p)
    }

    /// Index of the token containing key offset `p` (or the first after it).
    pub(crate) fn tok_containing(&self, p: u32) -> usize {
        let i = self.toks.partition_point(|t| t.s <= p);
        if i > 0 && self.toks[i - 1].e > p {
            i - 1
        } else {
            i
        }
    }

    /// Number of word tokens in key range [a, b).
    pub(crate) fn words_between(&self, a: u32, b: u32) -> usize {
        if b <= a {
            return 0;
        }
        let i = self.tok_at(a);
        let j = self.tok_at(b).max(i);
        (self.words_before[j] - self.words_before[i]) as usize
    }

    /// Is there punctuation (a clause break) in key range [a, b)?
    pub(crate) fn punct_between(&self, a: u32, b: u32) -> bool {
        if b <= a {
            return false;
        }
        let i = self.tok_at(a);
        let j = self.tok_at(b);
        self.toks[i..j].iter().any(|t| {
            !t.word
                && matches!(
                    &self.text[t.s as usize..t.e as usize],
                    "," | "." | ";" | ":" | "(" | ")" | "!" | "?"
                )
        })
    }

    pub(crate) fn word(&self, t: &Tok) -> &str {
        &self.text[t.s as usize..t.e as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_form_folds_quotes_and_letters() {
        assert_eq!(key_form("حكومة «الوفاق»"), "حكومه الوفاق");
        assert_eq!(key_form("  إدلب  "), "ادلب");
    }

    #[test]
    fn clitics() {
        assert!(clitic_ok("", false, false));
        assert!(clitic_ok("وبال", false, false));
        assert!(!clitic_ok("وبال", true, false));
        assert!(clitic_ok("ل", true, true));
        assert!(clitic_ok("ول", true, true));
        assert!(!clitic_ok("م", false, false));
    }
}
