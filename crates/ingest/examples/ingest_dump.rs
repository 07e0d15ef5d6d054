//! Prints one line per record or error: `cargo run -p rasd-ingest --example ingest_dump -- PATH...`.

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args_os().skip(1).map(Into::into).collect();
    for r in rasd_ingest::read_paths(&paths) {
        match r {
            Ok(rec) => {
                let (kind, len) = match &rec.body {
                    rasd_ingest::Body::Html(h) => ("html", h.len()),
                    rasd_ingest::Body::Text(t) => ("text", t.len()),
                };
                println!(
                    "OK  {} {kind} {len}B url={:?} published={:?} fetched={:?} title={:?} charset={:?}",
                    rec.input, rec.url, rec.published, rec.fetched, rec.title, rec.charset
                );
            }
            Err(e) => println!("ERR {e}"),
        }
    }
}
