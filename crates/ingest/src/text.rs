//! Text decoding: UTF-8 (with or without BOM), UTF-16 with BOM, or a legacy encoding
//! guessed by `chardetng` (windows-1256 for Arabic, among others).

use encoding_rs::Encoding;

use crate::Record;

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
    if damaged_utf8(bytes, false).is_some() {
        // UTF-8 with a few bad bytes (a stray byte, a cut at the end): keep it UTF-8.
        return (
            String::from_utf8_lossy(bytes).into_owned(),
            encoding_rs::UTF_8,
            true,
        );
    }
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let enc = det.guess(None, false);
    let (s, had_errors) = enc.decode_without_bom_handling(bytes);
    (s.into_owned(), enc, had_errors)
}

/// Bytes of `bytes` that are not part of valid UTF-8 (a sequence cut by the end counts), and
/// the number of valid multi-byte characters.
fn utf8_stats(mut bytes: &[u8]) -> (usize, usize) {
    let (mut invalid, mut multi) = (0usize, 0usize);
    let count_multi = |s: &[u8]| s.iter().filter(|&&b| b >= 0xC0).count();
    loop {
        match std::str::from_utf8(bytes) {
            Ok(_) => return (invalid, multi + count_multi(bytes)),
            Err(e) => {
                let good = e.valid_up_to();
                multi += count_multi(&bytes[..good]);
                match e.error_len() {
                    Some(n) => {
                        invalid += n;
                        bytes = &bytes[good + n..];
                    }
                    None => return (invalid + bytes.len() - good, multi),
                }
            }
        }
    }
}

/// Whether the first 4 KiB declare UTF-8 in a `charset=` attribute (a `<meta>` tag, roughly).
fn declares_utf8(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect();
    let mut rest = &head[..];
    while let Some(i) = rest.windows(7).position(|w| w == b"charset") {
        let after = &rest[i + 7..];
        let v: Vec<u8> = after
            .iter()
            .copied()
            .skip_while(|b| b.is_ascii_whitespace())
            .collect();
        if let Some(v) = v.strip_prefix(b"=") {
            let v: Vec<u8> = v
                .iter()
                .copied()
                .skip_while(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
                .collect();
            if v.starts_with(b"utf-8") || v.starts_with(b"utf8") {
                return true;
            }
        }
        rest = after;
    }
    false
}

/// When `bytes` are UTF-8 with a few damaged bytes, the number of those bytes; `None` when they
/// are valid UTF-8 or look like another encoding. Damaged means: at most one bad byte per ten
/// valid multi-byte characters, or, for a page declared UTF-8 (`declared`, or a `charset=utf-8`
/// in its head), at most 16 bad bytes or one per two valid multi-byte characters. Legacy
/// Arabic encodings (windows-1256, ISO-8859-6) are practically never valid UTF-8, so their
/// bad bytes far outnumber valid sequences.
pub fn damaged_utf8(bytes: &[u8], declared: bool) -> Option<usize> {
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let (bad, multi) = utf8_stats(bytes);
    let declared = declared || declares_utf8(bytes);
    let ok = (multi > 0 && multi >= 10 * bad) || (declared && (bad <= 16 || multi >= 2 * bad));
    ok.then_some(bad)
}

/// Keeps an HTML record that is UTF-8 with a few damaged bytes (declared by the transport, a
/// BOM or its `<meta>`, or valid UTF-8 but for those bytes) UTF-8: the bad bytes become U+FFFD
/// and a warning counts them. Without this, one stray byte made the whole page go to charset
/// detection (and be read as GBK or windows-1252).
pub fn repair_record(rec: &mut Record) {
    let crate::Body::Html(bytes) = &rec.body else {
        return;
    };
    let bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let transport = rec.charset.as_deref().is_some_and(|c| {
        let c = c.trim().trim_matches('"').to_ascii_lowercase();
        c == "utf-8" || c == "utf8"
    });
    if rec.charset.is_some() && !transport {
        // Another charset declared by the transport: the extractor decides.
        return;
    }
    let Some(bad) = damaged_utf8(bytes, bom || transport) else {
        return;
    };
    let fixed = String::from_utf8_lossy(bytes).into_owned().into_bytes();
    rec.body = crate::Body::Html(fixed);
    rec.warnings.push(format!(
        "encoding: {bad} invalid UTF-8 byte{} replaced with U+FFFD",
        if bad == 1 { "" } else { "s" }
    ));
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

    fn html_record(bytes: Vec<u8>, charset: Option<&str>) -> Record {
        let mut r = Record::new("t.html", crate::Body::Html(bytes));
        r.charset = charset.map(str::to_string);
        r
    }

    fn arabic_page(meta: &str) -> Vec<u8> {
        format!(
            "<html><head>{meta}<title>خبر</title></head><body><p>قالت مصادر محلية إن اشتباكات اندلعت في المدينة صباح اليوم بين مجموعتين مسلحتين.</p></body></html>"
        )
        .into_bytes()
    }

    #[test]
    fn stray_byte_in_declared_utf8_page_stays_utf8() {
        let mut b = arabic_page("<meta charset=\"utf-8\">");
        let at = b.len() / 2;
        // Between two characters (a char boundary after an ASCII space).
        let at = at + b[at..].iter().position(|&c| c == b' ').unwrap_or(0);
        b.insert(at, 0xFF);
        let mut r = html_record(b, None);
        repair_record(&mut r);
        let crate::Body::Html(h) = &r.body else {
            panic!()
        };
        let s = std::str::from_utf8(h).unwrap();
        assert!(s.contains("اشتباكات") && s.contains('\u{FFFD}'), "{s}");
        assert_eq!(
            r.warnings,
            ["encoding: 1 invalid UTF-8 byte replaced with U+FFFD"]
        );
    }

    #[test]
    fn page_cut_mid_character_stays_utf8() {
        let mut b = arabic_page("");
        b.truncate(b.len() - "</p></body></html>".len() - 2); // inside the last Arabic letter
        assert!(std::str::from_utf8(&b).is_err());
        let mut r = html_record(b, None);
        repair_record(&mut r);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].starts_with("encoding: 1 invalid"));
        let crate::Body::Html(h) = &r.body else {
            panic!()
        };
        assert!(std::str::from_utf8(h).unwrap().ends_with("مسلحتي\u{FFFD}"));
    }

    #[test]
    fn legacy_arabic_is_left_to_detection() {
        let text = "قالت مصادر محلية إن اشتباكات اندلعت في المدينة صباح اليوم بين مجموعتين مسلحتين";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        // Even with a wrong UTF-8 declaration, it is not "UTF-8 with a few bad bytes".
        let mut page = b"<meta charset=utf-8><p>".to_vec();
        page.extend_from_slice(&bytes);
        let mut r = html_record(page.clone(), None);
        repair_record(&mut r);
        assert_eq!(r.body, crate::Body::Html(page));
        assert!(r.warnings.is_empty());
        // A transport charset other than UTF-8 is the extractor's business.
        let mut b = arabic_page("");
        b.push(0xFF);
        let mut r = html_record(b.clone(), Some("windows-1256"));
        repair_record(&mut r);
        assert_eq!(r.body, crate::Body::Html(b));
    }

    #[test]
    fn text_with_a_stray_byte_stays_utf8() {
        let mut b = "قصف مدفعي على القرية صباح اليوم وأنباء عن إصابات"
            .as_bytes()
            .to_vec();
        b.insert(0, 0xFF);
        let (s, enc, bad) = decode_text(&b);
        assert_eq!(enc, encoding_rs::UTF_8);
        assert!(bad && s.ends_with("إصابات"), "{s}");
    }
}
