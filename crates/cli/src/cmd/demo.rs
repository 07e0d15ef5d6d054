//! `rasd demo [--db PATH] [--addr ...]`: ingest the sample corpus into a database (default: a
//! `rasd-demo` directory under the system temp dir), print a summary and the URL, then serve.
//!
//! The sample corpus (every input file under the checkout's `samples/`) is embedded in the
//! binary, so `rasd demo` works from any directory: the files are written to a directory under
//! the system temp dir named after their content hash (stable input names, so re-running the
//! demo on the same database adds nothing) and ingested from there like `rasd ingest DIR`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: <temp dir>/rasd-demo).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Address to listen on; when the default port is busy a free port is used.
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Bearer token for endpoints that change data (default: random, printed).
    #[arg(long)]
    pub token: Option<String>,
    /// Samples directory to ingest instead of the sample corpus embedded in the binary.
    #[arg(long)]
    pub samples: Option<PathBuf>,
    /// Ingest only; do not serve.
    #[arg(long)]
    pub no_serve: bool,
    #[command(flatten)]
    pub tuning: super::serve::Tuning,
}

/// The embedded sample corpus: (path relative to `samples/`, content). Generated: every file
/// under `samples/` that `rasd ingest samples/` reads (see the test `embedded_list_is_current`).
#[rustfmt::skip]
// BEGIN GENERATED SAMPLES
pub const SAMPLES: &[(&str, &[u8])] = &[
    (
        "feeds/sample.atom",
        include_bytes!("../../../../samples/feeds/sample.atom"),
    ),
    (
        "feeds/sample.rss",
        include_bytes!("../../../../samples/feeds/sample.rss"),
    ),
    (
        "html/dijla-daraa-protest.html",
        include_bytes!("../../../../samples/html/dijla-daraa-protest.html"),
    ),
    (
        "html/dijla-diyala-ied.html",
        include_bytes!("../../../../samples/html/dijla-diyala-ied.html"),
    ),
    (
        "html/dijla-saraqib-shelling.html",
        include_bytes!("../../../../samples/html/dijla-saraqib-shelling.html"),
    ),
    (
        "html/furat-al-bab-bike-bomb.html",
        include_bytes!("../../../../samples/html/furat-al-bab-bike-bomb.html"),
    ),
    (
        "html/furat-deir-ezzor-arrests.html",
        include_bytes!("../../../../samples/html/furat-deir-ezzor-arrests.html"),
    ),
    (
        "html/furat-m4-patrol-ied.html",
        include_bytes!("../../../../samples/html/furat-m4-patrol-ied.html"),
    ),
    (
        "html/maghreb-afrin-car-bomb.html",
        include_bytes!("../../../../samples/html/maghreb-afrin-car-bomb.html"),
    ),
    (
        "html/maghreb-libya-agreement.html",
        include_bytes!("../../../../samples/html/maghreb-libya-agreement.html"),
    ),
    (
        "html/maghreb-maarat-shelling.html",
        include_bytes!("../../../../samples/html/maghreb-maarat-shelling.html"),
    ),
    (
        "html/raqib-ain-issa-clashes.html",
        include_bytes!("../../../../samples/html/raqib-ain-issa-clashes.html"),
    ),
    (
        "html/raqib-m4-patrol-ied.html",
        include_bytes!("../../../../samples/html/raqib-m4-patrol-ied.html"),
    ),
    (
        "html/raqib-marib-drone.html",
        include_bytes!("../../../../samples/html/raqib-marib-drone.html"),
    ),
    (
        "html/shamal-afrin-car-bomb.html",
        include_bytes!("../../../../samples/html/shamal-afrin-car-bomb.html"),
    ),
    (
        "html/shamal-jisr-airstrikes.html",
        include_bytes!("../../../../samples/html/shamal-jisr-airstrikes.html"),
    ),
    (
        "html/shamal-m4-patrol-ied.html",
        include_bytes!("../../../../samples/html/shamal-m4-patrol-ied.html"),
    ),
    (
        "jsonl/sample.jsonl",
        include_bytes!("../../../../samples/jsonl/sample.jsonl"),
    ),
    (
        "text/shamal-jisr-airstrikes-cp1256.txt",
        include_bytes!("../../../../samples/text/shamal-jisr-airstrikes-cp1256.txt"),
    ),
    (
        "text/shamal-m4-patrol-ied.txt",
        include_bytes!("../../../../samples/text/shamal-m4-patrol-ied.txt"),
    ),
    (
        "warc/sample.warc.gz",
        include_bytes!("../../../../samples/warc/sample.warc.gz"),
    ),
];
// END GENERATED SAMPLES

