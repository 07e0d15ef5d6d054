//! Streaming WARC reader (WARC/1.0 and 1.1, plain or gzip-compressed by the caller).
//!
//! Reads one record at a time from a buffered reader: never holds more than one record
//! in memory. `response` records with an HTTP 200 HTML payload become [`Body::Html`]
//! records; `resource` records with an HTML content type too. `warcinfo`, `request`,
//! `metadata`, `revisit` and `conversion` records are skipped silently; responses that are
//! not HTML, not 200 or too large are reported as [`IngestError::Skipped`].

use std::io::{self, BufRead, Read};

use crate::detect::{detect_kind, InputKind};
use crate::http;
use crate::paths::{read_error, Input, Options};
use crate::{normalize_date, Body, IngestError, Record, Records, SkipReason};

/// Longest header line accepted; longer lines are cut.
const MAX_LINE: usize = 64 * 1024;
/// Most header lines in one WARC record header.
const MAX_HEADERS: usize = 1000;

pub(crate) fn read(input: String, r: Input, opts: &Options) -> Records {
    Box::new(WarcIter {
        input,
        r,
        n: 0,
        done: false,
        max: opts.max_record_bytes,
        queued: None,
    })
}

struct WarcIter {
    input: String,
    r: Input,
    /// Number of the last record started (1-based).
    n: usize,
    done: bool,
    max: u64,
    /// A record read ahead, returned by the next call.
    queued: Option<Result<Record, IngestError>>,
}

/// Reads one line (up to `\n`), keeping at most `MAX_LINE` bytes of it.
/// Returns the number of bytes consumed (0 at EOF).
fn read_line(r: &mut Input, line: &mut Vec<u8>) -> io::Result<usize> {
    line.clear();
    let mut total = 0;
    loop {
        let buf = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(total);
        }
        let (used, found) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        let room = MAX_LINE.saturating_sub(line.len());
        line.extend_from_slice(&buf[..used.min(room)]);
        r.consume(used);
        total += used;
        if found {
            return Ok(total);
        }
    }
}

fn trim(b: &[u8]) -> &[u8] {
    b.trim_ascii()
}

impl WarcIter {
    fn name(&self) -> String {
        format!("{}#{}", self.input, self.n)
    }

    fn fail(&mut self, e: IngestError) -> Option<Result<Record, IngestError>> {
        self.done = true;
        Some(Err(e))
    }

    /// Skips `len` bytes of record block; false if the input ended first.
    fn discard(&mut self, len: u64) -> io::Result<bool> {
        let copied = io::copy(&mut (&mut self.r).take(len), &mut io::sink())?;
        Ok(copied == len)
    }
}

impl Iterator for WarcIter {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(item) = self.queued.take() {
            return Some(item);
        }
        let mut line = Vec::new();
        let mut garbage = 0usize;
        loop {
            if self.done {
                return None;
            }
            // Version line, skipping blank lines (the CRLF CRLF after each block).
            match read_line(&mut self.r, &mut line) {
                Ok(0) => {
                    self.done = true;
                    if garbage > 0 {
                        self.n += 1;
                        let name = self.name();
                        return Some(Err(IngestError::malformed(
                            name,
                            format!("{garbage} lines of non-WARC data at the end"),
                        )));
                    }
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    let e = read_error(format!("{}#{}", self.input, self.n + 1), e, true);
                    return self.fail(e);
                }
            }
            let l = trim(&line);
            if l.is_empty() {
                continue;
            }
            if !l.starts_with(b"WARC/") {
                // Not at a record start: resynchronise on the next "WARC/" line.
                garbage += 1;
                continue;
            }
            self.n += 1;
            if garbage > 0 {
                // Report the junk first, then the record that follows it.
                let e = IngestError::malformed(
                    self.name(),
                    format!("{garbage} lines of non-WARC data before this record"),
                );
                self.queued = self.read_record();
                return Some(Err(e));
            }
            match self.read_record() {
                Some(item) => return Some(item),
                None => continue,
            }
        }
    }
}

