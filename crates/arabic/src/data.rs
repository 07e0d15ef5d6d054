//! Embedded data files plus analyst extensions from `$RASD_DATA`.
//!
//! Every data file is compiled into the binary. If the environment variable `RASD_DATA` names a
//! directory, a file with the same relative path there (e.g. `$RASD_DATA/arabic/numbers.tsv`) is
//! read *in addition* to the embedded one. A missing or unreadable extension file is ignored
//! (a warning goes to stderr once), so lookups never fail.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The embedded clitic exception list (see the file header for its format).
pub const CLITIC_EXCEPTIONS: &str = include_str!("../../../data/arabic/clitic_exceptions.txt");

/// Embedded text of `rel` followed by the analyst extension under `$RASD_DATA`, if any.
pub fn with_extension(rel: &str, embedded: &'static str) -> std::borrow::Cow<'static, str> {
    let Some(dir) = std::env::var_os("RASD_DATA") else {
        return embedded.into();
    };
    let path = std::path::Path::new(&dir).join(rel);
    match std::fs::read_to_string(&path) {
        Ok(extra) => format!("{embedded}\n{extra}").into(),
        Err(e) => {
            if path.exists() {
                eprintln!(
                    "rasd-arabic: ignoring data extension {}: {e}",
                    path.display()
                );
            }
            embedded.into()
        }
    }
}

/// Lines of a data file without comments and surrounding blanks.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// A small fast hasher for short keys (FNV-1a, 64 bit).
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub type FastSet = HashSet<String, BuildHasherDefault<Fnv>>;

/// Exception words for the clitic splitter, normalized.
pub struct Exceptions {
    pub exact: FastSet,
    pub prefixes: FastSet,
    /// Shortest and longest prefix entry, in bytes.
    pub prefix_len: (usize, usize),
    /// Bitset over a 14-bit key of the first two letters of every entry (quick rejection).
    first2: Vec<u64>,
}

/// 14-bit key of the first two chars (exact for letters of U+0600..U+067F).
#[inline]
fn key2(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    if b.len() < 4 {
        return None;
    }
    let k = |lead: u8, cont: u8| (((lead & 1) as usize) << 6) | (cont & 0x3F) as usize;
    Some((k(b[0], b[1]) << 7) | k(b[2], b[3]))
}

/// The clitic exceptions, loaded once.
pub fn exceptions() -> &'static Exceptions {
    static E: OnceLock<Exceptions> = OnceLock::new();
    E.get_or_init(|| {
        let text = with_extension("arabic/clitic_exceptions.txt", CLITIC_EXCEPTIONS);
        let mut exact = FastSet::default();
        let mut prefixes = FastSet::default();
        let mut prefix_len = (usize::MAX, 0);
        for line in data_lines(&text) {
            let (word, is_prefix) = match line.strip_suffix('*') {
                Some(w) => (w, true),
                None => (line, false),
            };
            let key = crate::normalize::fold_word(word);
            if key.is_empty() {
                continue;
            }
            if is_prefix {
                prefix_len = (prefix_len.0.min(key.len()), prefix_len.1.max(key.len()));
                prefixes.insert(key);
            } else {
                exact.insert(key);
            }
        }
        let mut first2 = vec![0u64; (1 << 14) / 64];
        for w in exact.iter().chain(prefixes.iter()) {
            if let Some(k) = key2(w) {
                first2[k / 64] |= 1 << (k % 64);
            }
        }
        Exceptions {
            exact,
            prefixes,
            prefix_len,
            first2,
        }
    })
}

impl Exceptions {
    /// True if `w` (a folded word or word remainder) is listed: exactly, or by a prefix entry.
    pub fn contains(&self, w: &str) -> bool {
        match key2(w) {
            Some(k) if self.first2[k / 64] & (1 << (k % 64)) != 0 => {}
            // Entries have at least two letters: a shorter word can only match exactly.
            None if w.len() < 4 => return self.exact.contains(w),
            _ => return false,
        }
        if self.exact.contains(w) {
            return true;
        }
        let (lo, hi) = self.prefix_len;
        for (i, c) in w.char_indices() {
            let end = i + c.len_utf8();
            if end > hi {
                break;
            }
            if end >= lo && self.prefixes.contains(&w[..end]) {
                return true;
            }
        }
        false
    }
}
