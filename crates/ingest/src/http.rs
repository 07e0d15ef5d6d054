//! HTTP response parsing for WARC `response` payloads: status line, headers, chunked
//! transfer-encoding and `Content-Encoding: gzip`/`deflate`.

use std::io::Read;

/// A parsed HTTP response (headers only; the body is decoded separately).
#[derive(Debug)]
pub(crate) struct Response<'a> {
    pub status: u16,
    /// Header names lower-cased, values trimmed, in order.
    pub headers: Vec<(String, String)>,
    /// Raw body bytes as stored (maybe chunked and/or compressed).
    pub body: &'a [u8],
    /// Offset of `body` in the block.
    pub body_start: usize,
}

impl Response<'_> {
    /// First value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Parses the status line and headers of an HTTP/1.x response.
pub(crate) fn parse_response(block: &[u8]) -> Result<Response<'_>, String> {
    let (head, body) = split_head(block).ok_or("HTTP header block has no end (no blank line)")?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default().trim();
    let mut parts = status_line.split_whitespace();
    let proto = parts.next().unwrap_or_default();
    if !proto.starts_with("HTTP/") {
        return Err(format!(
            "not an HTTP response: status line {:?}",
            truncate(status_line, 60)
        ));
    }
    let status: u16 = parts
        .next()
        .and_then(|s| s.parse().ok())
        .filter(|s| (100..=999).contains(s))
        .ok_or_else(|| format!("bad HTTP status line {:?}", truncate(status_line, 60)))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((n, v)) = line.split_once(':') {
            headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
    Ok(Response {
        status,
        headers,
        body_start: block.len() - body.len(),
        body,
    })
}

fn truncate(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Splits at the first blank line (`\r\n\r\n` or `\n\n`), scanning only the header.
fn split_head(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut i = 0;
    while let Some(off) = b.get(i..)?.iter().position(|&c| c == b'\n') {
        let nl = i + off;
        let rest = &b[nl + 1..];
        let end = if nl > 0 && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        if rest.starts_with(b"\n") {
            return Some((&b[..end], &rest[1..]));
        }
        if rest.starts_with(b"\r\n") {
            return Some((&b[..end], &rest[2..]));
        }
        i = nl + 1;
    }
    None
}

/// Media type (lower-case, without parameters) and charset parameter of a Content-Type.
pub(crate) fn content_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            let v = v
                .trim()
                .trim_matches(['"', '\''])
                .trim()
                .to_ascii_lowercase();
            (!v.is_empty()).then_some(v)
        } else {
            None
        }
    });
    (mime, charset)
}

/// Decodes a chunked body. Returns `None` if the body does not look chunked (some
/// crawlers store the de-chunked body but keep the header). A missing final chunk is
/// tolerated (the data read so far is returned).
pub(crate) fn dechunk(mut b: &[u8], max: u64) -> Option<Result<Vec<u8>, String>> {
    let mut out = Vec::new();
    let mut first = true;
    loop {
        let Some(nl) = b.iter().position(|&c| c == b'\n') else {
            if first {
                return None;
            }
            return Some(Ok(out));
        };
        let line = std::str::from_utf8(&b[..nl]).ok();
        let size_str = line.map(|l| l.split(';').next().unwrap_or_default().trim());
        let size = match size_str.and_then(|s| {
            (!s.is_empty() && s.len() <= 16).then(|| u64::from_str_radix(s, 16).ok())?
        }) {
            Some(n) => n,
            None if first => return None,
            None => return Some(Ok(out)),
        };
        first = false;
        b = &b[nl + 1..];
        if size == 0 {
            return Some(Ok(out));
        }
        if (out.len() as u64).saturating_add(size) > max {
            return Some(Err(format!("chunked body larger than {max} bytes")));
        }
        let take = (size as usize).min(b.len());
        out.extend_from_slice(&b[..take]);
        b = &b[take..];
        if take < size as usize {
            return Some(Ok(out));
        }
        // CRLF after the chunk data.
        b = b.strip_prefix(b"\r").unwrap_or(b);
        b = b.strip_prefix(b"\n").unwrap_or(b);
    }
}

/// Undoes a Content-Encoding. `Ok(None)` = encoding not supported.
pub(crate) fn decode_content(
    encoding: &str,
    body: &[u8],
    max: u64,
) -> Result<Option<Vec<u8>>, String> {
    let enc = encoding.trim().to_ascii_lowercase();
    let mut out = Vec::new();
    let res = match enc.as_str() {
        "" | "identity" | "none" => return Ok(Some(body.to_vec())),
        "gzip" | "x-gzip" => {
            if !body.starts_with(&[0x1f, 0x8b]) {
                // Already decompressed by the crawler.
                return Ok(Some(body.to_vec()));
            }
            flate2::read::MultiGzDecoder::new(body)
                .take(max.saturating_add(1))
                .read_to_end(&mut out)
        }
        "deflate" => {
            let zlib = flate2::read::ZlibDecoder::new(body)
                .take(max.saturating_add(1))
                .read_to_end(&mut out);
            if zlib.is_ok() {
                zlib
            } else {
                out.clear();
                flate2::read::DeflateDecoder::new(body)
                    .take(max.saturating_add(1))
                    .read_to_end(&mut out)
            }
        }
        _ => return Ok(None),
    };
    match res {
        Ok(_) if out.len() as u64 > max => {
            Err(format!("decompressed body larger than {max} bytes"))
        }
        Ok(_) => Ok(Some(out)),
        Err(e) => Err(format!("cannot decompress {enc} body: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_and_headers() {
        let r = parse_response(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html;\r\n charset=UTF-8\r\nX: y\r\n\r\n<html>",
        )
        .unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.header("content-type"), Some("text/html; charset=UTF-8"));
        assert_eq!(r.body, b"<html>");
        assert_eq!(
            content_type("text/html; charset=\"Windows-1256\""),
            ("text/html".to_string(), Some("windows-1256".to_string()))
        );
        assert!(parse_response(b"GET / HTTP/1.1\r\n\r\n").is_err());
        assert!(parse_response(b"HTTP/1.1 abc\n\n").is_err());
        assert!(parse_response(b"HTTP/1.1 200 OK\r\n").is_err());
        let r = parse_response(b"HTTP/1.0 404 Not Found\nA: b\n\nbody\n\nmore").unwrap();
        assert_eq!((r.status, r.body), (404, b"body\n\nmore".as_slice()));
        assert_eq!(r.header("a"), Some("b"));
    }

    #[test]
    fn chunked() {
        let body = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        assert_eq!(dechunk(body, 100).unwrap().unwrap(), b"hello, world");
        assert!(dechunk(b"<html>", 100).is_none());
        assert_eq!(dechunk(b"5\r\nhel", 100).unwrap().unwrap(), b"hel");
        assert!(dechunk(b"ff\r\nabc", 10).unwrap().is_err());
        assert!(dechunk(b"1\r\na\r\nffffffffffffffff\r\nabc", 10)
            .unwrap()
            .is_err());
    }

    #[test]
    fn gzip() {
        use std::io::Write;
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<p>x</p>").unwrap();
        let gz = enc.finish().unwrap();
        assert_eq!(
            decode_content("gzip", &gz, 100).unwrap().unwrap(),
            b"<p>x</p>"
        );
        assert_eq!(
            decode_content("gzip", b"<p>", 100).unwrap().unwrap(),
            b"<p>"
        );
        assert!(decode_content("gzip", &gz[..gz.len() / 2], 100).is_err());
        assert!(decode_content("gzip", &gz, 3).is_err());
        assert!(decode_content("br", &gz, 100).unwrap().is_none());
    }
}
