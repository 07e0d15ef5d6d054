//! Decoding page bytes to text: BOM, transport charset, `<meta charset>` /
//! `http-equiv`, and detection (chardetng) for undeclared or mis-declared pages.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// How the encoding was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Bom,
    Transport,
    Meta,
    Utf8Valid,
    Detected,
}

/// Decode `bytes`. Returns the text, the encoding used, how it was chosen and warnings.
pub fn decode<'a>(
    bytes: &'a [u8],
    transport: Option<&str>,
) -> (Cow<'a, str>, &'static Encoding, Source, Vec<String>) {
    let mut warnings = Vec::new();
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            warnings.push(format!("invalid {} sequences replaced", enc.name()));
        }
        return (text, enc, Source::Bom, warnings);
    }
    let declared_transport =
        transport.and_then(|l| Encoding::for_label(l.trim().trim_matches('"').as_bytes()));
    if transport.is_some() && declared_transport.is_none() {
        warnings.push(format!(
            "unknown transport charset {:?}",
            transport.unwrap_or("")
        ));
    }
    let declared_meta = if declared_transport.is_none() {
        prescan_meta(bytes)
    } else {
        None
    };
    let declared = declared_transport.or(declared_meta);
    let src = if declared_transport.is_some() {
        Source::Transport
    } else {
        Source::Meta
    };

    // Valid UTF-8 with non-ASCII content is UTF-8 whatever the declaration says:
    // a legacy-encoded Arabic page is practically never valid UTF-8.
    let utf8_ok = std::str::from_utf8(bytes).is_ok();
    if utf8_ok {
        if let Some(d) = declared {
            if d != UTF_8 && !d.is_ascii_compatible() {
                // UTF-16 declared without BOM on bytes that are valid UTF-8: trust the bytes.
            } else if d != UTF_8 && !bytes.is_ascii() {
                warnings.push(format!(
                    "declared charset {} but the page is valid UTF-8; decoded as UTF-8",
                    d.name()
                ));
            }
        }
        // from_utf8 succeeded, so this borrows without copying
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => Cow::Borrowed(t),
            Err(_) => String::from_utf8_lossy(bytes),
        };
        return (
            text,
            UTF_8,
            if declared == Some(UTF_8) {
                src
            } else {
                Source::Utf8Valid
            },
            warnings,
        );
    }
    // Declared (or undeclared) UTF-8 with a few broken sequences (a truncated teaser, one
    // pasted byte): still UTF-8. A page in a legacy charset has invalid sequences everywhere.
    if declared.is_none_or(|d| d == UTF_8) && mostly_utf8(bytes) {
        warnings.push("invalid UTF-8 sequences replaced".to_string());
        return (String::from_utf8_lossy(bytes), UTF_8, src, warnings);
    }
    let enc = match declared {
        // Declared UTF-8 but invalid, or a Western charset on what may be Arabic: ask the detector.
        Some(d) if d == UTF_8 || d == WINDOWS_1252 || d.name() == "ISO-8859-1" => {
            let g = detect(bytes);
            if g != d {
                warnings.push(format!(
                    "declared charset {} does not fit the bytes; detected {}",
                    d.name(),
                    g.name()
                ));
            }
            if d == UTF_8 || g.name().starts_with("windows-125") || g.name().starts_with("ISO-8859")
            {
                g
            } else {
                d
            }
        }
        Some(d) => d,
        None => detect(bytes),
    };
    let src = if declared == Some(enc) {
        src
    } else {
        Source::Detected
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        warnings.push(format!("invalid {} sequences replaced", enc.name()));
    }
    (text, enc, src, warnings)
}

