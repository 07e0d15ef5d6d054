//! A small HTTP/1.1 load generator for `rasd bench http`: N client threads with keep-alive
//! connections hammer a mix of event queries on a loopback server for a fixed time, and report
//! latency percentiles and errors. Loopback only (it refuses other hosts).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The "hot" requests: what every analyst's dashboard asks first (the cacheable share of the
/// random mix, and the whole mix of `--fixed`).
pub const DEFAULT_PATHS: &[&str] = &[
    "/api/events?limit=12",
    "/api/events?limit=50",
    "/api/events?limit=50&event_type=Battles",
    "/api/events?limit=50&event_type=Explosions%2FRemote+violence",
    "/api/events?limit=50&place=Idlib",
    "/api/events?limit=50&near_road=M4&road_km=6",
    "/api/events?limit=50&sort=fatalities_desc",
    "/api/events?limit=50&offset=50",
];

/// ACLED event types with some of their sub-event types.
const TYPES: &[(&str, &[&str])] = &[
    (
        "Battles",
        &[
            "Armed clash",
            "Government regains territory",
            "Non-state actor overtakes territory",
        ],
    ),
    (
        "Explosions/Remote violence",
        &[
            "Shelling/artillery/missile attack",
            "Air/drone strike",
            "Remote explosive/landmine/IED",
            "Suicide bomb",
        ],
    ),
    (
        "Violence against civilians",
        &["Attack", "Abduction/forced disappearance"],
    ),
    (
        "Protests",
        &["Peaceful protest", "Protest with intervention"],
    ),
    ("Riots", &["Violent demonstration", "Mob violence"]),
    (
        "Strategic developments",
        &[
            "Arrests",
            "Agreement",
            "Looting/property destruction",
            "Other",
        ],
    ),
];

/// Governorates and towns, in the spellings analysts type (English variants and Arabic).
const PLACES: &[&str] = &[
    "Idlib",
    "Idleb",
    "Aleppo",
    "Hama",
    "Homs",
    "Dara",
    "Daraa",
    "Deir-ez-Zor",
    "Ar-Raqqa",
    "Raqqa",
    "Al-Hasakeh",
    "Lattakia",
    "Latakia",
    "Tartous",
    "Quneitra",
    "As-Sweida",
    "Damascus",
    "Rural Damascus",
    "Saraqib",
    "Ariha",
    "Al-Bab",
    "Manbij",
    "Afrin",
    "Azaz",
    "Qamishli",
    "Douma",
    "Al-Mayadin",
    "Al-Bukamal",
    "Jisr al-Shughur",
    "Maarat al-Numan",
    "إدلب",
    "حلب",
    "حماة",
    "حمص",
    "درعا",
    "دير الزور",
    "الرقة",
    "الحسكة",
    "اللاذقية",
    "سراقب",
    "أريحا",
    "الباب",
    "منبج",
    "دوما",
];

/// Actor substrings.
const ACTORS: &[&str] = &[
    "hayat tahrir",
    "Military Forces of Syria",
    "SDF",
    "Islamic State",
    "Russia",
    "Turkey",
    "Syrian National Army",
    "Civilians",
    "Protesters",
];

/// Words for the evidence text filter.
const WORDS: &[&str] = &[
    "قصف",
    "غارة",
    "اشتباكات",
    "عبوة",
    "مظاهرة",
    "اعتقال",
    "قذائف",
    "مدنيين",
    "مسيرة",
    "الطريق",
    "مقتل",
    "هجوم",
];

/// Outlets (the `source` filter).
const SOURCES: &[&str] = &[
    "Enab Baladi",
    "Syria Direct",
    "North Press",
    "Step News",
    "Orient",
];

/// A small deterministic PRNG (splitmix64): reproducible request mixes without a dependency.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A random element (`v` must not be empty).
    pub fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.below(v.len())]
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Percent-encodes a query value (everything but unreserved ASCII; space as `+`).
pub fn encode(v: &str, out: &mut String) {
    use std::fmt::Write as _;
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
}

