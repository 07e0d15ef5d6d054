//! Zone webhooks: a background sender that posts a signed JSON alert for every new event
//! inside a watch zone that has a webhook (see `rasd_store::alerts` for the queue).
//!
//! Each delivery is `POST <url>` with `Content-Type: application/json` and these headers:
//! - `X-Rasd-Signature-256: sha256=<hex>`: HMAC-SHA256 of the exact body with the webhook's
//!   secret (the receiver recomputes it and compares in constant time);
//! - `X-Rasd-Delivery: <webhook id>/<event id>`: the same value on every retry, so a receiver
//!   can drop repeats;
//! - `X-Rasd-Event: alert`.
//!
//! A 2xx answer is success. Network errors, timeouts, 408, 429 and 5xx are retried with
//! exponential backoff (`backoff × 2^(attempt−1)`, capped at one hour) up to `max_attempts`;
//! other answers fail at once. The queue lives in the database, so deliveries survive a
//! restart, and the sender works whichever process stored the event (`rasd ingest` beside
//! `rasd serve`).
//!
//! Invariants: the sender never blocks request handling (its own thread); it only speaks plain
//! HTTP (`http://`, checked when the webhook is added); every failure is recorded, never raised.

use hmac::{Hmac, Mac};
use rasd_store::alerts::{Alert, Delivery};
use rasd_store::{Store, StoreError};
use sha2::Sha256;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Name of the signature header.
pub const SIGNATURE_HEADER: &str = "X-Rasd-Signature-256";

/// Sender settings.
#[derive(Debug, Clone)]
pub struct AlertConfig {
    /// How often the queue is looked at.
    pub poll: Duration,
    /// Delay before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// Attempts before a delivery is given up.
    pub max_attempts: u32,
    /// Connect, write and read timeout of one attempt.
    pub timeout: Duration,
    /// Origin of the web app, for the event link in the alert (e.g. `http://127.0.0.1:8080`).
    pub base_url: String,
}

impl Default for AlertConfig {
    fn default() -> Self {
        AlertConfig {
            poll: Duration::from_secs(5),
            backoff: Duration::from_secs(10),
            max_attempts: 8,
            timeout: Duration::from_secs(10),
            base_url: String::new(),
        }
    }
}

/// `sha256=<hex>` HMAC-SHA256 of `body` under `secret`.
pub fn signature(secret: &str, body: &[u8]) -> String {
    // HMAC accepts keys of any length; the error case cannot arise.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(body);
    let bytes = mac.finalize().into_bytes();
    let mut s = String::with_capacity(7 + bytes.len() * 2);
    s.push_str("sha256=");
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// Whether `sig` (a header value) is the signature of `body` under `secret` (constant time).
pub fn verify_signature(secret: &str, body: &[u8], sig: &str) -> bool {
    let want = signature(secret, body);
    let (a, b) = (want.as_bytes(), sig.trim().as_bytes());
    let mut diff = a.len() ^ b.len();
    for (i, x) in a.iter().enumerate() {
        diff |= (*x ^ b.get(i).copied().unwrap_or(0)) as usize;
    }
    diff == 0 && !a.is_empty()
}

/// The JSON body of an alert.
pub fn payload(a: &Alert, base_url: &str) -> serde_json::Value {
    let link = (!base_url.is_empty())
        .then(|| format!("{}/#/events/{}", base_url.trim_end_matches('/'), a.event.id));
    serde_json::json!({
        "type": "rasd.zone_alert",
        "zone": {"id": a.zone.id, "name": a.zone.name},
        "webhook_id": a.webhook.id,
        "summary": rasd_store::export::english_note(&a.event),
        "link": link,
        "event": a.event,
    })
}

/// Host, port and path of an `http://` URL.
fn split_url(url: &str) -> Result<(String, u16, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let path = if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_string()
    };
    let (host, port) = if let Some(h) = authority.strip_prefix('[') {
        let (h, p) = h.split_once(']').ok_or("bad IPv6 host")?;
        (h.to_string(), p.strip_prefix(':').unwrap_or("80"))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h.to_string(), p),
            None => (authority.to_string(), "80"),
        }
    };
    let port: u16 = port.parse().map_err(|_| format!("bad port in {url}"))?;
    if host.is_empty() {
        return Err(format!("no host in {url}"));
    }
    Ok((host, port, path))
}

