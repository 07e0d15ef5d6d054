//! Files and directories: walking, content sniffing and dispatch to the format readers.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use crate::detect::{detect_kind, InputKind};
use crate::{text, Body, IngestError, Record, Records, SkipReason, MAX_RECORD_BYTES};

/// Reading options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Cap on one record's size in bytes (decoded payload); larger records are skipped
    /// with [`SkipReason::TooLarge`]. Default [`MAX_RECORD_BYTES`] (64 MiB).
    pub max_record_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_record_bytes: MAX_RECORD_BYTES,
        }
    }
}

/// A buffered, sendable byte source.
pub(crate) type Input = Box<dyn BufRead + Send>;

/// How many bytes are sniffed to detect the kind of an input.
const SNIFF_BYTES: usize = 8192;
/// Maximum directory nesting (guards against symlink loops).
const MAX_DEPTH: usize = 64;
/// Buffer size for file readers.
const BUF_SIZE: usize = 64 * 1024;

/// File extensions picked up when walking a directory (files named explicitly are
/// always read, whatever their name). Files without an extension are read too.
const WALK_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "txt", "text", "warc", "arc", "gz", "rss", "atom", "xml",
    "jsonl", "ndjson",
];

/// Reads files and directories (recursively, in sorted order, skipping hidden entries)
/// and yields their records lazily. See [`read_paths_with`].
pub fn read_paths(paths: &[PathBuf]) -> Records {
    read_paths_with(paths, Options::default())
}

/// Reads one file or directory. See [`read_paths_with`].
pub fn read_path(path: &Path) -> Records {
    read_paths_with(&[path.to_path_buf()], Options::default())
}

/// Reads files and directories and yields their records lazily.
///
/// Paths are processed in the given order; directories are walked recursively with
/// entries sorted by name; hidden entries (name starting with `.`) and files whose
/// extension is not an input extension (`.html .htm .txt .warc .gz .rss .atom .xml
/// .jsonl .ndjson`, or none) are skipped silently during walks. Each file's kind is
/// detected from its content (see [`detect_kind`]). The path `-` reads standard input
/// (named `<stdin>` in records). Errors are yielded per record/file and the iteration
/// goes on.
pub fn read_paths_with(paths: &[PathBuf], opts: Options) -> Records {
    Box::new(PathsIter {
        pending: paths
            .iter()
            .map(|p| Pending {
                path: p.clone(),
                depth: 0,
                walked: false,
            })
            .collect(),
        current: None,
        opts,
        visited: std::collections::HashSet::new(),
    })
}

/// Identity of a directory: (device, inode) where the platform has them, else its canonical
/// path.
#[cfg(unix)]
type DirId = (u64, u64);
#[cfg(not(unix))]
type DirId = PathBuf;

#[cfg(unix)]
fn dir_id(_path: &Path, meta: &fs::Metadata) -> Option<DirId> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn dir_id(path: &Path, _meta: &fs::Metadata) -> Option<DirId> {
    fs::canonicalize(path).ok()
}

struct Pending {
    path: PathBuf,
    depth: usize,
    /// Found while walking a directory (as opposed to named by the caller).
    walked: bool,
}

struct PathsIter {
    pending: VecDeque<Pending>,
    current: Option<Records>,
    opts: Options,
    /// Directories already walked: a symlink (or a repeated argument) leading back to one is
    /// not followed again, so symlink cycles end.
    visited: std::collections::HashSet<DirId>,
}

impl Iterator for PathsIter {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = &mut self.current {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let p = self.pending.pop_front()?;
            if !p.walked && p.path.as_os_str() == "-" {
                self.current = Some(read_reader_inner(
                    "<stdin>".to_string(),
                    Box::new(io::stdin()),
                    None,
                    &self.opts,
                    0,
                ));
                continue;
            }
            let name = p.path.display().to_string();
            let meta = match fs::metadata(&p.path) {
                Ok(m) => m,
                Err(source) => {
                    return Some(Err(IngestError::Io {
                        input: name,
                        source,
                    }))
                }
            };
            if meta.is_dir() {
                if let Some(id) = dir_id(&p.path, &meta) {
                    if !self.visited.insert(id) {
                        continue;
                    }
                }
                if p.depth >= MAX_DEPTH {
                    return Some(Err(IngestError::malformed(
                        name,
                        format!("directory nested deeper than {MAX_DEPTH} levels (symlink loop?)"),
                    )));
                }
                let entries = match fs::read_dir(&p.path) {
                    Ok(rd) => rd,
                    Err(source) => {
                        return Some(Err(IngestError::Io {
                            input: name,
                            source,
                        }))
                    }
                };
                let mut children = Vec::new();
                let mut first_error = None;
                for entry in entries {
                    match entry {
                        Ok(e) => {
                            if !e.file_name().to_string_lossy().starts_with('.') {
                                children.push(e.path());
                            }
                        }
                        Err(source) => {
                            first_error.get_or_insert(IngestError::Io {
                                input: name.clone(),
                                source,
                            });
                        }
                    }
                }
                children.sort();
                for child in children.into_iter().rev() {
                    self.pending.push_front(Pending {
                        path: child,
                        depth: p.depth + 1,
                        walked: true,
                    });
                }
                if let Some(e) = first_error {
                    return Some(Err(e));
                }
                continue;
            }
            let ext = ext_hint(&p.path);
            if p.walked {
                let ok = match &ext {
                    None => true,
                    Some(e) => WALK_EXTENSIONS.contains(&e.as_str()) || has_gz_suffix(&p.path),
                };
                if !ok {
                    continue;
                }
            }
            match fs::File::open(&p.path) {
                Ok(f) => {
                    self.current = Some(read_reader_inner(
                        name,
                        Box::new(f),
                        ext.as_deref(),
                        &self.opts,
                        0,
                    ))
                }
                Err(source) => {
                    return Some(Err(IngestError::Io {
                        input: name,
                        source,
                    }))
                }
            }
        }
    }
}

