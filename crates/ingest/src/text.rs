//! Text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy encoding
//! guessed by `chardetng` (windows-1256 for Arabic, among others).

use encoding_rs::Encoding;

/// Decodes bytes of unknown encoding to a `String`.
///
/// Order: a BOM wins; then valid UTF-8; otherwise the encoding is guessed with
/// `chardetng` (Arabic legacy text is usually detected as windows-1256). Returns the text,
/// the encoding used and whether malformed sequences had to be replaced with U+FFFD.
pub fn decode_text(bytes: &[u8]) -> (String, &'static Encoding, bool) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (s, had_errors) = enc.decode_without_bom_handling(rest);
        return (s.into_owned(), enc, had_errors);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_owned(), encoding_rs::UTF_8, false);
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, false);
    let (s, had_errors) = enc.decode_without_bom_handling(bytes);
    (s.into_owned(), enc, had_errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_bom() {
        let (s, enc, bad) = decode_text("مرحبا".as_bytes());
        assert_eq!((s.as_str(), enc, bad), ("مرحبا", encoding_rs::UTF_8, false));
        let (s, _, _) = decode_text(b"\xEF\xBB\xBFabc");
        assert_eq!(s, "abc");
    }

    #[test]
    fn windows_1256() {
        let text = "قالت مصادر محلية إن اشتباكات اندلعت في المدينة صباح اليوم بين مجموعتين مسلحتين";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let (s, enc, bad) = decode_text(&bytes);
        assert_eq!(enc, encoding_rs::WINDOWS_1256);
        assert!(!bad);
        assert_eq!(s, text);
    }

    #[test]
    fn short_windows_1256() {
        for text in [
            "قتل شخصان",
            "اشتباكات في المدينة",
            "قصف مدفعي على القرية صباح اليوم",
        ] {
            let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
            let (s, enc, _) = decode_text(&bytes);
            assert_eq!(s, text, "{}", enc.name());
        }
    }
}
