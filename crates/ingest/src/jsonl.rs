//! JSON lines reader: one object per line.
//!
//! `{"url", "html"}` → [`Body::Html`]; `{"id"?, "url"?, "text", "published"?, "title"?,
//! "source"?, "lang"?}` → [`Body::Text`]. Other fields are ignored. Each line is a
//! record numbered by its line number (`path#N`); a bad line yields an error for that
//! line and reading goes on. Blank lines are skipped.

use std::io::{self, BufRead};

use serde_json::Value;

use crate::paths::{read_error, Input, Options};
use crate::{normalize_date, Body, IngestError, Record, Records, SkipReason};

pub(crate) fn read(input: String, r: Input, opts: &Options) -> Records {
    Box::new(JsonlIter {
        input,
        r,
        line_no: 0,
        done: false,
        max: opts.max_record_bytes,
        buf: Vec::new(),
        seen_record: false,
        queued: None,
    })
}

struct JsonlIter {
    input: String,
    r: Input,
    line_no: usize,
    done: bool,
    max: u64,
    buf: Vec<u8>,
    /// A non-blank line has been seen.
    seen_record: bool,
    /// A line read ahead, returned by the next call.
    queued: Option<Result<Record, IngestError>>,
}

/// Reads one line into `buf` (without the newline), keeping at most `max` bytes.
/// Returns (bytes consumed, whether the line was cut).
fn read_capped_line(r: &mut Input, buf: &mut Vec<u8>, max: u64) -> io::Result<(usize, bool)> {
    buf.clear();
    let mut total = 0;
    let mut cut = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((total, cut));
        }
        let (used, found) = match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let data = &chunk[..if found { used - 1 } else { used }];
        let room = (max as usize).saturating_sub(buf.len());
        if data.len() > room {
            cut = true;
        }
        buf.extend_from_slice(&data[..data.len().min(room)]);
        r.consume(used);
        total += used;
        if found {
            return Ok((total, cut));
        }
    }
}

/// The error for a line cut at the `max`-byte limit.
fn too_long(name: String, max: u64) -> IngestError {
    IngestError::skipped(
        name,
        SkipReason::TooLarge,
        format!("JSON line longer than the {max} byte limit"),
    )
}

impl Iterator for JsonlIter {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(q) = self.queued.take() {
            return Some(q);
        }
        loop {
            if self.done {
                return None;
            }
            let res = read_capped_line(&mut self.r, &mut self.buf, self.max);
            self.line_no += 1;
            let name = format!("{}#{}", self.input, self.line_no);
            match res {
                Ok((0, _)) => {
                    self.done = true;
                    return None;
                }
                Ok((_, true)) => return Some(Err(too_long(name, self.max))),
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(read_error(name, e, true)));
                }
            }
            let line = self.buf.trim_ascii();
            let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            let first = !self.seen_record;
            self.seen_record = true;
            if first {
                // A pretty-printed JSON document is not JSON lines: one error, not one per line.
                // A broken first line followed by complete lines is JSON lines with one bad line.
                if let Err(e) = serde_json::from_slice::<Value>(line) {
                    if e.is_eof() {
                        let first_err =
                            IngestError::malformed(name.as_str(), format!("not valid JSON: {e}"));
                        match self.next_line_parses() {
                            Some(next) => {
                                self.queued = Some(next);
                                return Some(Err(first_err));
                            }
                            None => {
                                self.done = true;
                                return Some(Err(IngestError::malformed(
                                    name,
                                    "first line is an incomplete JSON value and so is the next: \
                                     a multi-line JSON document, not JSON lines (one object per line)",
                                )));
                            }
                        }
                    }
                }
            }
            return Some(parse_line(name, line));
        }
    }
}

impl JsonlIter {
    /// Reads the next non-blank line; its record (or error) when it is a complete JSON value,
    /// `None` when it is not (or there is none).
    fn next_line_parses(&mut self) -> Option<Result<Record, IngestError>> {
        loop {
            let res = read_capped_line(&mut self.r, &mut self.buf, self.max);
            self.line_no += 1;
            let name = format!("{}#{}", self.input, self.line_no);
            match res {
                Ok((0, _)) | Err(_) => {
                    self.done = true;
                    return None;
                }
                Ok((_, true)) => return Some(Err(too_long(name, self.max))),
                Ok(_) => {}
            }
            let line = self.buf.trim_ascii();
            if line.is_empty() {
                continue;
            }
            return match serde_json::from_slice::<Value>(line) {
                Ok(_) => Some(parse_line(name, line)),
                Err(_) => None,
            };
        }
    }
}

