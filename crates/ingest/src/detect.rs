//! Input kind detection from the first bytes of the content.

/// What an input looks like, judged from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputKind {
    /// Nothing (or only whitespace).
    Empty,
    /// gzip stream (possibly multi-member); the decompressed content is sniffed again.
    Gzip,
    /// WARC archive (`WARC/1.0`, `WARC/1.1`).
    Warc,
    /// RSS (0.9x/1.0/2.0) or Atom feed.
    Feed,
    /// JSON lines (first non-blank byte is `{`).
    Jsonl,
    /// An HTML page.
    Html,
    /// Plain text (any encoding).
    Text,
    /// Binary data (images, archives, PDFs, ...).
    Binary,
    /// An old-style ARC web archive (`filedesc://`), not supported: convert it to WARC.
    Arc,
}

/// Guesses the kind of an input from its first bytes (`head`, ideally a few KiB).
/// `ext` (lower-case file extension without the dot) is only used to tell HTML from
/// plain text when the content itself is not conclusive.
pub fn detect_kind(head: &[u8], ext: Option<&str>) -> InputKind {
    if head.starts_with(&[0x1f, 0x8b]) {
        return InputKind::Gzip;
    }
    let s = skip_bom_ws(head);
    // Before the binary check: WARC archives may contain compressed payloads.
    if s.starts_with(b"WARC/") {
        return InputKind::Warc;
    }
    if s.starts_with(b"filedesc://") {
        return InputKind::Arc;
    }
    if has_binary_magic(head) || head.get(257..262) == Some(b"ustar") {
        return InputKind::Binary;
    }
    if s.is_empty() {
        return InputKind::Empty;
    }
    if s[0] == b'{' {
        return InputKind::Jsonl;
    }
    if s[0] == b'<' {
        let lower: Vec<u8> = s
            .iter()
            .take(4096)
            .map(|b| b.to_ascii_lowercase())
            .collect();
        let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
        let html_pos = find(&lower, b"<html");
        let feed_pos = [
            find(&lower, b"<rss"),
            find(&lower, b"<feed"),
            find(&lower, b"<rdf:rdf"),
        ]
        .into_iter()
        .flatten()
        .min();
        match (feed_pos, html_pos) {
            (Some(f), Some(h)) if f < h => return InputKind::Feed,
            (Some(_), None) => return InputKind::Feed,
            _ => {}
        }
        if html_pos.is_some()
            || lower.starts_with(b"<!doctype")
            || has(b"<head")
            || has(b"<body")
            || has(b"<meta")
            || has(b"<div")
            || has(b"<p>")
            || has(b"<title")
        {
            return InputKind::Html;
        }
    }
    if is_binary(head) {
        return InputKind::Binary;
    }
    match ext {
        Some("html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx") => InputKind::Html,
        // JSON lines whose first line is broken: read as JSON lines (that line is reported).
        Some("jsonl" | "ndjson") => InputKind::Jsonl,
        _ => InputKind::Text,
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn skip_bom_ws(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

/// Starts with the magic number of a common binary format.
fn has_binary_magic(head: &[u8]) -> bool {
    const MAGIC: &[&[u8]] = &[
        b"\x89PNG",
        b"GIF8",
        b"\xFF\xD8\xFF",
        b"%PDF",
        b"PK\x03\x04",
        b"BZh",
        b"\xFD7zXZ",
        b"7z\xBC\xAF",
        b"\x28\xB5\x2F\xFD",
        b"RIFF",
        b"\x7FELF",
        b"SQLite format",
    ];
    MAGIC.iter().any(|m| head.starts_with(m))
}

/// Binary if it has NUL bytes (outside UTF-16 text) or many control characters.
fn is_binary(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return false; // UTF-16 with BOM
    }
    let sample = &head[..head.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    control * 20 > sample.len() && control > 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(detect_kind(b"", None), InputKind::Empty);
        assert_eq!(detect_kind(b"  \n ", None), InputKind::Empty);
        assert_eq!(detect_kind(b"\x1f\x8b\x08", None), InputKind::Gzip);
        assert_eq!(detect_kind(b"WARC/1.0\r\n", None), InputKind::Warc);
        assert_eq!(
            detect_kind(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", None),
            InputKind::Feed
        );
        assert_eq!(
            detect_kind(b"<?xml version=\"1.0\"?><feed xmlns=\"x\">", Some("xml")),
            InputKind::Feed
        );
        assert_eq!(
            detect_kind(b"<?xml version=\"1.0\"?><html><body>", None),
            InputKind::Html
        );
        assert_eq!(
            detect_kind(b"\xEF\xBB\xBF{\"a\":1}\n", None),
            InputKind::Jsonl
        );
        assert_eq!(detect_kind(b"<!DOCTYPE html><html>", None), InputKind::Html);
        assert_eq!(detect_kind(b"<div>x</div>", Some("txt")), InputKind::Html);
        assert_eq!(
            detect_kind("نص عربي".as_bytes(), Some("html")),
            InputKind::Html
        );
        assert_eq!(
            detect_kind("نص عربي".as_bytes(), Some("txt")),
            InputKind::Text
        );
        assert_eq!(detect_kind(b"\x89PNG\r\n\x1a\n", None), InputKind::Binary);
        assert_eq!(detect_kind(b"ab\0cd", None), InputKind::Binary);
        assert_eq!(
            detect_kind(b"filedesc://x.arc 0.0.0.0", None),
            InputKind::Arc
        );
        let mut tar = vec![b'a'; 300];
        tar[257..262].copy_from_slice(b"ustar");
        assert_eq!(detect_kind(&tar, None), InputKind::Binary);
    }
}
