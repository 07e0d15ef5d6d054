//! Quiet failures made loud, end to end through the `rasd` binary: missing inputs, a mistyped
//! `--db`, bad filter values (the parser shared with the HTTP API), malformed JSONL lines named
//! in the summary, and closed pipes. Inputs are small fictional texts written for these tests.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("rasd-rel-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn rasd(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Three articles, the second line broken.
fn jsonl(dir: &Path) -> PathBuf {
    let p = dir.join("in.jsonl");
    std::fs::write(
        &p,
        concat!(
            "{\"id\":\"t1\",\"published\":\"2024-03-02\",\"text\":\"قصفت طائرات حربية بلدة في ريف إدلب الجنوبي صباح اليوم، وأفاد مراسلنا بمقتل مدنيين اثنين.\"}\n",
            "{\"id\":\"t2\",\"text\": \"نص مقطوع\n",
            "{\"id\":\"t3\",\"published\":\"2024-03-03\",\"text\":\"اندلعت اشتباكات عنيفة بين فصيلين مسلحين في مدينة الباب بريف حلب الشمالي.\"}\n",
        ),
    )
    .unwrap();
    p
}

fn ingested(tag: &str) -> (Tmp, PathBuf) {
    let t = Tmp::new(tag);
    let db = t.0.join("db");
    let o = rasd(&["ingest", "--db", s(&db), s(&jsonl(&t.0))]);
    assert!(o.status.success(), "{}", stderr(&o));
    (t, db)
}

#[test]
fn a_missing_input_fails_the_run_but_the_others_are_ingested() {
    let t = Tmp::new("missing");
    let db = t.0.join("db");
    let missing = t.0.join("no-such-file.html");
    let o = rasd(&["ingest", "--db", s(&db), s(&missing), s(&jsonl(&t.0))]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("no-such-file.html"), "{err}");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("2 new"), "{out}");
    // The malformed line is named in the summary, with its line number and the reason.
    assert!(
        out.contains("problems:") && out.contains("in.jsonl#2: malformed"),
        "{out}"
    );
    let o = rasd(&["extract", s(&missing)]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("no-such-file.html"), "{}", stderr(&o));
}

#[test]
fn read_only_commands_refuse_a_missing_database() {
    let t = Tmp::new("nodb");
    let typo = t.0.join("typo");
    for args in [
        vec!["search", "قصف", "--db", s(&typo)],
        vec!["events", "--db", s(&typo)],
        vec!["events", "--db", s(&typo), "--format", "csv"],
        vec!["stats", "--db", s(&typo)],
        vec!["serve", "--db", s(&typo), "--addr", "127.0.0.1:0"],
    ] {
        let o = rasd(&args);
        assert!(!o.status.success(), "{args:?}");
        assert!(
            stderr(&o).contains("no rasd database at"),
            "{args:?}: {}",
            stderr(&o)
        );
        assert!(!typo.exists(), "{args:?} created the database");
    }
}