/// Days since 1970-01-01 → `YYYY-MM-DD` (proleptic Gregorian).
fn ymd(days: i64) -> String {
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD` → days since 1970-01-01.
pub fn days_of(date: &str) -> Option<i64> {
    let mut it = date.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || it.next().is_some() {
        return None;
    }
    let y2 = if m <= 2 { y - 1 } else { y };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// The random request mix: a share of "hot" dashboard requests ([`DEFAULT_PATHS`]) and, for the
/// rest, event-list queries drawn from a large space (type/sub-type, place, actor, outlet,
/// date windows, road corridors M4/M5 with a distance, bounding boxes, evidence text, sort,
/// page sizes and offsets) so that a response cache alone cannot carry the load.
#[derive(Debug, Clone)]
pub struct Mix {
    /// Seed of the whole run (client `i` uses `seed + i`).
    pub seed: u64,
    /// Share of requests taken from [`DEFAULT_PATHS`] (0..=1).
    pub hot_share: f64,
    /// First day of the date windows (days since 1970-01-01) and the span in days.
    pub first_day: i64,
    pub days: i64,
}

impl Default for Mix {
    /// Seed 1, 20 % hot requests, date windows within 2023-01-01 + 730 days (the span of the
    /// synthetic corpus of `rasd bench store`).
    fn default() -> Self {
        Mix {
            seed: 1,
            hot_share: 0.2,
            first_day: 19_358,
            days: 730,
        }
    }
}

impl Mix {
    /// One request path.
    pub fn path(&self, rng: &mut Rng) -> String {
        if rng.chance(self.hot_share) {
            return rng.pick(DEFAULT_PATHS).to_string();
        }
        let mut p = String::with_capacity(160);
        p.push_str("/api/events?limit=");
        p.push_str(rng.pick(&["12", "25", "50", "50", "100"]));
        let add = |p: &mut String, k: &str, v: &str| {
            p.push('&');
            p.push_str(k);
            p.push('=');
            encode(v, p);
        };
        // One to three different filters.
        let n = 1 + rng.below(3);
        let mut used = 0u32;
        for _ in 0..n {
            // Ten slots over eight kinds: type and date windows twice as likely.
            const SLOTS: [u32; 10] = [0, 0, 1, 1, 2, 3, 4, 5, 6, 7];
            let mut kind = SLOTS[rng.below(SLOTS.len())];
            while used & (1 << kind) != 0 {
                kind = (kind + 1) % 8;
            }
            used |= 1 << kind;
            match kind {
                0 => {
                    let (t, subs) = rng.pick(TYPES);
                    add(&mut p, "event_type", t);
                    if rng.chance(0.4) {
                        add(&mut p, "sub_event_type", rng.pick(subs));
                    }
                }
                1 => {
                    let len = rng.pick(&[1i64, 7, 7, 30, 30, 90, 365]);
                    let start = self.first_day + rng.below(self.days.max(1) as usize) as i64;
                    add(&mut p, "date_from", &ymd(start));
                    add(&mut p, "date_to", &ymd(start + len - 1));
                }
                2 => add(&mut p, "place", rng.pick(PLACES)),
                3 => add(&mut p, "actor", rng.pick(ACTORS)),
                4 => {
                    add(&mut p, "near_road", rng.pick(&["M4", "M5"]));
                    add(&mut p, "road_km", &(1 + rng.below(20)).to_string());
                }
                5 => {
                    let w = 0.2 + rng.unit() * 1.8;
                    let h = 0.2 + rng.unit() * 1.3;
                    let lon = 35.7 + rng.unit() * (42.3 - 35.7 - w);
                    let lat = 32.3 + rng.unit() * (37.3 - 32.3 - h);
                    add(
                        &mut p,
                        "bbox",
                        &format!("{lon:.2},{lat:.2},{:.2},{:.2}", lon + w, lat + h),
                    );
                }
                6 => add(&mut p, "text", rng.pick(WORDS)),
                _ => {
                    if rng.chance(0.5) {
                        add(&mut p, "source", rng.pick(SOURCES));
                    } else {
                        add(&mut p, "min_fatalities", &(1 + rng.below(10)).to_string());
                    }
                }
            }
        }
        if rng.chance(0.15) {
            add(&mut p, "sort", rng.pick(&["date_asc", "fatalities_desc"]));
        }
        if rng.chance(0.3) {
            add(&mut p, "offset", &(50 * (1 + rng.below(20))).to_string());
        }
        p
    }
}

/// What the clients request.
#[derive(Debug, Clone)]
pub enum Requests {
    /// These paths round-robin (each client starts at a different one).
    Fixed(Vec<String>),
    /// Random paths from a [`Mix`].
    Random(Mix),
}

/// How the server said it served the requests (its `X-Cache` header).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CacheCounts {
    pub hit: usize,
    pub miss: usize,
    pub shared: usize,
    pub bypass: usize,
    /// Responses without the header.
    pub none: usize,
}

impl CacheCounts {
    fn add(&mut self, o: &CacheCounts) {
        self.hit += o.hit;
        self.miss += o.miss;
        self.shared += o.shared;
        self.bypass += o.bypass;
        self.none += o.none;
    }
    /// Hits (incl. shared flights) over all answered requests.
    pub fn hit_ratio(&self) -> f64 {
        let all = self.hit + self.miss + self.shared + self.bypass + self.none;
        if all == 0 {
            0.0
        } else {
            (self.hit + self.shared) as f64 / all as f64
        }
    }
}

/// Query parameters whose requests get their own latency line in the report.
pub const KINDS: &[&str] = &[
    "event_type",
    "sub_event_type",
    "date_from",
    "place",
    "actor",
    "near_road",
    "bbox",
    "text",
    "source",
    "min_fatalities",
    "sort",
    "offset",
];

/// Bit `i` set when the path has parameter `KINDS[i]`; bit 31 for no filter parameter at all.
fn kind_mask(path: &str) -> u32 {
    let q = path.split_once('?').map(|x| x.1).unwrap_or("");
    let mut m = 0u32;
    for pair in q.split('&') {
        let k = pair.split('=').next().unwrap_or("");
        if let Some(i) = KINDS.iter().position(|x| *x == k) {
            m |= 1 << i;
        }
    }
    if m == 0 {
        m = 1 << 31;
    }
    m
}

/// Latency of the requests that have one parameter (see [`KINDS`]).
#[derive(Debug, Clone, serde::Serialize)]
pub struct KindLatency {
    /// The parameter, or `(none)` for requests without a filter.
    pub kind: String,
    pub requests: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

/// Result of a load test.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report {
    pub clients: usize,
    /// Mean think time between a client's requests (0: back to back).
    pub think_ms: f64,
    pub seconds: f64,
    pub requests: usize,
    pub errors: usize,
    /// First error messages (at most 5).
    pub error_samples: Vec<String>,
    /// Distinct request paths sent.
    pub distinct_paths: usize,
    pub cache: CacheCounts,
    pub rps: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Latency by query parameter (a request counts once for each parameter it has).
    pub by_kind: Vec<KindLatency>,
    /// The slowest requests: (ms, path), slowest first (at most 10).
    pub slowest: Vec<(f64, String)>,
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.think_ms > 0.0 {
            writeln!(
                f,
                "clients:   {} (mean think time {:.0} ms)",
                self.clients, self.think_ms
            )?;
        } else {
            writeln!(f, "clients:   {} (back to back)", self.clients)?;
        }
        writeln!(f, "duration:  {:.1} s", self.seconds)?;
        writeln!(
            f,
            "requests:  {} ({:.0}/s), {} distinct paths",
            self.requests, self.rps, self.distinct_paths
        )?;
        writeln!(f, "errors:    {}", self.errors)?;
        for e in &self.error_samples {
            writeln!(f, "  e.g. {e}")?;
        }
        let c = &self.cache;
        writeln!(
            f,
            "cache:     hit ratio {:.1} % (hit {}, shared {}, miss {}, bypass {}, no header {})",
            c.hit_ratio() * 100.0,
            c.hit,
            c.shared,
            c.miss,
            c.bypass,
            c.none
        )?;
        write!(
            f,
            "latency:   p50 {:.1} ms, p90 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            self.p50_ms, self.p90_ms, self.p95_ms, self.p99_ms, self.max_ms
        )?;
        for k in &self.by_kind {
            write!(
                f,
                "\n  {:<15} {:>7} req  p50 {:>8.1} ms  p95 {:>8.1} ms  p99 {:>8.1} ms",
                k.kind, k.requests, k.p50_ms, k.p95_ms, k.p99_ms
            )?;
        }
        if !self.slowest.is_empty() {
            write!(f, "\nslowest:")?;
        }
        for (ms, p) in &self.slowest {
            write!(f, "\n  {ms:>8.1} ms  {p}")?;
        }
        Ok(())
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
        // Large enough for most responses in a few reads.
        reader: BufReader::with_capacity(64 * 1024, s),
    })
}

/// The `X-Cache` value of a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CacheHeader {
    Hit,
    Miss,
    Shared,
    Bypass,
    None,
}

/// One GET on a keep-alive connection; returns the status code and the `X-Cache` header (the
/// body is read and discarded).
fn get(c: &mut Conn, host: &str, path: &str) -> std::io::Result<(u16, CacheHeader)> {
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
    let mut cache = CacheHeader::None;
    loop {
        line.clear();
        if c.reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((name, value)) = l.split_once(':') else {
            continue;
        };
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            len = value.parse().ok();
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked |= value.to_ascii_lowercase().contains("chunked");
        } else if name.eq_ignore_ascii_case("x-cache") {
            cache = match value {
                "hit" => CacheHeader::Hit,
                "miss" => CacheHeader::Miss,
                "shared" => CacheHeader::Shared,
                "bypass" => CacheHeader::Bypass,
                _ => CacheHeader::None,
            };
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
    Ok((status, cache))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// Keeps the 10 slowest (ms, path), slowest first.
fn keep_slowest(v: &mut Vec<(f64, String)>, ms: f64, path: &str) {
    if v.len() >= 10 && v.last().is_some_and(|l| l.0 >= ms) {
        return;
    }
    let at = v.partition_point(|x| x.0 >= ms);
    v.insert(at, (ms, path.to_string()));
    v.truncate(10);
}

/// Per-client results.
#[derive(Default)]
struct ClientResult {
    lat: Vec<f64>,
    /// (latency, kind mask) of each answered request.
    kinds: Vec<(f64, u32)>,
    /// The slowest answered requests of this client (at most 10).
    slowest: Vec<(f64, String)>,
    errors: Vec<String>,
    cache: CacheCounts,
    paths: std::collections::HashSet<u64>,
}

/// Runs the load test: `clients` threads with one keep-alive connection each send requests
/// back to back (no think time) for `seconds`.
pub fn run(url: &str, clients: usize, seconds: f64, requests: &Requests) -> Result<Report, String> {
    run_with(url, clients, seconds, requests, Duration::ZERO)
}

/// [`run`] with a think time: after each answer a client waits a random time, uniform in
/// `0..2 × think` (mean `think`), before its next request, as a person reading a page would.
/// Zero means back to back (the hardest case: the load is only bounded by the server).
pub fn run_with(
    url: &str,
    clients: usize,
    seconds: f64,
    requests: &Requests,
    think: Duration,
) -> Result<Report, String> {
    let (addr, host) = parse_url(url)?;
    if clients == 0 || clients > 2000 {
        return Err(format!("--clients {clients}: must be 1 to 2000"));
    }
    if !(0.1..=600.0).contains(&seconds) {
        return Err(format!("--seconds {seconds}: must be 0.1 to 600"));
    }
    let first = match requests {
        Requests::Fixed(p) => p.first().cloned().ok_or("no request paths")?,
        Requests::Random(m) => {
            if !(0.0..=1.0).contains(&m.hot_share) {
                return Err(format!("hot share {}: must be 0 to 1", m.hot_share));
            }
            DEFAULT_PATHS[0].to_string()
        }
    };
    // Fail fast when nothing listens.
    let mut probe = connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
    let (st, _) = get(&mut probe, &host, &first).map_err(|e| format!("{url}{first}: {e}"))?;
    if !(200..300).contains(&st) {
        return Err(format!("{url}{first} answered HTTP {st}"));
    }
    drop(probe);
    let stop = Arc::new(AtomicBool::new(false));
    let requests = Arc::new(requests.clone());
    let start = Instant::now();
    let mut handles = Vec::with_capacity(clients);
    for i in 0..clients {
        let (stop, requests, host) = (stop.clone(), requests.clone(), host.clone());
        let h = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let mut r = ClientResult {
                    lat: Vec::with_capacity(4096),
                    kinds: Vec::with_capacity(4096),
                    ..Default::default()
                };
                let mut conn: Option<Conn> = None;
                let mut k = i;
                let mut rng = match &*requests {
                    Requests::Random(m) => Rng::new(m.seed.wrapping_add(i as u64)),
                    Requests::Fixed(_) => Rng::new(i as u64),
                };
                let mut first = true;
                while !stop.load(Ordering::Relaxed) {
                    if !think.is_zero() {
                        // Spread the first requests too, so clients do not march in step.
                        let f = if first { rng.unit() } else { 2.0 * rng.unit() };
                        first = false;
                        std::thread::sleep(think.mul_f64(f));
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                    }
                    let path: std::borrow::Cow<str> = match &*requests {
                        Requests::Fixed(p) => {
                            k += 1;
                            p[(k - 1) % p.len()].as_str().into()
                        }
                        Requests::Random(m) => m.path(&mut rng).into(),
                    };
                    r.paths.insert(rasd_doc::annotate::fnv1a(path.as_bytes()));
                    let t0 = Instant::now();
                    let c = match conn.as_mut() {
                        Some(c) => c,
                        None => match connect(addr) {
                            Ok(c) => conn.insert(c),
                            Err(e) => {
                                r.errors.push(format!("connect: {e}"));
                                std::thread::sleep(Duration::from_millis(10));
                                continue;
                            }
                        },
                    };
                    match get(c, &host, &path) {
                        Ok((s, cache)) if (200..300).contains(&s) => {
                            let ms = t0.elapsed().as_secs_f64() * 1000.0;
                            r.lat.push(ms);
                            r.kinds.push((ms, kind_mask(&path)));
                            keep_slowest(&mut r.slowest, ms, &path);
                            match cache {
                                CacheHeader::Hit => r.cache.hit += 1,
                                CacheHeader::Miss => r.cache.miss += 1,
                                CacheHeader::Shared => r.cache.shared += 1,
                                CacheHeader::Bypass => r.cache.bypass += 1,
                                CacheHeader::None => r.cache.none += 1,
                            }
                        }
                        Ok((s, _)) => r.errors.push(format!("{path}: HTTP {s}")),
                        Err(e) => {
                            r.errors.push(format!("{path}: {e}"));
                            conn = None;
                        }
                    }
                }
                r
            })
            .map_err(|e| format!("cannot start client thread: {e}"))?;
        handles.push(h);
    }
    std::thread::sleep(Duration::from_secs_f64(seconds));
    stop.store(true, Ordering::Relaxed);
    let mut all = ClientResult::default();
    for h in handles {
        if let Ok(r) = h.join() {
            all.lat.extend(r.lat);
            all.kinds.extend(r.kinds);
            for (ms, p) in r.slowest {
                keep_slowest(&mut all.slowest, ms, &p);
            }
            all.errors.extend(r.errors);
            all.cache.add(&r.cache);
            all.paths.extend(r.paths);
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let mut lat = all.lat;
    lat.sort_by(f64::total_cmp);
    let mut by_kind = Vec::new();
    for (i, name) in KINDS.iter().chain(["(none)"].iter()).enumerate() {
        let bit = if i < KINDS.len() { 1u32 << i } else { 1 << 31 };
        let mut v: Vec<f64> = all
            .kinds
            .iter()
            .filter(|(_, m)| m & bit != 0)
            .map(|(l, _)| *l)
            .collect();
        if v.is_empty() {
            continue;
        }
        v.sort_by(f64::total_cmp);
        by_kind.push(KindLatency {
            kind: name.to_string(),
            requests: v.len(),
            p50_ms: percentile(&v, 0.5),
            p95_ms: percentile(&v, 0.95),
            p99_ms: percentile(&v, 0.99),
        });
    }
    Ok(Report {
        clients,
        think_ms: think.as_secs_f64() * 1000.0,
        seconds: elapsed,
        requests: lat.len() + all.errors.len(),
        errors: all.errors.len(),
        error_samples: all.errors.iter().take(5).cloned().collect(),
        distinct_paths: all.paths.len(),
        cache: all.cache,
        rps: lat.len() as f64 / elapsed,
        p50_ms: percentile(&lat, 0.50),
        p90_ms: percentile(&lat, 0.90),
        p95_ms: percentile(&lat, 0.95),
        p99_ms: percentile(&lat, 0.99),
        max_ms: lat.last().copied().unwrap_or(0.0),
        by_kind,
        slowest: all.slowest,
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
    fn slowest_kept_in_order() {
        let mut v = Vec::new();
        for i in 0..30 {
            keep_slowest(&mut v, f64::from((i * 7) % 30), &i.to_string());
        }
        assert_eq!(v.len(), 10);
        assert_eq!(v[0].0, 29.0);
        assert!(v.windows(2).all(|w| w[0].0 >= w[1].0));
    }

    #[test]
    fn kinds_of_paths() {
        assert_eq!(kind_mask("/api/events?limit=5"), 1 << 31);
        let m = kind_mask("/api/events?limit=5&text=x&offset=50");
        assert_eq!(m, (1 << 7) | (1 << 11));
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(ymd(19_358), "2023-01-01");
        assert_eq!(days_of("2023-01-01"), Some(19_358));
        for d in [-1000, 0, 11_016, 19_417, 20_000, 30_000] {
            assert_eq!(days_of(&ymd(d)), Some(d));
        }
        assert_eq!(days_of("2023-13-01"), None);
    }

    #[test]
    fn random_mix_is_varied_deterministic_and_valid() {
        let m = Mix::default();
        let (mut a, mut b) = (Rng::new(3), Rng::new(3));
        let paths: Vec<String> = (0..2000).map(|_| m.path(&mut a)).collect();
        let again: Vec<String> = (0..2000).map(|_| m.path(&mut b)).collect();
        assert_eq!(paths, again, "same seed, same mix");
        let distinct: std::collections::HashSet<&String> = paths.iter().collect();
        assert!(distinct.len() > 1500, "{} distinct", distinct.len());
        for needle in [
            "near_road=M5",
            "bbox=",
            "text=",
            "offset=",
            "actor=",
            "place=%D8",
            "date_from=2024-",
        ] {
            assert!(paths.iter().any(|p| p.contains(needle)), "no {needle}");
        }
        for p in &paths {
            let mut keys: Vec<&str> = p
                .split_once('?')
                .map(|x| x.1)
                .unwrap_or("")
                .split('&')
                .map(|kv| kv.split('=').next().unwrap_or(""))
                .collect();
            let n = keys.len();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), n, "repeated parameter in {p}");
        }
        // Every path parses into a valid filter.
        for p in &paths {
            let q = p.split_once('?').map(|x| x.1).unwrap_or("");
            let pairs: Vec<(String, String)> =
                axum::extract::Query::<Vec<(String, String)>>::try_from_uri(
                    &format!("http://x/?{q}").parse().unwrap(),
                )
                .unwrap()
                .0;
            crate::query::event_filter(&pairs, 50, 5000)
                .unwrap_or_else(|e| panic!("{p}: {}", e.message));
        }
    }

    #[test]
    fn percentiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 0.5), 51.0);
        assert_eq!(percentile(&v, 0.99), 99.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
