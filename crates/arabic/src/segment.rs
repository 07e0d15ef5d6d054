//! Paragraphs, sentences and tokens of a [`Document`].
//!
//! Sentence rules, applied inside each paragraph (sentences never cross a paragraph or a line
//! break):
//! - a sentence ends after `.` `!` `?` `؟` `؛` `;` `…` (or a run of them, e.g. "؟!" or "..."),
//!   together with the closing quotes and brackets right after it;
//! - decimal points and thousands separators are inside number tokens ("8.30", "3.5"), so they
//!   never end a sentence;
//! - a `.` does not end a sentence after a one-letter word or a known abbreviation ("د.", "م.",
//!   "U.S.", "Dr."), nor when a letter or digit follows it without a space ("example.com");
//! - no sentence ends inside a quotation or a bracket that is closed later in the same paragraph
//!   («…», "…", (…), […]), unless the quoted part is longer than [`MAX_PROTECTED_BYTES`].

use crate::chars::is_sentence_final;
use crate::clitics::split;
use crate::normalize::{fold_char, plain_arabic_at};
use crate::tokenize::tokens;
use crate::NormOptions;
use rasd_doc::{Document, Span, Token, TokenKind};

/// A quotation or bracket longer than this (in bytes) may contain sentence ends.
pub const MAX_PROTECTED_BYTES: usize = 600;

/// Latin abbreviations (lower case) after which `.` does not end a sentence.
const ABBREVIATIONS: [&str; 24] = [
    "mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "jr", "sr", "gen", "col", "lt", "sgt",
    "capt", "prof", "inc", "ltd", "co", "maj", "brig", "adm", "rev", "fig",
];

/// Fill `doc.paragraphs` (if empty: one per non-blank line, trimmed), `doc.sentences` and
/// `doc.tokens` (both replaced). Word tokens get their clitic-free `stem` sub-span.
/// Never fails; spans are always valid char ranges of `doc.text`.
pub fn segment(doc: &mut Document) {
    let text = doc.text.as_str();
    if doc.paragraphs.is_empty() {
        doc.paragraphs = paragraphs(text);
    }
    doc.tokens = tokenize_with_stems(text);
    doc.sentences = sentences(text, &doc.paragraphs, &doc.tokens);
}

/// One span per non-blank line, trimmed of whitespace.
pub fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed_start = line.len() - line.trim_start().len();
        let body = line.trim();
        if !body.is_empty() {
            let a = start + trimmed_start;
            out.push(Span::new(a, a + body.len()));
        }
        start += line.len();
    }
    out
}

/// All tokens of `text`, with `stem` spans for Arabic words.
pub fn tokenize_with_stems(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut buf = String::with_capacity(64);
    let mut offs: Vec<u32> = Vec::with_capacity(64);
    for (a, b, kind) in tokens(text) {
        let span = Span::new(a, b);
        let stem = if kind == TokenKind::Word {
            word_stem(text, a, b, &mut buf, &mut offs)
        } else {
            span
        };
        out.push(Token { span, kind, stem });
    }
    out
}

/// The clitic-free sub-span of the word `text[a..b]`.
fn word_stem(text: &str, a: usize, b: usize, buf: &mut String, offs: &mut Vec<u32>) -> Span {
    buf.clear();
    offs.clear();
    let w = &text[a..b];
    let bytes = w.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if plain_arabic_at(bytes, i) {
            buf.push_str(&w[i..i + 2]);
            offs.extend_from_slice(&[(a + i) as u32, (a + i) as u32]);
            i += 2;
            continue;
        }
        let Some(c) = w[i..].chars().next() else {
            break;
        };
        fold_char(c, NormOptions::WORD, &mut |m| {
            buf.push(m);
            while offs.len() < buf.len() {
                offs.push((a + i) as u32);
            }
        });
        i += c.len_utf8();
    }
    let sp = split(buf);
    if sp.pre == 0 && sp.suf == 0 {
        return Span::new(a, b);
    }
    let start = offs.get(sp.pre).map_or(a, |&o| o as usize);
    let end = if sp.suf == 0 {
        b
    } else {
        offs.get(buf.len() - sp.suf).map_or(b, |&o| o as usize)
    };
    if start < end {
        Span::new(start, end)
    } else {
        Span::new(a, b)
    }
}