fn string_field(obj: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => {
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        }
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_line(name: String, line: &[u8]) -> Result<Record, IngestError> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| IngestError::malformed(name.as_str(), format!("not valid JSON: {e}")))?;
    let Value::Object(obj) = value else {
        return Err(IngestError::malformed(name, "JSON line is not an object"));
    };
    let body = match (obj.get("html"), obj.get("text")) {
        (Some(Value::String(h)), _) if !h.trim().is_empty() => Body::Html(h.as_bytes().to_vec()),
        (_, Some(Value::String(t))) if !t.trim().is_empty() => Body::Text(t.clone()),
        (Some(Value::String(_)), _) | (_, Some(Value::String(_))) => {
            return Err(IngestError::skipped(
                name,
                SkipReason::Empty,
                "\"html\"/\"text\" field is empty",
            ))
        }
        _ => {
            return Err(IngestError::malformed(
                name,
                "object has no string \"html\" or \"text\" field",
            ))
        }
    };
    let is_html = matches!(body, Body::Html(_));
    let mut rec = Record::new(name, body);
    if is_html {
        // A JSON string is Unicode, stored here as UTF-8 whatever the page's meta says.
        rec.charset = Some("utf-8".to_string());
    }
    rec.url = string_field(&obj, "url");
    rec.id = string_field(&obj, "id");
    rec.published = string_field(&obj, "published").map(|d| normalize_date(&d).unwrap_or(d));
    rec.title = string_field(&obj, "title");
    rec.source = string_field(&obj, "source");
    rec.lang = string_field(&obj, "lang");
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(data: &str) -> Vec<Result<Record, IngestError>> {
        let input: Input = Box::new(io::Cursor::new(data.as_bytes().to_vec()));
        read("t.jsonl".into(), input, &Options::default()).collect()
    }

    #[test]
    fn mixed_lines() {
        let out = run(concat!(
            "{\"url\":\"http://a.example/1\",\"html\":\"<p>نص</p>\"}\n",
            "\n",
            "{\"id\":7,\"text\":\"نص قصير\",\"published\":\"2026-11-20\",\"title\":\"عنوان\",\"source\":\"وكالة\",\"lang\":\"ar\",\"extra\":[1]}\n",
            "not json\n",
            "[1,2]\n",
            "{\"title\":\"no body\"}\n",
            "{\"text\":\"last, no newline\"}"
        ));
        assert_eq!(out.len(), 6);
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.input, "t.jsonl#1");
        assert_eq!(r.url.as_deref(), Some("http://a.example/1"));
        assert_eq!(r.body, Body::Html("<p>نص</p>".as_bytes().to_vec()));
        let r = out[1].as_ref().unwrap();
        assert_eq!(r.input, "t.jsonl#3");
        assert_eq!(r.id.as_deref(), Some("7"));
        assert_eq!(r.published.as_deref(), Some("2026-11-20"));
        assert_eq!(r.lang.as_deref(), Some("ar"));
        assert_eq!(r.body, Body::Text("نص قصير".into()));
        let e = out[2].as_ref().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.jsonl#4: malformed: not valid JSON"),
            "{e}"
        );
        assert!(out[3].is_err());
        assert!(out[4].is_err());
        assert_eq!(out[5].as_ref().unwrap().input, "t.jsonl#7");
    }

    #[test]
    fn pretty_printed_json_is_one_error() {
        let out = run("{\n  \"text\": \"x\"\n}\n");
        assert_eq!(out.len(), 1);
        assert!(out[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("multi-line JSON"));
    }

    #[test]
    fn broken_first_line_is_one_skipped_line() {
        let out = run("{\"text\": \"cut sho\n{\"text\":\"b\"}\n\n{\"text\":\"c\"}\n");
        assert_eq!(out.len(), 3);
        let e = out[0].as_ref().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("t.jsonl#1: malformed: not valid JSON"),
            "{e}"
        );
        assert_eq!(out[1].as_ref().unwrap().input, "t.jsonl#2");
        assert_eq!(out[2].as_ref().unwrap().body, Body::Text("c".into()));
    }

    #[test]
    fn too_long_line() {
        let data = "{\"text\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}\n{\"text\":\"b\"}\n";
        let input: Input = Box::new(io::Cursor::new(data.as_bytes().to_vec()));
        let opts = Options {
            max_record_bytes: 20,
        };
        let out: Vec<_> = read("t".into(), input, &opts).collect();
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].as_ref().unwrap_err().skip_reason(),
            Some(SkipReason::TooLarge)
        );
        assert_eq!(out[1].as_ref().unwrap().body, Body::Text("b".into()));
    }

    #[test]
    fn invalid_utf8_line() {
        let mut data = b"{\"text\":\"\xff\xfe\"}\n".to_vec();
        data.extend_from_slice(b"{\"text\":\"ok\"}\n");
        let input: Input = Box::new(io::Cursor::new(data));
        let out: Vec<_> = read("t".into(), input, &Options::default()).collect();
        assert!(out[0].is_err());
        assert!(out[1].is_ok());
    }
}
