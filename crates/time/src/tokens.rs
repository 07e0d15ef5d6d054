//! A tiny tokenizer over *normalized* text (see `rasd_arabic::normalize`):
//! letter runs, ASCII digit runs, single punctuation chars and newlines.
//! Offsets are byte offsets into the normalized text.

/// Token class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TK {
    Word,
    Num,
    Punct(char),
    Newline,
}

#[derive(Debug, Clone, Copy)]
pub struct Tok {
    pub s: u32,
    pub e: u32,
    pub kind: TK,
    /// Value of a digit run (saturating; 0 for other tokens).
    pub num: u32,
    /// Number of digits of a digit run.
    pub ndig: u8,
}

/// Letters: a fast path for ASCII and the Arabic block (the Unicode table
/// lookup behind `char::is_alphabetic` is slow for Arabic).
#[inline]
fn is_letter(c: char) -> bool {
    match c as u32 {
        0x41..=0x5A | 0x61..=0x7A => true,
        0..=0x7F => false,
        0x0621..=0x064A | 0x066E..=0x066F | 0x0671..=0x06D3 | 0x06D5 | 0x06FA..=0x06FF => true,
        0x0600..=0x06FF => false,
        _ => c.is_alphabetic(),
    }
}

/// Split normalized text into tokens. Total: never panics.
pub fn tokenize(t: &str, out: &mut Vec<Tok>) {
    out.clear();
    let b = t.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        let c0 = b[i];
        if c0.is_ascii_digit() {
            let s = i;
            let mut v: u32 = 0;
            while i < b.len() && b[i].is_ascii_digit() {
                v = v.saturating_mul(10).saturating_add((b[i] - b'0') as u32);
                i += 1;
            }
            let nd = (i - s).min(255) as u8;
            out.push(Tok {
                s: s as u32,
                e: i as u32,
                kind: TK::Num,
                num: v,
                ndig: nd,
            });
            continue;
        }
        if c0 == b' ' || c0 == b'\t' || c0 == b'\r' {
            i += 1;
            continue;
        }
        if c0 == b'\n' {
            out.push(Tok {
                s: i as u32,
                e: i as u32 + 1,
                kind: TK::Newline,
                num: 0,
                ndig: 0,
            });
            i += 1;
            continue;
        }
        // Decode one char.
        let Some(c) = t.get(i..).and_then(|r| r.chars().next()) else {
            i += 1;
            continue;
        };
        if is_letter(c) {
            let s = i;
            let mut j = i;
            for ch in t[i..].chars() {
                if is_letter(ch) {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Tok {
                s: s as u32,
                e: j as u32,
                kind: TK::Word,
                num: 0,
                ndig: 0,
            });
            i = j;
        } else if c.is_whitespace() {
            i += c.len_utf8();
        } else {
            let l = c.len_utf8();
            out.push(Tok {
                s: i as u32,
                e: (i + l) as u32,
                kind: TK::Punct(c),
                num: 0,
                ndig: 0,
            });
            i += l;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let mut v = Vec::new();
        tokenize("في 31-8-2022 ال24 ساعه\nب", &mut v);
        let kinds: Vec<TK> = v.iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            vec![
                TK::Word,
                TK::Num,
                TK::Punct('-'),
                TK::Num,
                TK::Punct('-'),
                TK::Num,
                TK::Word,
                TK::Num,
                TK::Word,
                TK::Newline,
                TK::Word
            ]
        );
        assert_eq!(v[5].num, 2022);
        assert_eq!(v[5].ndig, 4);
    }
}
