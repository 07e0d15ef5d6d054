//! HTML character references (`&amp;`, `&#1575;`, `&#x627;`, common named ones).

/// Append `s` to `out`, decoding character references. Unknown or malformed
/// references are kept literally (never fails).
pub fn decode_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'&', &b[i..]) {
        let amp = i + off;
        i = amp + 1;
        if let Some((ch, len)) = reference_at(&b[amp + 1..]) {
            out.push_str(&s[last..amp]);
            let Decoded::One(c) = ch;
            out.push(c);
            i = amp + 1 + len;
            last = i;
        }
    }
    out.push_str(&s[last..]);
}

enum Decoded {
    One(char),
}

/// Parse a reference after `&`; returns the decoded char(s) and the bytes consumed (including `;`).
fn reference_at(b: &[u8]) -> Option<(Decoded, usize)> {
    if b.first() == Some(&b'#') {
        let (hex, start) = match b.get(1) {
            Some(b'x') | Some(b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut v: u32 = 0;
        let mut j = start;
        while j < b.len() && j < start + 8 {
            let d = match (hex, b[j]) {
                (_, c @ b'0'..=b'9') => (c - b'0') as u32,
                (true, c @ b'a'..=b'f') => (c - b'a' + 10) as u32,
                (true, c @ b'A'..=b'F') => (c - b'A' + 10) as u32,
                _ => break,
            };
            v = v * if hex { 16 } else { 10 } + d;
            j += 1;
        }
        if j == start {
            return None;
        }
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        let c = match v {
            0 => '\u{FFFD}',
            // windows-1252 C1 range, as browsers do
            0x80..=0x9F => win1252_c1(v),
            _ => char::from_u32(v).unwrap_or('\u{FFFD}'),
        };
        return Some((Decoded::One(c), j));
    }
    let mut j = 0;
    while j < b.len() && j < 12 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    if j == 0 {
        return None;
    }
    let name = std::str::from_utf8(&b[..j]).ok()?;
    let has_semi = b.get(j) == Some(&b';');
    let d = named(name)?;
    // Without `;` only the classic few are recognised (as browsers do for legacy pages).
    if !has_semi && !matches!(name, "amp" | "lt" | "gt" | "quot" | "nbsp" | "copy" | "reg") {
        return None;
    }
    Some((d, j + has_semi as usize))
}

fn win1252_c1(v: u32) -> char {
    const T: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    char::from_u32(T[(v - 0x80) as usize]).unwrap_or('\u{FFFD}')
}

fn named(name: &str) -> Option<Decoded> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "Dagger" => '‡',
        "prime" => '′',
        "Prime" => '″',
        "shy" => '\u{AD}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "iexcl" => '¡',
        "iquest" => '¿',
        "ordf" => 'ª',
        "ordm" => 'º',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "micro" => 'µ',
        "acute" => '´',
        "uml" => '¨',
        "cedil" => '¸',
        "larr" => '←',
        "rarr" => '→',
        "uarr" => '↑',
        "darr" => '↓',
        "hearts" => '♥',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "szlig" => 'ß',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        "oelig" => 'œ',
        "OElig" => 'Œ',
        "scaron" => 'š',
        "Scaron" => 'Š',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "pi" => 'π',
        "mu" => 'μ',
        "minus" => '−',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "infin" => '∞',
        "check" => '✓',
        "star" => '☆',
        "colon" => ':',
        "comma" => ',',
        "period" => '.',
        "excl" => '!',
        "quest" => '?',
        "num" => '#',
        "dollar" => '$',
        "percnt" => '%',
        "lpar" => '(',
        "rpar" => ')',
        "ast" => '*',
        "plus" => '+',
        "sol" => '/',
        "semi" => ';',
        "equals" => '=',
        "lsqb" => '[',
        "rsqb" => ']',
        "lowbar" => '_',
        "verbar" => '|',
        "vert" => '|',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    };
    Some(Decoded::One(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        let mut o = String::new();
        decode_into(s, &mut o);
        o
    }

    #[test]
    fn references() {
        assert_eq!(d("a &amp; b &lt;c&gt;"), "a & b <c>");
        assert_eq!(d("&#1602;&#x635;&#X641;"), "قصف");
        assert_eq!(d("&nbsp&copy 2020"), "\u{A0}© 2020");
        assert_eq!(d("AT&T &unknown; &"), "AT&T &unknown; &");
        assert_eq!(d("&#0;&#x110000;&#150;"), "\u{FFFD}\u{FFFD}–");
        assert_eq!(d("&#"), "&#");
    }
}
