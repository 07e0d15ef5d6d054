#![allow(dead_code)] // each test binary uses part of this module
//! The backends the parameterised store tests run against: the embedded store always, and
//! PostgreSQL when `RASD_TEST_PG` names a server (`scripts/test.sh` starts a throwaway one);
//! each test gets a fresh database.

use rasd_store::{pg, EventStore, PgStore, Store};

/// A store under test and what keeps its database alive.
pub struct Backend {
    pub kind: &'static str,
    pub store: Box<dyn EventStore>,
    _dir: Option<tempfile::TempDir>,
}

/// The backend kinds to test: `sqlite`, and `postgres` when `RASD_TEST_PG` is set (else a line
/// says it was skipped).
pub fn kinds() -> Vec<&'static str> {
    match std::env::var("RASD_TEST_PG") {
        Ok(u) if !u.trim().is_empty() => vec!["sqlite", "postgres"],
        _ => {
            println!(
                "RASD_TEST_PG not set: PostgreSQL backend skipped (scripts/test.sh starts one)"
            );
            vec!["sqlite"]
        }
    }
}

/// A fresh, empty store of `kind`.
pub fn open(kind: &'static str) -> Backend {
    match kind {
        "postgres" => {
            let base = std::env::var("RASD_TEST_PG").expect("RASD_TEST_PG");
            let url = pg::scratch_database(&base, "rasd_test").expect("scratch database");
            Backend {
                kind,
                store: Box::new(PgStore::connect(&url).expect("connect")),
                _dir: None,
            }
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let store = Store::open(dir.path()).unwrap();
            Backend {
                kind,
                store: Box::new(store),
                _dir: Some(dir),
            }
        }
    }
}

/// A fresh store of every kind under test.
pub fn backends() -> Vec<Backend> {
    kinds().into_iter().map(open).collect()
}