#[test]
fn bad_filter_values_are_errors_not_empty_results() {
    let (_t, db) = ingested("filters");
    for (args, needle) in [
        (vec!["events", "--from", "2024-13-45"], "--from"),
        (vec!["events", "--type", "Bombing"], "valid types: Battles"),
        (vec!["stats", "--type", "Bombing"], "valid types"),
        (
            vec!["events", "--offset", "18446744073709551615"],
            "--offset",
        ),
        (vec!["events", "--limit", "-5"], "--limit"),
        (
            vec![
                "events",
                "--format",
                "csv",
                "--offset",
                "9223372036854775808",
            ],
            "--offset",
        ),
        (
            vec!["search", "قصف", "--offset", "1000000000000"],
            "--offset",
        ),
        (vec!["search", "قصف", "--to", "2024-02-30"], "--to"),
    ] {
        let mut a = args.clone();
        a.extend(["--db", s(&db)]);
        let o = rasd(&a);
        assert!(!o.status.success(), "{a:?}");
        let err = stderr(&o);
        assert!(err.contains(needle), "{a:?}: {err}");
        assert!(!err.contains("panicked"), "{a:?}: {err}");
    }
    // Valid forms still work.
    let o = rasd(&[
        "events",
        "--db",
        s(&db),
        "--from",
        "2024",
        "--type",
        "explosions/remote violence",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = rasd(&["search", "طائرات", "--db", s(&db), "--from", "2024-03"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("t1"));
}

/// Runs `rasd` with its stdout a pipe whose reading end is already closed.
fn closed_pipe(args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(c.stdout.take());
    if let Some(mut i) = c.stdin.take() {
        let _ = i.write_all("قتل شخصان في قصف على مدينة إدلب وبلدة سراقب.".as_bytes());
    }
    c.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let t = Tmp::new("pipe");
    let db = t.0.join("db");
    let input = jsonl(&t.0);
    for args in [
        vec!["geocode"],
        vec!["geocode", "--json"],
        vec!["ingest", "--db", s(&db), s(&input)],
        vec!["ingest", "--json", "--db", s(&db), s(&input)],
    ] {
        let o = closed_pipe(&args);
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(o.status.success(), "{args:?}: {:?} {err}", o.status);
    }
}

/// Issue #15, finding 5, end to end: a page declared UTF-8 with one stray byte, and a page cut
/// in the middle of a character, are stored as Arabic (searchable, coded for events) and the
/// repair is named in the ingest summary (they used to be decoded as GBK / windows-1252 and
/// stored as mojibake with no event and nothing in the summary).
#[test]
fn damaged_utf8_pages_are_stored_as_arabic_and_named_in_the_summary() {
    let t = Tmp::new("utf8");
    let db = t.0.join("db");
    let body = "<p>قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح الخميس، ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح.</p>";
    let mut stray = format!(
        "<html><head><meta charset=\"utf-8\"><meta name=\"date\" content=\"2024-03-07\"><title>قصف على كفرنبل</title></head><body>{body}<p>وأضاف المراسل أن فرق الدفاع المدني"
    )
    .into_bytes();
    stray.push(0xFF);
    stray.extend_from_slice(" عملت على إخماد الحرائق.</p></body></html>".as_bytes());
    std::fs::write(t.0.join("stray.html"), &stray).unwrap();
    let mut cut = "<html><head><meta name=\"date\" content=\"2024-03-08\"><title>اشتباكات في الباب</title></head><body><p>اندلعت اشتباكات عنيفة بين فصيلين مسلحين في مدينة الباب بريف حلب الشمالي، وقتل خمسة عناصر.</p><p>وقال شهود إن الاشتباكات استمرت حتى المساء"
        .as_bytes()
        .to_vec();
    cut.truncate(cut.len() - 1); // inside the last letter
    std::fs::write(t.0.join("cut.html"), &cut).unwrap();

    let o = rasd(&[
        "ingest",
        "--db",
        s(&db),
        s(&t.0.join("stray.html")),
        s(&t.0.join("cut.html")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    for name in ["stray.html", "cut.html"] {
        assert!(
            out.lines().any(|l| l.contains(name)
                && l.contains("encoding: 1 invalid UTF-8 byte replaced with U+FFFD")),
            "{name}: {out}"
        );
    }
    for word in ["كفرنبل", "الباب"] {
        let o = rasd(&["search", word, "--db", s(&db), "--format", "jsonl"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let hits = String::from_utf8_lossy(&o.stdout);
        assert_eq!(hits.lines().count(), 1, "{word}: {hits}");
    }
    let o = rasd(&["events", "--db", s(&db), "--format", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let events = String::from_utf8_lossy(&o.stdout);
    // One event from each page, its evidence readable Arabic.
    assert!(events.lines().count() >= 2, "{events}");
    assert!(
        events.contains("كفرنبل") && events.contains("الباب"),
        "{events}"
    );
}