/// FNV-1a over the names and contents of the embedded samples.
fn samples_hash() -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in SAMPLES {
        for b in name.bytes().chain([0]).chain(bytes.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Writes the embedded samples under `root` (created; each file written atomically, so
/// concurrent demos do not see partial files) and returns `root`.
pub fn write_samples(root: &Path) -> anyhow::Result<PathBuf> {
    for (name, bytes) in SAMPLES {
        let path = root.join(name);
        let dir = path.parent().unwrap_or(root);
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create sample directory {}", dir.display()))?;
        if std::fs::read(&path).is_ok_and(|old| old == *bytes) {
            continue;
        }
        // A dot name: ingest skips hidden files should a directory walk see it.
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            std::process::id(),
            name.replace('/', "_")
        ));
        std::fs::write(&tmp, bytes)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .with_context(|| format!("cannot write sample file {}", path.display()))?;
    }
    Ok(root.to_path_buf())
}

/// Where the embedded samples are written: a directory under the system temp dir named after
/// their content hash.
pub fn embedded_samples_dir() -> PathBuf {
    std::env::temp_dir().join(format!("rasd-demo-samples-{:016x}", samples_hash()))
}

/// The samples directory: `--samples`, else the embedded corpus written out.
fn samples_dir(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        anyhow::ensure!(
            p.is_dir(),
            "samples directory {} does not exist",
            p.display()
        );
        return Ok(p.to_path_buf());
    }
    write_samples(&embedded_samples_dir())
}