fn opener(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        '[' => ']',
        '{' => '}',
        '«' => '»',
        '“' => '”',
        '‹' => '›',
        '﴾' => '﴿',
        _ => return None,
    })
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '»' | '”' | '›' | '﴿')
}

/// Sentence spans of `text` given its paragraphs and (sorted) tokens.
pub fn sentences(text: &str, paragraphs: &[Span], toks: &[Token]) -> Vec<Span> {
    let mut out = Vec::with_capacity(toks.len() / 15 + paragraphs.len());
    let mut delta: Vec<i32> = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    for p in paragraphs {
        let lo = toks.partition_point(|t| t.span.start < p.start);
        let hi = toks.partition_point(|t| t.span.start < p.end);
        if lo >= hi {
            continue;
        }
        let pt = &toks[lo..hi];
        // Pass 1: matched quote/bracket pairs of this paragraph → depth changes.
        delta.clear();
        delta.resize(pt.len() + 1, 0);
        stack.clear();
        for (k, t) in pt.iter().enumerate() {
            if t.kind != TokenKind::Punct {
                continue;
            }
            let Some(c) = text.get(t.span.range()).and_then(|s| s.chars().next()) else {
                continue;
            };
            let close = |stack: &mut Vec<(char, usize)>, delta: &mut Vec<i32>, want: char| {
                if let Some(pos) = stack.iter().rposition(|&(w, _)| w == want) {
                    let (_, o) = stack[pos];
                    stack.truncate(pos);
                    if pt[k].span.end.saturating_sub(pt[o].span.start) as usize
                        <= MAX_PROTECTED_BYTES
                    {
                        delta[o + 1] += 1; // inside starts after the opener
                        delta[k] -= 1; // and ends before the closer
                    }
                    true
                } else {
                    false
                }
            };
            if c == '"' {
                if !close(&mut stack, &mut delta, '"') {
                    stack.push(('"', k));
                }
            } else if let Some(want) = opener(c) {
                stack.push((want, k));
            } else if is_closer(c) {
                close(&mut stack, &mut delta, c);
            }
        }
        // Pass 2: split.
        let mut depth = 0i32;
        let mut start: Option<usize> = None;
        let mut k = 0;
        while k < pt.len() {
            depth += delta[k];
            let t = pt[k];
            if let Some(s) = start {
                // a line break inside a paragraph ends the sentence
                if text
                    .get(pt[k - 1].span.end as usize..t.span.start as usize)
                    .is_some_and(|g| g.contains('\n'))
                {
                    out.push(Span::new(
                        pt[s].span.start as usize,
                        pt[k - 1].span.end as usize,
                    ));
                    start = None;
                }
            }
            if start.is_none() {
                start = Some(k);
            }
            if t.kind == TokenKind::Punct && is_boundary(text, pt, k) {
                // absorb following final punctuation and closing quotes/brackets
                let mut e = k;
                let mut d = depth;
                while e + 1 < pt.len() && pt[e + 1].kind == TokenKind::Punct {
                    let c = text
                        .get(pt[e + 1].span.range())
                        .and_then(|s| s.chars().next())
                        .unwrap_or(' ');
                    if is_sentence_final(c) || is_closer(c) || c == '"' {
                        e += 1;
                        d += delta[e];
                    } else {
                        break;
                    }
                }
                // inside a quotation that does not close right here: not an end
                if d <= 0 {
                    if let Some(s) = start.take() {
                        out.push(Span::new(
                            pt[s].span.start as usize,
                            pt[e].span.end as usize,
                        ));
                    }
                    depth = d;
                    k = e + 1;
                    continue;
                }
            }
            k += 1;
        }
        if let Some(s) = start {
            out.push(Span::new(
                pt[s].span.start as usize,
                pt[pt.len() - 1].span.end as usize,
            ));
        }
    }
    out
}

