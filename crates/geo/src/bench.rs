//! Throughput and memory measurement shared by `rasd bench geo` and the crate's example.

use crate::Gazetteer;
use rasd_doc::Document;
use std::time::Instant;

/// Results of [`run`].
#[derive(Debug, Clone, Default)]
pub struct BenchReport {
    /// Time to build the embedded gazetteer (0 if it was already loaded).
    pub load_ms: f64,
    /// Resident set size before and after loading, in kB (None off Linux).
    pub rss_before_kb: Option<u64>,
    pub rss_after_kb: Option<u64>,
    pub entries: usize,
    pub names: usize,
    /// Text bytes annotated and the time it took (one thread).
    pub bytes: usize,
    pub secs: f64,
    /// CPU time (user+system) spent matching, from /proc/self/stat (None off Linux). On a
    /// loaded machine wall time overstates the cost; MB per CPU-second is the per-core speed.
    pub cpu_secs: Option<f64>,
    pub places: usize,
    pub with_coords: usize,
}

impl BenchReport {
    /// Matching throughput in MB/s (wall clock).
    pub fn mb_per_s(&self) -> f64 {
        self.bytes as f64 / 1e6 / self.secs.max(1e-9)
    }

    /// Matching throughput in MB per CPU-second.
    pub fn mb_per_cpu_s(&self) -> Option<f64> {
        self.cpu_secs.map(|c| self.bytes as f64 / 1e6 / c.max(1e-9))
    }
}

/// Current resident set size in kB, from `/proc/self/status`.
pub fn rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// CPU seconds (user + system) used by this process so far (Linux, CLK_TCK = 100).
pub fn cpu_secs() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the ")" that ends the command name; utime and stime are fields 14 and 15.
    let rest = s.get(s.rfind(')')? + 2..)?;
    let f: Vec<&str> = rest.split(' ').collect();
    let ut: f64 = f.get(11)?.parse().ok()?;
    let st: f64 = f.get(12)?.parse().ok()?;
    Some((ut + st) / 100.0)
}

/// Load the embedded gazetteer (timed), then annotate `texts` repeatedly until about
/// `target_bytes` have been processed, on the calling thread.
pub fn run(texts: &[String], target_bytes: usize) -> BenchReport {
    let rss_before_kb = rss_kb();
    let t0 = Instant::now();
    let g = Gazetteer::embedded();
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let rss_after_kb = rss_kb();
    let base: usize = texts.iter().map(|t| t.len()).sum();
    let reps = if base == 0 {
        0
    } else {
        target_bytes.div_ceil(base).max(1)
    };
    let mut r = BenchReport {
        load_ms,
        rss_before_kb,
        rss_after_kb,
        entries: g.entries().len(),
        names: g.name_count(),
        ..Default::default()
    };
    let c1 = cpu_secs();
    let t1 = Instant::now();
    for _ in 0..reps {
        for t in texts {
            let mut d = Document::new("bench", t.as_str());
            g.annotate(&mut d);
            r.bytes += t.len();
            r.places += d.places.len();
            r.with_coords += d.places.iter().filter(|p| p.lat.is_some()).count();
        }
    }
    r.secs = t1.elapsed().as_secs_f64();
    r.cpu_secs = match (c1, cpu_secs()) {
        (Some(a), Some(b)) => Some(b - a),
        _ => None,
    };
    r
}
