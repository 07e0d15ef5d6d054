//! Character classes used by the tokenizer, the sentence splitter and the clitic analyser.

/// Arabic-script letter (base letters, extended letters, presentation forms).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FBB1}' | '\u{FBD3}'..='\u{FD3D}' | '\u{FD50}'..='\u{FDC7}'
        | '\u{FDF0}'..='\u{FDFB}' | '\u{FE70}'..='\u{FEFC}')
}

/// A character that is invisible for matching and glues to the word it is in:
/// harakat, Quranic marks, superscript alef, tatweel, zero-width (non-)joiners,
/// directional marks, soft hyphen. The normalizer deletes exactly these.
#[inline]
pub fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}' | '\u{0640}'
        | '\u{200C}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}'
        | '\u{FEFF}' | '\u{00AD}' | '\u{061C}' | '\u{08CA}'..='\u{08FF}'
        | '\u{0300}'..='\u{036F}')
}

/// Digit value of an ASCII, Arabic-Indic or Extended (Persian/Urdu) Arabic-Indic digit.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[inline]
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Whitespace, including the zero-width space (a word separator).
#[inline]
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}'
}

/// Punctuation (ASCII, Arabic and general punctuation, quotes, dashes).
#[inline]
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{060C}' | '\u{060D}' | '\u{061B}' | '\u{061E}' | '\u{061F}' | '\u{066A}'..='\u{066D}'
            | '\u{06D4}' | '\u{00A1}' | '\u{00A7}' | '\u{00AB}' | '\u{00B6}' | '\u{00B7}' | '\u{00BB}' | '\u{00BF}'
            | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{205E}' | '\u{FD3E}' | '\u{FD3F}'
            | '\u{3001}' | '\u{3002}' | '\u{FE50}'..='\u{FE6B}' | '\u{FF01}'..='\u{FF0F}')
}

/// Sentence-final punctuation: `. ! ? ؟ ؛ ; …` and the Arabic full stop `۔`.
#[inline]
pub fn is_sentence_final(c: char) -> bool {
    matches!(
        c,
        '.' | '!'
            | '?'
            | '\u{061F}'
            | '\u{061B}'
            | ';'
            | '\u{2026}'
            | '\u{06D4}'
            | '\u{3002}'
            | '\u{FF01}'
            | '\u{FF1F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!("قصفﻻپ".chars().all(is_arabic_letter));
        assert!(!is_arabic_letter('\u{064E}') && is_mark('\u{064E}') && is_mark('ـ'));
        assert_eq!(digit_value('٣'), Some(3));
        assert_eq!(digit_value('۷'), Some(7));
        assert!(is_punct('،') && is_punct('«') && is_punct('؟') && !is_punct('ا'));
        assert!(is_sentence_final('؟') && is_sentence_final('؛') && !is_sentence_final('،'));
    }
}