/// Does the punctuation token `pt[k]` end a sentence?
fn is_boundary(text: &str, pt: &[Token], k: usize) -> bool {
    let t = pt[k];
    let s = text.get(t.span.range()).unwrap_or("");
    let Some(c) = s.chars().next() else {
        return false;
    };
    if !is_sentence_final(c) {
        return false;
    }
    if c != '.' || s.len() > 1 {
        return true;
    }
    // A single '.': glued to a following letter/digit → not an end ("example.com", "U.S").
    if let Some(n) = pt.get(k + 1) {
        if n.span.start == t.span.end
            && matches!(
                n.kind,
                TokenKind::Word | TokenKind::Latin | TokenKind::Number
            )
        {
            return false;
        }
    }
    // After a one-letter word or a known abbreviation, glued.
    if k > 0 {
        let p = pt[k - 1];
        if p.span.end == t.span.start && matches!(p.kind, TokenKind::Word | TokenKind::Latin) {
            let w = text.get(p.span.range()).unwrap_or("");
            let letters = w
                .chars()
                .filter(|c| c.is_alphabetic() && !crate::chars::is_mark(*c))
                .count();
            if letters <= 1 {
                return false;
            }
            if p.kind == TokenKind::Latin && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(w))
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<String> {
        let mut d = Document::new("t", text);
        segment(&mut d);
        assert!(d.validate().is_ok());
        d.sentences
            .iter()
            .map(|s| d.span_text(*s).to_string())
            .collect()
    }

    #[test]
    fn splits_on_arabic_and_latin_punctuation() {
        assert_eq!(
            sents("قصفت الطائرات البلدة. ثم انسحبت!"),
            ["قصفت الطائرات البلدة.", "ثم انسحبت!"]
        );
        assert_eq!(
            sents("هل انتهى القصف؟ لا؛ استمر"),
            ["هل انتهى القصف؟", "لا؛", "استمر"]
        );
        assert_eq!(sents("سطر أول\nسطر ثان"), ["سطر أول", "سطر ثان"]);
        assert_eq!(sents("ماذا حدث؟! لا أحد يعلم"), ["ماذا حدث؟!", "لا أحد يعلم"]);
    }

    #[test]
    fn keeps_numbers_and_abbreviations() {
        assert_eq!(
            sents("بدأ القصف الساعة 8.30 صباحا. وانتهى ظهرا."),
            ["بدأ القصف الساعة 8.30 صباحا.", "وانتهى ظهرا."]
        );
        assert_eq!(sents("ارتفع بنسبة 3.5 بالمئة"), ["ارتفع بنسبة 3.5 بالمئة"]);
        assert_eq!(
            sents("قال د. أحمد إن الوضع سيئ."),
            ["قال د. أحمد إن الوضع سيئ."]
        );
        assert_eq!(
            sents("The U.S. army left. Then Dr. Smith came."),
            ["The U.S. army left.", "Then Dr. Smith came."]
        );
        assert_eq!(
            sents("راجع example.com للمزيد"),
            ["راجع example.com للمزيد"]
        );
    }

    #[test]
    fn respects_quotes_and_brackets() {
        assert_eq!(
            sents("قال المصدر: «قصفوا القرية. ثم انسحبوا». وأضاف آخر."),
            ["قال المصدر: «قصفوا القرية. ثم انسحبوا».", "وأضاف آخر."]
        );
        assert_eq!(
            sents("(وهو خبر. غير مؤكد) انتهى. تم"),
            ["(وهو خبر. غير مؤكد) انتهى.", "تم"]
        );
        assert_eq!(
            sents("قال: \"انتهى الأمر.\" ثم غادر."),
            ["قال: \"انتهى الأمر.\"", "ثم غادر."]
        );
        // An unclosed quote protects nothing.
        assert_eq!(sents("قال: «انتهى. ثم غادر."), ["قال: «انتهى.", "ثم غادر."]);
    }

    #[test]
    fn token_stems() {
        let text = "وبالمسلحين للجيش بلدة قواتُها";
        let mut d = Document::new("t", text);
        segment(&mut d);
        let stems: Vec<&str> = d.tokens.iter().map(|t| d.span_text(t.stem)).collect();
        assert_eq!(stems, ["مسلحين", "جيش", "بلدة", "قواتُ"]);
        assert_eq!(d.paragraphs, vec![Span::new(0, text.len())]);
    }

    #[test]
    fn paragraphs_trimmed() {
        let t = "  أ \n\n ب\r\n";
        let p = paragraphs(t);
        assert_eq!(
            p.iter().map(|s| &t[s.range()]).collect::<Vec<_>>(),
            ["أ", "ب"]
        );
    }
}