/// Valid UTF-8 except for at most 1 broken sequence in 50 well-formed multi-byte ones (and
/// at least 20 of those).
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(t) => {
                good += t.bytes().filter(|&b| b >= 0xC0).count();
                break;
            }
            Err(e) => {
                let (ok, tail) = rest.split_at(e.valid_up_to());
                good += ok.iter().filter(|&&b| b >= 0xC0).count();
                bad += 1;
                if bad > 1000 {
                    return false;
                }
                rest = &tail[e.error_len().unwrap_or(tail.len()).min(tail.len())..];
            }
        }
    }
    good >= 20 && bad * 50 <= good
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new();
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    det.feed(sample, sample.len() == bytes.len());
    det.guess(None, true)
}

/// Look for `<meta charset=...>` or `<meta http-equiv=Content-Type content="...charset=...">`
/// in the first 4 KiB (as browsers do, roughly).
pub fn prescan_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let mut i = 0;
    while let Some(o) = memchr::memmem::find(&head[i..], b"charset") {
        let k = i + o + 7;
        i = k;
        // must be inside a tag that is a meta tag: look back for "<meta" within 512 bytes
        let back = k.saturating_sub(512);
        let Some(lt) = head[back..k]
            .iter()
            .rposition(|&c| c == b'<')
            .map(|p| back + p)
        else {
            continue;
        };
        if !head[lt..]
            .get(..5)
            .is_some_and(|t| t.eq_ignore_ascii_case(b"<meta"))
        {
            continue;
        }
        let mut j = k;
        while j < head.len() && (head[j].is_ascii_whitespace()) {
            j += 1;
        }
        if head.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while j < head.len()
            && (head[j].is_ascii_whitespace() || head[j] == b'"' || head[j] == b'\'')
        {
            j += 1;
        }
        let st = j;
        while j < head.len()
            && (head[j].is_ascii_alphanumeric() || matches!(head[j], b'-' | b'_' | b':' | b'.'))
        {
            j += 1;
        }
        if let Some(enc) = Encoding::for_label(&head[st..j]) {
            // A page that claims UTF-16 in a meta tag is read as UTF-8 (as browsers do).
            return Some(if enc.is_ascii_compatible() {
                enc
            } else {
                UTF_8
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1256_declared_and_undeclared() {
        let text = "<p>قصف مدفعي على مدينة سراقب وأريحا في ريف إدلب الجنوبي، ومقتل ثلاثة مدنيين</p>";
        let (bytes, _, _) = encoding_rs::WINDOWS_1256.encode(text);
        let declared = [b"<meta charset=\"windows-1256\">".as_slice(), &bytes].concat();
        let (t, e, s, _) = decode(&declared, None);
        assert_eq!(e.name(), "windows-1256");
        assert_eq!(s, Source::Meta);
        assert!(t.contains("سراقب"));
        let (t, e, _, _) = decode(&bytes, None);
        assert_eq!(e.name(), "windows-1256");
        assert!(t.contains("سراقب"));
        // a wrong transport label (UTF-8) on windows-1256 bytes is overridden by detection
        let (t, _, _, w) = decode(&bytes, Some("utf-8"));
        assert!(t.contains("سراقب"));
        assert!(!w.is_empty());
    }

    #[test]
    fn utf8_with_a_broken_sequence() {
        let mut page = "<meta charset=utf-8><p>".as_bytes().to_vec();
        for _ in 0..10 {
            page.extend_from_slice(
                "Kolejne organizacje sprzeciwiają się atakom, żółć. ".as_bytes(),
            );
        }
        page.extend_from_slice(b"papieros\xc3...</p>");
        let (t, e, _, w) = decode(&page, None);
        assert_eq!(e, UTF_8);
        assert!(t.contains("sprzeciwiają się"));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn bom_and_utf8() {
        let (t, e, s, _) = decode("\u{FEFF}<p>إدلب</p>".as_bytes(), Some("windows-1256"));
        assert_eq!((e, s), (UTF_8, Source::Bom));
        assert_eq!(t, "<p>إدلب</p>");
        let (t, e, _, w) = decode("<meta charset=iso-8859-1><p>إدلب</p>".as_bytes(), None);
        assert_eq!(e, UTF_8);
        assert!(t.contains("إدلب"));
        assert_eq!(w.len(), 1);
    }
}
