//! The work queue: `jobs(id, path, state, attempts, worker, lease_until, …)`.
//!
//! States: `queued` → `running` (claimed with a lease) → `done` | `failed` (after
//! `max_attempts`), or back to `queued` on a failure with attempts left. A worker claims with
//! `SELECT … FOR UPDATE SKIP LOCKED` (concurrent claimers never wait for each other and never get
//! the same job), renews its lease while it works, and completes the job in the same
//! transaction that stores its documents, after checking under the job's row lock that it
//! still holds the job: a worker that was paused past its lease (its job taken over by another)
//! finds it has lost the job and stores nothing. A `running` job whose lease expired is claimable
//! again, so a killed worker's job is taken over.

use super::{pg_err, put_in, PgStore};
use crate::api::{PutStats, StoreError};
use rasd_doc::Document;
use std::time::Duration;

/// A claimed job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: i64,
    pub path: String,
    /// Claims so far, this one included.
    pub attempts: i32,
}

/// Counts of jobs by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct QueueCounts {
    pub queued: i64,
    pub running: i64,
    pub done: i64,
    pub failed: i64,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl PgStore {
    /// Add one job per path (a file, WARC, feed or directory). A path already queued or
    /// running is not added twice. Returns the number added.
    pub fn enqueue(&self, paths: &[String]) -> Result<usize, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        let n = tx
            .execute(
                "INSERT INTO jobs(path) SELECT p FROM unnest($1::text[]) WITH ORDINALITY AS t(p, o) ORDER BY o \
                 ON CONFLICT (path) WHERE state IN ('queued', 'running') DO NOTHING",
                &[&paths],
            )
            .map_err(pg_err)?;
        tx.commit().map_err(pg_err)?;
        Ok(n as usize)
    }

    /// Claim the oldest claimable job (queued, or running with an expired lease) for `worker`,
    /// with a lease of `lease`. `None` when there is none.
    pub fn claim(
        &self,
        worker: &str,
        lease: Duration,
        max_attempts: i32,
    ) -> Result<Option<Job>, StoreError> {
        let mut c = self.conn()?;
        // A job whose lease expired after `max_attempts` claims has failed for good.
        c.execute(
            "UPDATE jobs SET state = 'failed', error = COALESCE(error, 'lease expired') || ' (attempts exhausted)', done_at = now() \
             WHERE state = 'running' AND lease_until < now() AND attempts >= $1",
            &[&max_attempts],
        )
        .map_err(pg_err)?;
        let row = c
            .query_opt(
                "UPDATE jobs SET state = 'running', worker = $1, attempts = attempts + 1, \
                   lease_until = now() + make_interval(secs => $2) \
                 WHERE id = (SELECT id FROM jobs \
                   WHERE state = 'queued' OR (state = 'running' AND lease_until < now()) \
                   ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) \
                 RETURNING id, path, attempts",
                &[&worker, &secs(lease)],
            )
            .map_err(pg_err)?;
        Ok(row.map(|r| Job {
            id: r.get(0),
            path: r.get(1),
            attempts: r.get(2),
        }))
    }

    /// Extend the lease of `job` while `worker` holds it. `false` when it no longer does.
    pub fn renew(&self, job: &Job, worker: &str, lease: Duration) -> Result<bool, StoreError> {
        let n = self
            .conn()?
            .execute(
                "UPDATE jobs SET lease_until = now() + make_interval(secs => $3) \
                 WHERE id = $1 AND worker = $2 AND state = 'running' AND attempts = $4",
                &[&job.id, &worker, &secs(lease), &job.attempts],
            )
            .map_err(pg_err)?;
        Ok(n == 1)
    }

    /// Store `docs` and mark `job` done, in one transaction. `Ok(None)` (nothing stored) when
    /// `worker` no longer holds the job (its lease expired and another worker claimed it).
    pub fn complete(
        &self,
        job: &Job,
        worker: &str,
        docs: Vec<Document>,
        summary: &str,
    ) -> Result<Option<PutStats>, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        let held = tx
            .query_opt(
                "SELECT 1 FROM jobs WHERE id = $1 AND worker = $2 AND state = 'running' AND attempts = $3 FOR UPDATE",
                &[&job.id, &worker, &job.attempts],
            )
            .map_err(pg_err)?
            .is_some();
        if !held {
            return Ok(None);
        }
        let st = put_in(&mut tx, docs)?;
        tx.execute(
            "UPDATE jobs SET state = 'done', done_at = now(), lease_until = NULL, error = NULL, result = $2 WHERE id = $1",
            &[&job.id, &summary],
        )
        .map_err(pg_err)?;
        tx.commit().map_err(pg_err)?;
        Ok(Some(st))
    }

    /// Record a failure of `job`: back to `queued` while attempts are left, else `failed`.
    pub fn fail(
        &self,
        job: &Job,
        worker: &str,
        error: &str,
        max_attempts: i32,
    ) -> Result<(), StoreError> {
        self.conn()?
            .execute(
                "UPDATE jobs SET state = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'queued' END, \
                   error = $3, lease_until = NULL, done_at = CASE WHEN attempts >= $4 THEN now() END \
                 WHERE id = $1 AND worker = $2 AND state = 'running' AND attempts = $5",
                &[&job.id, &worker, &error, &max_attempts, &job.attempts],
            )
            .map_err(pg_err)?;
        Ok(())
    }

    /// Ids of the jobs `worker` holds (running).
    pub fn jobs_held_by(&self, worker: &str) -> Result<Vec<i64>, StoreError> {
        Ok(self
            .conn()?
            .query(
                "SELECT id FROM jobs WHERE state = 'running' AND worker = $1 ORDER BY id",
                &[&worker],
            )
            .map_err(pg_err)?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    /// The worker holding job `id` and the job's state.
    pub fn job_state(&self, id: i64) -> Result<Option<(String, Option<String>)>, StoreError> {
        Ok(self
            .conn()?
            .query_opt("SELECT state, worker FROM jobs WHERE id = $1", &[&id])
            .map_err(pg_err)?
            .map(|r| (r.get(0), r.get(1))))
    }

    /// Jobs by state.
    pub fn queue_counts(&self) -> Result<QueueCounts, StoreError> {
        let mut q = QueueCounts::default();
        for r in self
            .conn()?
            .query("SELECT state, COUNT(*) FROM jobs GROUP BY state", &[])
            .map_err(pg_err)?
        {
            let n: i64 = r.get(1);
            match r.get::<_, &str>(0) {
                "queued" => q.queued = n,
                "running" => q.running = n,
                "done" => q.done = n,
                _ => q.failed += n,
            }
        }
        Ok(q)
    }
}