impl WarcIter {
    /// Reads the headers and block of the record whose version line was just read.
    /// `None` = a record that is skipped silently (not a document).
    fn read_record(&mut self) -> Option<Result<Record, IngestError>> {
        let name = self.name();
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut line = Vec::new();
        // Header lines read, continuation lines included (they grow the previous header).
        let mut lines = 0usize;
        loop {
            match read_line(&mut self.r, &mut line) {
                Ok(0) => {
                    return self.fail(IngestError::skipped(
                        name,
                        SkipReason::Truncated,
                        "WARC input ends inside a record header",
                    ))
                }
                Ok(_) => {}
                Err(e) => return self.fail(read_error(name, e, true)),
            }
            let l = trim(&line);
            if l.is_empty() {
                break;
            }
            lines += 1;
            if lines > MAX_HEADERS {
                return self.fail(IngestError::malformed(
                    name,
                    format!("more than {MAX_HEADERS} WARC header lines"),
                ));
            }
            if line.first().is_some_and(|&b| b == b' ' || b == b'\t') {
                if let Some((_, v)) = headers.last_mut() {
                    v.push(' ');
                    v.push_str(&String::from_utf8_lossy(l));
                }
                continue;
            }
            let l = String::from_utf8_lossy(l);
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let get = |k: &str| {
            headers
                .iter()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.as_str())
        };
        let Some(len) = get("content-length").and_then(|v| v.parse::<u64>().ok()) else {
            return self.fail(IngestError::malformed(
                name,
                "WARC record without a valid Content-Length; cannot find the next record",
            ));
        };
        let wtype = get("warc-type").unwrap_or_default().to_ascii_lowercase();
        let is_doc = wtype == "response" || wtype == "resource";
        if !is_doc || len > self.max {
            return match self.discard(len) {
                Ok(true) if !is_doc => None,
                Ok(true) => Some(Err(IngestError::skipped(
                    name,
                    SkipReason::TooLarge,
                    format!(
                        "WARC {wtype} record of {len} bytes exceeds the {} byte limit",
                        self.max
                    ),
                ))),
                Ok(false) => self.fail(IngestError::skipped(
                    name,
                    SkipReason::Truncated,
                    format!("WARC input ends inside a record block (Content-Length {len})"),
                )),
                Err(e) => self.fail(read_error(name, e, true)),
            };
        }
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) if (n as u64) < len => {
                return self.fail(IngestError::skipped(
                    name,
                    SkipReason::Truncated,
                    format!("WARC input ends inside a record block ({n} of {len} bytes)"),
                ))
            }
            Ok(_) => {}
            Err(e) => return self.fail(read_error(name, e, true)),
        }
        let url = get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let fetched = get("warc-date").map(|d| normalize_date(d).unwrap_or_else(|| d.to_string()));
        let warc_ctype = get("content-type").unwrap_or_default().to_ascii_lowercase();
        if url.as_deref().is_some_and(|u| u.starts_with("dns:")) {
            return None; // DNS lookups recorded by crawlers
        }
        // A `response` holds an HTTP message unless the WARC header says otherwise.
        let is_http = warc_ctype.is_empty() || warc_ctype.starts_with("application/http");
        let result = if wtype == "response" && is_http {
            response_record(&name, block, self.max)
        } else {
            let (mime, charset) = http::content_type(get("content-type").unwrap_or_default());
            if is_html(&mime, &block) {
                let mut rec = Record::new(name.clone(), Body::Html(block));
                rec.charset = charset;
                Ok(rec)
            } else {
                Err(IngestError::skipped(
                    name,
                    SkipReason::NotHtml,
                    format!("resource of type {mime:?}"),
                ))
            }
        };
        Some(result.map(|mut rec| {
            rec.url = url;
            rec.fetched = fetched;
            rec
        }))
    }
}

/// Is this media type (or, when there is none, this content) HTML?
fn is_html(mime: &str, body: &[u8]) -> bool {
    match mime {
        "text/html" | "application/xhtml+xml" | "application/xhtml" => true,
        "" | "application/octet-stream" | "unknown/unknown" => {
            detect_kind(&body[..body.len().min(4096)], None) == InputKind::Html
        }
        _ => false,
    }
}

fn response_record(name: &str, mut block: Vec<u8>, max: u64) -> Result<Record, IngestError> {
    let resp = http::parse_response(&block).map_err(|m| IngestError::malformed(name, m))?;
    let status = resp.status;
    if (300..400).contains(&status) {
        let to = resp.header("location").unwrap_or("?");
        return Err(IngestError::skipped(
            name,
            SkipReason::Redirect,
            format!("HTTP {status} to {to}"),
        ));
    }
    if status != 200 {
        return Err(IngestError::skipped(
            name,
            SkipReason::HttpStatus,
            format!("HTTP {status}"),
        ));
    }
    let (mime, charset) = http::content_type(resp.header("content-type").unwrap_or_default());
    let chunked = resp
        .header("transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let encoding = resp
        .header("content-encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .filter(|e| !matches!(e.as_str(), "" | "identity" | "none"));
    let body_start = resp.body_start;
    let dechunked = if chunked {
        match http::dechunk(resp.body, max) {
            Some(Ok(b)) => Some(b),
            Some(Err(m)) => return Err(IngestError::skipped(name, SkipReason::TooLarge, m)),
            None => None, // stored already de-chunked
        }
    } else {
        None
    };
    // The payload as stored, without copying the block when nothing has to be undone.
    let mut body = match dechunked {
        Some(b) => b,
        None => {
            block.drain(..body_start);
            block
        }
    };
    if let Some(enc) = encoding {
        body = match http::decode_content(&enc, &body, max) {
            Ok(Some(b)) => b,
            Ok(None) => {
                return Err(IngestError::skipped(
                    name,
                    SkipReason::Unsupported,
                    format!("Content-Encoding {enc:?} not supported"),
                ))
            }
            Err(m) if m.contains("larger than") => {
                return Err(IngestError::skipped(name, SkipReason::TooLarge, m))
            }
            Err(m) => return Err(IngestError::malformed(name, m)),
        };
    }
    if !is_html(&mime, &body) {
        return Err(IngestError::skipped(
            name,
            SkipReason::NotHtml,
            format!("content type {mime:?}"),
        ));
    }
    if body.trim_ascii().is_empty() {
        return Err(IngestError::skipped(
            name,
            SkipReason::Empty,
            "HTTP 200 with an empty body",
        ));
    }
    let mut rec = Record::new(name, Body::Html(body));
    rec.charset = charset;
    Ok(rec)
}