/// Ingests the samples (`--samples` or the embedded ones) into `store`.
pub fn load_samples(
    store: &rasd_store::Store,
    given: Option<&Path>,
) -> anyhow::Result<super::ingest::Summary> {
    let samples = samples_dir(given)?;
    eprintln!(
        "rasd demo: ingesting {} into {}",
        samples.display(),
        store.dir().display()
    );
    let opts = super::ingest::IngestOptions::default();
    super::ingest::ingest_paths(store, &[samples], &opts)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let addr = match args.addr {
        Some(a) => {
            super::serve::check_addr(&a, false)?;
            a
        }
        None => {
            let default: SocketAddr = ([127, 0, 0, 1], 8080).into();
            // Use 8080 when free, else any free loopback port.
            if std::net::TcpListener::bind(default).is_ok() {
                default
            } else {
                ([127, 0, 0, 1], 0).into()
            }
        }
    };
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("rasd-demo"));
    let store = super::ingest::open_store(Some(&db))?;
    let summary = load_samples(&store, args.samples.as_deref())?;
    eprintln!("{summary}");
    if args.no_serve {
        return Ok(());
    }
    super::serve::serve_store(store, addr, args.token, args.tuning, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Marker lines around the generated list (refreshed by `embedded_list_is_current` with
    /// `RASD_BLESS=1`).
    const BEGIN: &str = "// BEGIN GENERATED SAMPLES";
    const END: &str = "// END GENERATED SAMPLES";

    /// Extensions `rasd ingest` picks up in a directory walk (rasd_ingest's list).
    const INPUT_EXTENSIONS: &[&str] = &[
        "html", "htm", "xhtml", "shtml", "txt", "text", "warc", "arc", "gz", "rss", "atom", "xml",
        "jsonl", "ndjson",
    ];

    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let ext = p
                    .extension()
                    .map(|x| x.to_string_lossy().to_ascii_lowercase());
                if ext.as_deref().is_none_or(|x| INPUT_EXTENSIONS.contains(&x)) {
                    if let Ok(rel) = p.strip_prefix(root) {
                        out.push(rel.to_string_lossy().replace('\\', "/"));
                    }
                }
            }
        }
    }

    /// The embedded list names exactly the input files under `samples/`; with `RASD_BLESS=1`
    /// the list in this file is regenerated.
    #[test]
    fn embedded_list_is_current() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.join("../../samples");
        if !root.is_dir() {
            eprintln!("skipped: no samples/ directory beside the crate");
            return;
        }
        let mut files = Vec::new();
        walk(&root, &root, &mut files);
        files.sort();
        let embedded: Vec<String> = SAMPLES.iter().map(|(n, _)| n.to_string()).collect();
        if std::env::var_os("RASD_BLESS").is_some() && files != embedded {
            let me = manifest.join("src/cmd/demo.rs");
            let src = std::fs::read_to_string(&me).unwrap();
            let (head, rest) = src.split_once(&format!("{BEGIN}\n")).unwrap();
            let (_, tail) = rest.split_once(&format!("{END}\n")).unwrap();
            let mut list = String::from("pub const SAMPLES: &[(&str, &[u8])] = &[\n");
            for f in &files {
                list.push_str(&format!(
                    "    (\n        \"{f}\",\n        include_bytes!(\"../../../../samples/{f}\"),\n    ),\n"
                ));
            }
            list.push_str("];\n");
            std::fs::write(&me, format!("{head}{BEGIN}\n{list}{END}\n{tail}")).unwrap();
            eprintln!("demo.rs: sample list regenerated ({} files)", files.len());
            return;
        }
        assert_eq!(
            files, embedded,
            "samples/ changed: refresh the list with RASD_BLESS=1 cargo test -p rasd-cli demo"
        );
        for (name, bytes) in SAMPLES {
            assert_eq!(
                std::fs::read(root.join(name)).unwrap(),
                *bytes,
                "{name} differs (rebuild)"
            );
        }
    }

    /// The demo loader works whatever the current directory: run in a child process (this test
    /// binary again) whose current directory is an empty temp dir.
    #[test]
    fn loads_from_any_directory() {
        if std::env::var_os("RASD_DEMO_CHILD").is_some() {
            return;
        }
        let tmp = std::env::temp_dir().join(format!("rasd-demo-test-{}", std::process::id()));
        let cwd = tmp.join("cwd");
        std::fs::create_dir_all(&cwd).unwrap();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "cmd::demo::tests::child_loads_samples",
                "--nocapture",
            ])
            .env("RASD_DEMO_CHILD", tmp.join("db"))
            .current_dir(&cwd)
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let _ = std::fs::remove_dir_all(&tmp);
        assert!(out.status.success(), "{log}");
        assert!(log.contains("1 passed"), "child did not run: {log}");
    }

    /// The child of `loads_from_any_directory` (does nothing when run directly).
    #[test]
    fn child_loads_samples() {
        let Some(db) = std::env::var_os("RASD_DEMO_CHILD") else {
            return;
        };
        assert!(
            !Path::new("samples").exists(),
            "the cwd must not hold samples/"
        );
        let store = rasd_store::Store::open(Path::new(&db)).unwrap();
        let s = load_samples(&store, None).unwrap();
        assert!(s.put.new >= 15, "{s}");
        assert!(s.put.events_new > 0, "{s}");
        // Re-running adds nothing (stable input names).
        let again = load_samples(&store, None).unwrap();
        assert_eq!(again.put.new, 0, "{again}");
    }
}