fn has_gz_suffix(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// Lower-case extension, looking through a final `.gz` (`a.warc.gz` → `warc`).
fn ext_hint(path: &Path) -> Option<String> {
    let mut p = path.to_path_buf();
    if has_gz_suffix(&p) {
        p = p.with_extension("");
    }
    p.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .or_else(|| has_gz_suffix(path).then(|| "gz".to_string()))
}

/// Reads records from any byte source (a file, stdin, a buffer), detecting its kind
/// from the content. `input` names the source in records and errors; `ext` (lower-case
/// extension, e.g. `"html"`) is an optional hint used only when the content is not
/// conclusive.
pub fn read_reader(
    input: impl Into<String>,
    reader: impl Read + Send + 'static,
    ext: Option<&str>,
    opts: &Options,
) -> Records {
    read_reader_inner(input.into(), Box::new(reader), ext, opts, 0)
}

fn once(item: Result<Record, IngestError>) -> Records {
    Box::new(std::iter::once(item))
}

fn read_reader_inner(
    input: String,
    mut reader: Box<dyn Read + Send>,
    ext: Option<&str>,
    opts: &Options,
    depth: usize,
) -> Records {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = (&mut reader)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        if depth == 0 || head.is_empty() {
            return once(Err(read_error(input, e, depth > 0)));
        }
        // A damaged or cut gzip stream shorter than the sniffed head: what was decompressed
        // before the damage is read as usual (complete records are kept), then the error
        // comes, as it would for a longer file.
        reader = Box::new(FailAfter(Some(e)));
    }
    let kind = detect_kind(&head, ext);
    let chained: Box<dyn Read + Send> = Box::new(Cursor::new(head).chain(reader));
    match kind {
        InputKind::Empty => once(Err(IngestError::skipped(
            input,
            SkipReason::Empty,
            "no content",
        ))),
        InputKind::Binary => once(Err(IngestError::skipped(
            input,
            SkipReason::Binary,
            "binary data, not a supported input (HTML, text, WARC, RSS/Atom, JSONL)",
        ))),
        InputKind::Arc => once(Err(IngestError::skipped(
            input,
            SkipReason::Unsupported,
            "ARC web archive; convert it to WARC first (e.g. with warcio or JWAT)",
        ))),
        InputKind::Gzip => {
            if depth > 0 {
                return once(Err(IngestError::skipped(
                    input,
                    SkipReason::Unsupported,
                    "gzip inside gzip",
                )));
            }
            let dec =
                flate2::read::MultiGzDecoder::new(BufReader::with_capacity(BUF_SIZE, chained));
            read_reader_inner(input, Box::new(dec), ext, opts, depth + 1)
        }
        InputKind::Warc => repaired(crate::warc::read(input, buffered(chained), opts)),
        InputKind::Feed => crate::feed::read(input, buffered(chained), opts),
        InputKind::Jsonl => crate::jsonl::read(input, buffered(chained), opts),
        InputKind::Html => repaired(once(
            read_whole(&input, chained, opts, depth > 0)
                .map(|bytes| Record::new(input.clone(), Body::Html(bytes))),
        )),
        InputKind::Text => once(read_whole(&input, chained, opts, depth > 0).map(|bytes| {
            let damaged = text::damaged_utf8(&bytes, false);
            let (s, _, _) = text::decode_text(&bytes);
            let mut rec = Record::new(input.clone(), Body::Text(s));
            if let Some(bad) = damaged {
                rec.warnings.push(format!(
                    "encoding: {bad} invalid UTF-8 byte{} replaced with U+FFFD",
                    if bad == 1 { "" } else { "s" }
                ));
            }
            rec
        })),
    }
}

/// Every HTML record leaves with its encoding damage repaired (see [`text::repair_record`]).
fn repaired(records: Records) -> Records {
    Box::new(records.map(|r| {
        r.map(|mut rec| {
            text::repair_record(&mut rec);
            rec
        })
    }))
}

/// A reader that fails with the given error (then with "unexpected end" again).
struct FailAfter(Option<io::Error>);

impl Read for FailAfter {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Err(self
            .0
            .take()
            .unwrap_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "input ends early")))
    }
}

fn buffered(r: Box<dyn Read + Send>) -> Input {
    Box::new(BufReader::with_capacity(BUF_SIZE, r))
}

/// Maps a read error: inside gzip, an unexpected EOF means a truncated file and other
/// errors mean corrupt compressed data.
pub(crate) fn read_error(input: String, e: io::Error, compressed: bool) -> IngestError {
    match e.kind() {
        io::ErrorKind::UnexpectedEof => IngestError::skipped(
            input,
            SkipReason::Truncated,
            format!("input ends early: {e}"),
        ),
        io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData if compressed => {
            IngestError::malformed(input, format!("corrupt gzip data: {e}"))
        }
        _ => IngestError::Io { input, source: e },
    }
}

fn read_whole(
    input: &str,
    r: Box<dyn Read + Send>,
    opts: &Options,
    compressed: bool,
) -> Result<Vec<u8>, IngestError> {
    let mut buf = Vec::new();
    r.take(opts.max_record_bytes.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| read_error(input.to_string(), e, compressed))?;
    if buf.len() as u64 > opts.max_record_bytes {
        return Err(IngestError::skipped(
            input,
            SkipReason::TooLarge,
            format!(
                "larger than the {} byte limit for one record",
                opts.max_record_bytes
            ),
        ));
    }
    Ok(buf)
}