/// POSTs `body` to an `http://` URL; returns the status code.
pub fn http_post(
    url: &str,
    headers: &[(&str, String)],
    body: &[u8],
    timeout: Duration,
) -> Result<u16, String> {
    let (host, port, path) = split_url(url)?;
    let addrs: Vec<_> = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?
        .collect();
    let mut last = format!("no address for {host}");
    let mut stream = None;
    for a in addrs {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last = format!("cannot connect to {a}: {e}"),
        }
    }
    let mut s = stream.ok_or(last)?;
    s.set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    s.set_write_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let host_header = if port == 80 {
        host.clone()
    } else if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut req = format!(
        "POST {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: rasd\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes())
        .and_then(|_| s.write_all(body))
        .and_then(|_| s.flush())
        .map_err(|e| format!("cannot send: {e}"))?;
    // The status line is all that is needed.
    let mut head = Vec::with_capacity(64);
    let mut byte = [0u8; 1];
    while head.len() < 256 && !head.ends_with(b"\r\n") {
        match s.read(&mut byte) {
            Ok(0) => break,
            Ok(_) => head.push(byte[0]),
            Err(e) => return Err(format!("no answer: {e}")),
        }
    }
    let line = String::from_utf8_lossy(&head);
    line.split_whitespace()
        .nth(1)
        .and_then(|c| c.parse::<u16>().ok())
        .filter(|_| line.starts_with("HTTP/"))
        .ok_or_else(|| format!("not an HTTP answer: {:?}", line.trim()))
}

/// Sends one alert and returns what to record.
pub fn deliver(a: &Alert, cfg: &AlertConfig, now: i64) -> Delivery {
    let body = payload(a, &cfg.base_url).to_string();
    let headers = [
        (
            SIGNATURE_HEADER,
            signature(&a.webhook.secret, body.as_bytes()),
        ),
        (
            "X-Rasd-Delivery",
            format!("{}/{}", a.webhook.id, a.event.id),
        ),
        ("X-Rasd-Event", "alert".to_string()),
    ];
    let why = match http_post(&a.webhook.url, &headers, body.as_bytes(), cfg.timeout) {
        Ok(c) if (200..300).contains(&c) => return Delivery::Delivered,
        Ok(c) if c == 408 || c == 429 || c >= 500 => format!("HTTP {c}"),
        Ok(c) => return Delivery::Failed(format!("HTTP {c}")),
        Err(e) => e,
    };
    let attempt = a.attempts + 1;
    if attempt >= cfg.max_attempts {
        return Delivery::Failed(format!("{why} (after {attempt} attempts)"));
    }
    let delay = cfg
        .backoff
        .as_secs()
        .saturating_mul(1u64 << (attempt - 1).min(20))
        .min(3600);
    Delivery::RetryAt(now + delay as i64, why)
}

/// What one pass of the sender did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PassReport {
    pub queued: usize,
    pub delivered: usize,
    pub retried: usize,
    pub failed: usize,
}

/// One pass: queue the alerts of new events, then send every due one.
pub fn run_once(store: &Store, cfg: &AlertConfig) -> Result<PassReport, StoreError> {
    let mut r = PassReport {
        queued: store.queue_alerts()?,
        ..Default::default()
    };
    loop {
        let now = rasd_store::db::now_secs();
        let due = store.due_alerts(now, 100)?;
        if due.is_empty() {
            break;
        }
        for a in &due {
            let d = deliver(a, cfg, now);
            match &d {
                Delivery::Delivered => r.delivered += 1,
                Delivery::RetryAt(..) => r.retried += 1,
                Delivery::Failed(why) => {
                    tracing::warn!(
                        "webhook {} gave up on event {}: {why}",
                        a.webhook.id,
                        a.event.id
                    );
                    r.failed += 1
                }
            }
            store.record_delivery(&a.webhook.id, &a.event.id, &d)?;
        }
    }
    Ok(r)
}

/// Handle of the background sender; dropping it stops the thread after its current pass.
pub struct AlertSender {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for AlertSender {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// Starts the background sender on its own thread.
pub fn spawn(store: Arc<Store>, cfg: AlertConfig) -> std::io::Result<AlertSender> {
    let stop = Arc::new(AtomicBool::new(false));
    let stop2 = stop.clone();
    let thread = std::thread::Builder::new()
        .name("rasd-alerts".into())
        .spawn(move || {
            while !stop2.load(Ordering::SeqCst) {
                match run_once(&store, &cfg) {
                    Ok(r) if r != PassReport::default() => tracing::info!("alerts: {r:?}"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!("alerts: {e}"),
                }
                std::thread::park_timeout(cfg.poll);
            }
        })?;
    Ok(AlertSender {
        stop,
        thread: Some(thread),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256() {
        // RFC 4231 test case 2.
        let s = signature("Jefe", b"what do ya want for nothing?");
        assert_eq!(
            s,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert!(verify_signature(
            "Jefe",
            b"what do ya want for nothing?",
            &s
        ));
        assert!(!verify_signature(
            "Jefe",
            b"what do ya want for nothing!",
            &s
        ));
        assert!(!verify_signature(
            "jefe",
            b"what do ya want for nothing?",
            &s
        ));
    }

    #[test]
    fn urls_split() {
        assert_eq!(
            split_url("http://127.0.0.1:9000/hook?x=1").unwrap(),
            ("127.0.0.1".into(), 9000, "/hook?x=1".into())
        );
        assert_eq!(
            split_url("http://example.org").unwrap(),
            ("example.org".into(), 80, "/".into())
        );
        assert_eq!(
            split_url("http://[::1]:81/a").unwrap(),
            ("::1".into(), 81, "/a".into())
        );
        assert!(split_url("https://example.org/").is_err());
        assert!(split_url("http://:80/").is_err());
    }
}
