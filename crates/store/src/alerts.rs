//! Webhooks of watch zones and their delivery queue.
//!
//! A webhook belongs to a zone (`zone_webhooks`, deleted with it) and remembers how far it has
//! looked through the events table (`after_seq`, the highest event row it has screened; set
//! to the newest row when the webhook is created, so existing events are not sent).
//! [`Store::queue_alerts`] screens the event rows added since, keeps the main events inside the
//! zone and queues one delivery per (webhook, event id) in `webhook_deliveries`; a delivery is
//! queued at most once, whatever later merges do to the event row. The sender (the server's
//! background task) takes [`Store::due_alerts`], posts them and records the outcome with
//! [`Store::record_delivery`] (delivered, retry at a later time, or failed for good).

use crate::api::{StoreError, StoredEvent, Zone};
use crate::db::{db_err, now_iso, now_secs};
use crate::store::Store;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

/// Migration adding the webhook tables (appended to `db::MIGRATIONS`).
pub(crate) const MIGRATION: &str = r#"
CREATE TABLE IF NOT EXISTS zone_webhooks(
  id TEXT PRIMARY KEY,
  zone_id TEXT NOT NULL,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  after_seq INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS zone_webhooks_zone ON zone_webhooks(zone_id);
CREATE TABLE IF NOT EXISTS webhook_deliveries(
  webhook_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_at INTEGER NOT NULL,
  last_error TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY(webhook_id, event_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(status, next_at);
"#;

/// Event rows screened per webhook and call of [`Store::queue_alerts`].
const SCAN_BATCH: i64 = 2000;

/// A zone's webhook. The secret signs the deliveries and is never serialized.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Webhook {
    pub id: String,
    pub zone_id: String,
    pub url: String,
    #[serde(skip_serializing, default)]
    pub secret: String,
    pub created_at: String,
    /// Deliveries by status (`pending`, `delivered`, `failed`).
    #[serde(default)]
    pub deliveries: Vec<(String, usize)>,
}

/// One queued delivery: the webhook (with its secret), the zone and the event.
#[derive(Debug, Clone)]
pub struct Alert {
    pub webhook: Webhook,
    pub zone: Zone,
    pub event: StoredEvent,
    /// Attempts made so far.
    pub attempts: u32,
}

/// Outcome of one delivery attempt.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    Delivered,
    /// Failed; try again at this time (seconds since the epoch).
    RetryAt(i64, String),
    /// Failed for good.
    Failed(String),
}

/// Checks a webhook URL: `http://host[:port]/path` (the built-in sender speaks plain HTTP;
/// put a local relay in front of an `https://` receiver).
pub fn check_webhook_url(url: &str) -> Result<(), StoreError> {
    let u = url.trim();
    let rest = u.strip_prefix("http://").ok_or_else(|| {
        StoreError::BadQuery(format!(
            "webhook URL {u:?} must start with http:// (rasd's sender has no TLS; relay https through a local proxy)"
        ))
    })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.chars().any(|c| c.is_whitespace() || c == '@') || u.len() > 2000 {
        return Err(StoreError::BadQuery(format!(
            "webhook URL {u:?} has no valid host"
        )));
    }
    Ok(())
}

impl Store {
    /// Adds a webhook to a zone; only events stored after this call are sent to it.
    pub fn add_webhook(
        &self,
        zone_id: &str,
        url: &str,
        secret: &str,
    ) -> Result<Webhook, StoreError> {
        check_webhook_url(url)?;
        if secret.trim().is_empty() {
            return Err(StoreError::BadQuery(
                "a webhook needs a secret (it signs every delivery)".into(),
            ));
        }
        if self.zone(zone_id)?.is_none() {
            return Err(StoreError::NotFound(format!("zone {zone_id}")));
        }
        let created_at = now_iso();
        let id = format!(
            "w{:012x}",
            crate::db::fnv64(format!("{zone_id}|{url}|{created_at}|{}", now_secs()).as_bytes())
                & 0xffff_ffff_ffff
        );
        let url = url.trim().to_string();
        self.write_conn(|c| {
            c.execute(
                "INSERT OR REPLACE INTO zone_webhooks(id, zone_id, url, secret, after_seq, created_at)
                 VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(MAX(seq), 0) FROM events), ?5)",
                params![id, zone_id, url, secret, created_at],
            )
            .map_err(db_err)
        })?;
        Ok(Webhook {
            id,
            zone_id: zone_id.to_string(),
            url,
            secret: secret.to_string(),
            created_at,
            deliveries: Vec::new(),
        })
    }

    /// Webhooks, of one zone or of all, with their delivery counts.
    pub fn webhooks(&self, zone_id: Option<&str>) -> Result<Vec<Webhook>, StoreError> {
        self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT id, zone_id, url, secret, created_at FROM zone_webhooks
                     WHERE ?1 IS NULL OR zone_id = ?1 ORDER BY created_at, id",
                )
                .map_err(db_err)?;
            let rows = st
                .query_map([zone_id], |r| {
                    Ok(Webhook {
                        id: r.get(0)?,
                        zone_id: r.get(1)?,
                        url: r.get(2)?,
                        secret: r.get(3)?,
                        created_at: r.get(4)?,
                        deliveries: Vec::new(),
                    })
                })
                .map_err(db_err)?;
            let mut out = rows.collect::<Result<Vec<_>, _>>().map_err(db_err)?;
            let mut counts = c
                .prepare_cached(
                    "SELECT status, COUNT(*) FROM webhook_deliveries WHERE webhook_id = ?1
                     GROUP BY status ORDER BY status",
                )
                .map_err(db_err)?;
            for w in &mut out {
                w.deliveries = counts
                    .query_map([&w.id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize)))
                    .map_err(db_err)?
                    .collect::<Result<_, _>>()
                    .map_err(db_err)?;
            }
            Ok(out)
        })
    }

    /// Deletes a webhook and its delivery records; `Ok(false)` if there was none.
    pub fn delete_webhook(&self, id: &str) -> Result<bool, StoreError> {
        self.write_conn(|c| {
            c.execute("DELETE FROM webhook_deliveries WHERE webhook_id = ?1", [id])
                .map_err(db_err)?;
            c.execute("DELETE FROM zone_webhooks WHERE id = ?1", [id])
                .map(|n| n > 0)
                .map_err(db_err)
        })
    }

    /// Screens the event rows stored since each webhook last looked and queues a delivery for
    /// every main event inside the webhook's zone. Returns the number queued. Writes nothing
    /// when no event row is new.
    pub fn queue_alerts(&self) -> Result<usize, StoreError> {
        let hooks = self.webhooks(None)?;
        if hooks.is_empty() {
            return Ok(0);
        }
        let max_seq: i64 = self.read(|c| {
            c.query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))
                .map_err(db_err)
        })?;
        let mut queued = 0;
        for w in hooks {
            let after: i64 = self
                .read(|c| {
                    c.query_row(
                        "SELECT after_seq FROM zone_webhooks WHERE id = ?1",
                        [&w.id],
                        |r| r.get(0),
                    )
                    .optional()
                    .map_err(db_err)
                })?
                .unwrap_or(max_seq);
            if after >= max_seq {
                continue;
            }
            let Some(zone) = self.zone(&w.zone_id)? else {
                continue;
            };
            let inside = crate::query::zone_filter(&zone.geometry)?;
            let rows: Vec<(i64, String)> = self.read(|c| {
                let mut st = c
                    .prepare_cached(
                        "SELECT e.seq, j.data FROM events e JOIN event_json j ON j.seq = e.seq
                         WHERE e.seq > ?1 ORDER BY e.seq LIMIT ?2",
                    )
                    .map_err(db_err)?;
                let rows = st
                    .query_map(params![after, SCAN_BATCH], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(db_err)?;
                rows.collect::<Result<_, _>>().map_err(db_err)
            })?;
            let Some(last) = rows.last().map(|r| r.0) else {
                continue;
            };
            let mut ids = Vec::new();
            for (_, data) in &rows {
                let e = crate::query::parse_event(data)?;
                if e.salience == "main" && inside.keep(e.lat, e.lon) {
                    ids.push(e.id);
                }
            }
            let now = now_secs();
            let at = now_iso();
            queued += self.write_conn(|c| {
                let tx = c.unchecked_transaction().map_err(db_err)?;
                let mut n = 0;
                for id in &ids {
                    n += tx
                        .execute(
                            "INSERT OR IGNORE INTO webhook_deliveries(webhook_id, event_id, status, attempts, next_at, updated_at)
                             VALUES (?1, ?2, 'pending', 0, ?3, ?4)",
                            params![w.id, id, now, at],
                        )
                        .map_err(db_err)?;
                }
                tx.execute(
                    "UPDATE zone_webhooks SET after_seq = ?2 WHERE id = ?1 AND after_seq < ?2",
                    params![w.id, last],
                )
                .map_err(db_err)?;
                tx.commit().map_err(db_err)?;
                Ok(n)
            })?;
        }
        Ok(queued)
    }

    /// Pending deliveries due at `now` (seconds since the epoch), oldest first, at most `limit`.
    /// A delivery whose event no longer exists (merged away) is dropped from the queue.
    pub fn due_alerts(&self, now: i64, limit: usize) -> Result<Vec<Alert>, StoreError> {
        let rows: Vec<(String, String, i64)> = self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT webhook_id, event_id, attempts FROM webhook_deliveries
                     WHERE status = 'pending' AND next_at <= ?1 ORDER BY next_at, event_id LIMIT ?2",
                )
                .map_err(db_err)?;
            let rows = st
                .query_map(params![now, limit as i64], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                })
                .map_err(db_err)?;
            rows.collect::<Result<_, _>>().map_err(db_err)
        })?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let hooks = self.webhooks(None)?;
        let zones = self.zones()?;
        let mut out = Vec::new();
        for (wid, eid, attempts) in rows {
            let hook = hooks.iter().find(|h| h.id == wid);
            let zone = hook.and_then(|h| zones.iter().find(|z| z.id == h.zone_id));
            match (hook, zone, self.event(&eid)?) {
                (Some(h), Some(z), Some(e)) => out.push(Alert {
                    webhook: h.clone(),
                    zone: z.clone(),
                    event: e,
                    attempts: attempts.max(0) as u32,
                }),
                _ => self.record_delivery(
                    &wid,
                    &eid,
                    &Delivery::Failed("the event or zone no longer exists".into()),
                )?,
            }
        }
        Ok(out)
    }

    /// Records the outcome of a delivery attempt.
    pub fn record_delivery(
        &self,
        webhook_id: &str,
        event_id: &str,
        d: &Delivery,
    ) -> Result<(), StoreError> {
        let (status, next_at, err) = match d {
            Delivery::Delivered => ("delivered", None, None),
            Delivery::RetryAt(t, e) => ("pending", Some(*t), Some(e.as_str())),
            Delivery::Failed(e) => ("failed", None, Some(e.as_str())),
        };
        let at = now_iso();
        self.write_conn(|c| {
            c.execute(
                "UPDATE webhook_deliveries SET status = ?3, attempts = attempts + 1,
                   next_at = COALESCE(?4, next_at), last_error = ?5, updated_at = ?6
                 WHERE webhook_id = ?1 AND event_id = ?2",
                params![webhook_id, event_id, status, next_at, err, at],
            )
            .map(|_| ())
            .map_err(db_err)
        })
    }
}
