//! A small HTTP/1.1 load generator for `rasd bench http`: N client threads with keep-alive
//! connections hammer a mix of event queries on a loopback server for a fixed time, and report
//! latency percentiles and errors. Loopback only (it refuses other hosts).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The request mix: event-list queries an analyst's dashboard makes.
pub const DEFAULT_PATHS: &[&str] = &[
    "/api/events?limit=50",
    "/api/events?limit=50&event_type=Battles",
    "/api/events?limit=50&date_from=2020-03-01&date_to=2020-03-31",
    "/api/events?limit=50&place=Idleb",
    "/api/events?limit=50&near_road=M4&road_km=6",
    "/api/events?limit=50&offset=500",
    "/api/events?limit=50&sort=fatalities_desc",
    "/api/events?limit=50&actor=Military",
];

/// Result of a load test.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub clients: usize,
    pub seconds: f64,
    pub requests: usize,
    pub errors: usize,
    /// First error messages (at most 5).
    pub error_samples: Vec<String>,
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "clients:   {}", self.clients)?;
        writeln!(f, "duration:  {:.1} s", self.seconds)?;
        writeln!(f, "requests:  {} ({:.0}/s)", self.requests, self.rps)?;
        writeln!(f, "errors:    {}", self.errors)?;
        for e in &self.error_samples {
            writeln!(f, "  e.g. {e}")?;
        }
        write!(
            f,
            "latency:   p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.p50_ms, self.p90_ms, self.p99_ms, self.max_ms
        )
    }
}

/// Parses `http://HOST:PORT[/...]` into a loopback socket address and the Host header.
pub fn parse_url(url: &str) -> Result<(SocketAddr, String), String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| format!("{url}: only http:// URLs are supported"))?;
    let hostport = rest.split('/').next().unwrap_or("");
    let hostport = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:80")
    };
    let addr = hostport
        .to_socket_addrs()
        .map_err(|e| format!("{url}: cannot resolve {hostport}: {e}"))?
        .find(|a| a.ip().is_loopback())
        .ok_or_else(|| {
            format!(
                "{url}: not a loopback address; the load test only targets 127.0.0.1/::1/localhost"
            )
        })?;
    Ok((addr, hostport))
}

struct Conn {
    reader: BufReader<TcpStream>,
}

fn connect(addr: SocketAddr) -> std::io::Result<Conn> {
    let s = TcpStream::connect_timeout(&addr, Duration::from_secs(5))?;
    s.set_nodelay(true)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    Ok(Conn {
        reader: BufReader::new(s),
    })
}

/// One GET on a keep-alive connection; returns the status code (body read and discarded).
fn get(c: &mut Conn, host: &str, path: &str) -> std::io::Result<u16> {
    let req = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n");
    c.reader.get_mut().write_all(req.as_bytes())?;
    let mut line = String::new();
    c.reader.read_line(&mut line)?;
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("bad status line {line:?}"),
            )
        })?;
    let mut len: Option<usize> = None;
    let mut chunked = false;
    loop {
        line.clear();
        if c.reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            len = v.trim().parse().ok();
        } else if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
            chunked = true;
        }
    }
    if chunked {
        loop {
            line.clear();
            c.reader.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "bad chunk size")
                })?;
            std::io::copy(
                &mut (&mut c.reader).take(n as u64 + 2),
                &mut std::io::sink(),
            )?;
            if n == 0 {
                break;
            }
        }
    } else if let Some(n) = len {
        std::io::copy(&mut (&mut c.reader).take(n as u64), &mut std::io::sink())?;
    }
    Ok(status)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Runs the load test. `paths` are requested round-robin (each client starts at a different one).
pub fn run(url: &str, clients: usize, seconds: f64, paths: &[String]) -> Result<Report, String> {
    let (addr, host) = parse_url(url)?;
    if clients == 0 || clients > 2000 {
        return Err(format!("--clients {clients}: must be 1 to 2000"));
    }
    if !(0.1..=600.0).contains(&seconds) {
        return Err(format!("--seconds {seconds}: must be 0.1 to 600"));
    }
    if paths.is_empty() {
        return Err("no request paths".into());
    }
    // Fail fast when nothing listens.
    let mut probe = connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let st = get(&mut probe, &host, &paths[0]).map_err(|e| format!("{url}{}: {e}", paths[0]))?;
    if !(200..300).contains(&st) {
        return Err(format!("{url}{} answered HTTP {st}", paths[0]));
    }
    drop(probe);
    let stop = Arc::new(AtomicBool::new(false));
    let paths: Arc<Vec<String>> = Arc::new(paths.to_vec());
    let start = Instant::now();
    let mut handles = Vec::with_capacity(clients);
    for i in 0..clients {
        let (stop, paths, host) = (stop.clone(), paths.clone(), host.clone());
        let h = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut lat = Vec::with_capacity(4096);
                let mut errors = Vec::new();
                let mut conn: Option<Conn> = None;
                let mut k = i;
                while !stop.load(Ordering::Relaxed) {
                    let path = &paths[k % paths.len()];
                    k += 1;
                    let t0 = Instant::now();
                    let c = match conn.as_mut() {
                        Some(c) => c,
                        None => match connect(addr) {
                            Ok(c) => conn.insert(c),
                            Err(e) => {
                                errors.push(format!("connect: {e}"));
                                std::thread::sleep(Duration::from_millis(10));
                                continue;
                            }
                        },
                    };
                    match get(c, &host, path) {
                        Ok(s) if (200..300).contains(&s) => {
                            lat.push(t0.elapsed().as_secs_f64() * 1000.0)
                        }
                        Ok(s) => errors.push(format!("{path}: HTTP {s}")),
                        Err(e) => {
                            errors.push(format!("{path}: {e}"));
                            conn = None;
                        }
                    }
                }
                (lat, errors)
            })
            .map_err(|e| format!("cannot start client thread: {e}"))?;
        handles.push(h);
    }
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut lat = Vec::new();
    let mut errors = Vec::new();
    for h in handles {
        if let Ok((l, e)) = h.join() {
            lat.extend(l);
            errors.extend(e);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    Ok(Report {
        clients,
        seconds: elapsed,
        requests: lat.len() + errors.len(),
        errors: errors.len(),
        error_samples: errors.iter().take(5).cloned().collect(),
        rps: lat.len() as f64 / elapsed,
        p50_ms: percentile(&lat, 0.50),
        p90_ms: percentile(&lat, 0.90),
        p99_ms: percentile(&lat, 0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_loopback() {
        assert!(parse_url("http://8.8.8.8:80/").is_err());
        assert!(parse_url("https://127.0.0.1:1/").is_err());
        assert_eq!(parse_url("http://127.0.0.1:8080").unwrap().0.port(), 8080);
    }

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 51.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
