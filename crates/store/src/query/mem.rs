//! A memory-resident copy of the event filter index, for servers.
//!
//! SQLite answers every event query correctly, but a broad filter (a type, a governorate, a
//! year) reads thousands of index rows per request. A server answering many such requests keeps
//! this compact copy instead: per event its date rank, type, fatalities and point in one array
//! ordered newest first, and the `event_keys`/`event_terms` postings as position lists. A query
//! is then a few bitset operations and one pass over the candidate positions; only the page's
//! event rows are read from SQLite.
//!
//! Invariants:
//! - The copy is tagged with the [`Store::generation`](crate::Store::generation) read *before*
//!   its snapshot was taken, and is only used while the generation is unchanged, so it never
//!   answers from older data than SQLite would (a commit during a build makes it stale at once).
//! - Results equal the SQL path's, order included (`tests/filters.rs` checks both paths on the
//!   same random filters). Anything it cannot evaluate exactly, it declines (`None`), and the
//!   SQL path answers.
//! - Building never blocks queries: it runs on its own connection and thread, and queries use
//!   SQL until it is ready. Rebuilds are spaced so that at most a third of one core goes to
//!   them while a database keeps changing.

use super::{Col, Compiled, KeyFilter};
use crate::db::db_err;
use crate::{index, EventSort, StoreError};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One key's events: positions (ascending) and, for road keys, the exact distance of each.
#[derive(Default)]
struct Posting {
    pos: Vec<u32>,
    km: Vec<f64>,
}

/// The memory-resident index (see the module documentation).
pub(crate) struct MemIndex {
    gen: u64,
    /// Event `seq` by position; positions are ordered `event_date DESC, seq DESC`.
    seq: Vec<i64>,
    /// Rank of the event's date among the distinct dates (ascending; rank 0 is "no date").
    day: Vec<u32>,
    /// The distinct dates, ascending; `dates[0]` is `""` (no date).
    dates: Vec<Box<str>>,
    fat: Vec<Option<i64>>,
    /// Interned type and sub-type names.
    names: Vec<Box<str>>,
    main: Vec<u64>,
    lat: Vec<Option<f64>>,
    lon: Vec<Option<f64>>,
    country: Vec<u32>,
    /// Interned countries (index 0: none).
    countries: Vec<Option<Box<str>>>,
    /// Postings by key kind and key.
    keys: HashMap<i64, HashMap<Box<str>, Posting>>,
    terms: HashMap<Box<str>, Vec<u32>>,
    /// Positions in `fatalities DESC, event_date DESC, seq DESC` order.
    by_fat: Vec<u32>,
    /// Bitsets of the events of each type and of each sub-type (by interned name).
    ty_bits: HashMap<u32, Vec<u64>>,
    sub_bits: HashMap<u32, Vec<u64>>,
}

/// The snapshot position of row `r`'s event (its `seq` in column `seq_col`) and the text in
/// column `text_col`; `None` for an event outside the snapshot or a value that is not text.
fn pos_and_text<'r>(
    r: &'r rusqlite::Row,
    seq_col: usize,
    text_col: usize,
    pos_of: &HashMap<i64, u32>,
) -> Result<Option<(u32, std::borrow::Cow<'r, str>)>, StoreError> {
    let seq: i64 = r.get(seq_col).map_err(db_err)?;
    let Some(&pos) = pos_of.get(&seq) else {
        return Ok(None);
    };
    Ok(match r.get_ref(text_col).map_err(db_err)? {
        rusqlite::types::ValueRef::Text(b) => Some((pos, String::from_utf8_lossy(b))),
        _ => None,
    })
}

fn words(n: usize) -> usize {
    n.div_ceil(64)
}

fn set(b: &mut [u64], i: u32) {
    b[(i / 64) as usize] |= 1 << (i % 64);
}

fn get(b: &[u64], i: u32) -> bool {
    b[(i / 64) as usize] & (1 << (i % 64)) != 0
}

impl MemIndex {
    /// The generation this copy was taken at.
    pub(crate) fn generation(&self) -> u64 {
        self.gen
    }

    /// Number of events held.
    pub(crate) fn len(&self) -> usize {
        self.seq.len()
    }

    /// Approximate heap size in bytes.
    pub(crate) fn heap_bytes(&self) -> usize {
        let n = self.len();
        let mut b = n * (8 + 4 + 16 + 16 + 16 + 4 + 4)
            + words(n) * 8 * (1 + self.ty_bits.len() + self.sub_bits.len());
        for m in self.keys.values() {
            for (k, p) in m {
                b += k.len() + 48 + p.pos.len() * 4 + p.km.len() * 8;
            }
        }
        for (k, p) in &self.terms {
            b += k.len() + 40 + p.len() * 4;
        }
        b
    }

    /// Snapshot the filter columns and postings (one read transaction on `conn`).
    pub(crate) fn build(conn: &Connection, gen: u64) -> Result<MemIndex, StoreError> {
        conn.execute_batch("BEGIN").map_err(db_err)?;
        let r = Self::build_in(conn, gen);
        let _ = conn.execute_batch("COMMIT");
        r
    }

    fn build_in(conn: &Connection, gen: u64) -> Result<MemIndex, StoreError> {
        struct Row {
            seq: i64,
            date: Option<String>,
            ty: u32,
            sub: u32,
            fat: Option<i64>,
            main: bool,
            lat: Option<f64>,
            lon: Option<f64>,
            country: u32,
        }
        let mut names: Vec<Box<str>> = Vec::new();
        let mut name_ix: HashMap<String, u32> = HashMap::new();
        let mut intern = |s: String, names: &mut Vec<Box<str>>| -> u32 {
            if let Some(i) = name_ix.get(&s) {
                return *i;
            }
            let i = names.len() as u32;
            names.push(s.clone().into_boxed_str());
            name_ix.insert(s, i);
            i
        };
        let mut countries: Vec<Option<Box<str>>> = vec![None];
        let mut country_ix: HashMap<String, u32> = HashMap::new();
        let mut rows: Vec<Row> = Vec::new();
        {
            let mut st = conn
                .prepare(
                    "SELECT seq, event_date, event_type, sub_event_type, fatalities, salience = 'main', \
                     lat, lon, country FROM events",
                )
                .map_err(db_err)?;
            let mut q = st.query([]).map_err(db_err)?;
            while let Some(r) = q.next().map_err(db_err)? {
                let country: Option<String> = r.get(8).map_err(db_err)?;
                let country = match country {
                    None => 0,
                    Some(c) => match country_ix.get(&c) {
                        Some(i) => *i,
                        None => {
                            let i = countries.len() as u32;
                            countries.push(Some(c.clone().into_boxed_str()));
                            country_ix.insert(c, i);
                            i
                        }
                    },
                };
                rows.push(Row {
                    seq: r.get(0).map_err(db_err)?,
                    date: r.get(1).map_err(db_err)?,
                    ty: intern(r.get(2).map_err(db_err)?, &mut names),
                    sub: intern(r.get(3).map_err(db_err)?, &mut names),
                    fat: r.get(4).map_err(db_err)?,
                    main: r
                        .get::<_, Option<bool>>(5)
                        .map_err(db_err)?
                        .unwrap_or(false),
                    lat: r.get(6).map_err(db_err)?,
                    lon: r.get(7).map_err(db_err)?,
                    country,
                });
            }
        }
        // Newest first; a missing date sorts lowest (as NULL does in SQLite).
        fn date_of(r: &Row) -> &str {
            r.date.as_deref().unwrap_or("")
        }
        rows.sort_unstable_by(|a, b| date_of(b).cmp(date_of(a)).then(b.seq.cmp(&a.seq)));
        let mut dates: Vec<Box<str>> = vec!["".into()];
        let mut distinct: Vec<&str> = rows
            .iter()
            .filter_map(|r| r.date.as_deref())
            .filter(|d| !d.is_empty())
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        dates.extend(distinct.iter().map(|d| Box::<str>::from(*d)));
        let n = rows.len();
        let mut ix = MemIndex {
            gen,
            seq: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            dates: Vec::new(),
            fat: Vec::with_capacity(n),
            names,
            main: vec![0; words(n)],
            lat: Vec::with_capacity(n),
            lon: Vec::with_capacity(n),
            country: Vec::with_capacity(n),
            countries,
            keys: HashMap::new(),
            terms: HashMap::new(),
            by_fat: Vec::new(),
            ty_bits: HashMap::new(),
            sub_bits: HashMap::new(),
        };
        let mut pos_of: HashMap<i64, u32> = HashMap::with_capacity(n);
        for (i, r) in rows.iter().enumerate() {
            let d = date_of(r);
            let rank = if d.is_empty() {
                0
            } else {
                dates.binary_search_by(|x| (**x).cmp(d)).unwrap_or(0) as u32
            };
            ix.seq.push(r.seq);
            ix.day.push(rank);
            ix.fat.push(r.fat);
            if r.main {
                set(&mut ix.main, i as u32);
            }
            set(
                ix.ty_bits.entry(r.ty).or_insert_with(|| vec![0; words(n)]),
                i as u32,
            );
            set(
                ix.sub_bits
                    .entry(r.sub)
                    .or_insert_with(|| vec![0; words(n)]),
                i as u32,
            );
            ix.lat.push(r.lat);
            ix.lon.push(r.lon);
            ix.country.push(r.country);
            pos_of.insert(r.seq, i as u32);
        }
        ix.dates = dates;
        drop(rows);
        {
            // Primary-key order: one key's rows at a time.
            let mut st = conn
                .prepare("SELECT kind, key, seq, km FROM event_keys")
                .map_err(db_err)?;
            let mut q = st.query([]).map_err(db_err)?;
            let mut cur: Option<(i64, String, Posting)> = None;
            let flush = |cur: Option<(i64, String, Posting)>, ix: &mut MemIndex| {
                if let Some((kind, key, p)) = cur {
                    let e = ix
                        .keys
                        .entry(kind)
                        .or_default()
                        .entry(key.into_boxed_str())
                        .or_default();
                    e.pos.extend(p.pos);
                    e.km.extend(p.km);
                }
            };
            while let Some(r) = q.next().map_err(db_err)? {
                let kind: i64 = r.get(0).map_err(db_err)?;
                let Some((pos, key)) = pos_and_text(r, 2, 1, &pos_of)? else {
                    continue;
                };
                let same = cur
                    .as_ref()
                    .is_some_and(|(k, s, _)| *k == kind && *s == key);
                if !same {
                    flush(cur.take(), &mut ix);
                    cur = Some((kind, key.into_owned(), Posting::default()));
                }
                if let Some((_, _, p)) = &mut cur {
                    p.pos.push(pos);
                    if kind == index::ROAD {
                        let km: Option<f64> = r.get(3).map_err(db_err)?;
                        p.km.push(km.unwrap_or(f64::NAN));
                    }
                }
            }
            flush(cur.take(), &mut ix);
        }
        for m in ix.keys.values_mut() {
            for p in m.values_mut() {
                if p.km.is_empty() {
                    p.pos.sort_unstable();
                } else {
                    let mut v: Vec<(u32, f64)> =
                        p.pos.iter().copied().zip(p.km.iter().copied()).collect();
                    v.sort_unstable_by_key(|x| x.0);
                    p.pos = v.iter().map(|x| x.0).collect();
                    p.km = v.iter().map(|x| x.1).collect();
                }
            }
        }
        {
            let mut st = conn
                .prepare("SELECT term, seq FROM event_terms")
                .map_err(db_err)?;
            let mut q = st.query([]).map_err(db_err)?;
            let mut last: Option<(String, Vec<u32>)> = None;
            while let Some(r) = q.next().map_err(db_err)? {
                let Some((pos, term)) = pos_and_text(r, 1, 0, &pos_of)? else {
                    continue;
                };
                // Rows come ordered by term (the primary key): one posting at a time.
                match &mut last {
                    Some((t, v)) if *t == term => v.push(pos),
                    _ => {
                        if let Some((t, v)) = last.take() {
                            ix.terms.entry(t.into_boxed_str()).or_default().extend(v);
                        }
                        last = Some((term.into_owned(), vec![pos]));
                    }
                }
            }
            if let Some((t, v)) = last {
                ix.terms.entry(t.into_boxed_str()).or_default().extend(v);
            }
            for v in ix.terms.values_mut() {
                v.sort_unstable();
                v.dedup();
            }
        }
        let mut by_fat: Vec<u32> = (0..n as u32).collect();
        // `fatalities DESC` puts NULL last; ties keep the date order (= position order).
        by_fat.sort_by(|a, b| ix.fat[*b as usize].cmp(&ix.fat[*a as usize]));
        ix.by_fat = by_fat;
        Ok(ix)
    }

    /// Position range `[lo, hi)` of the events satisfying the date conditions, or `None` when
    /// the compiled filter has a condition this index cannot evaluate.
    fn positions(&self, c: &Compiled) -> Option<(usize, usize)> {
        let n = self.len();
        let (mut lo, mut hi) = (0usize, n);
        let mut dated = false;
        for cond in c.conds.iter().filter(|c| matches!(c.col, Col::Day)) {
            let Value::Text(v) = &cond.val else {
                return None;
            };
            dated = true;
            match cond.op {
                // Positions are newest first: `date >= v` is a prefix, `date <= v` a suffix.
                ">=" => {
                    let p = self
                        .day
                        .partition_point(|r| &*self.dates[*r as usize] >= v.as_str());
                    hi = hi.min(p);
                }
                "<=" => {
                    let p = self
                        .day
                        .partition_point(|r| &*self.dates[*r as usize] > v.as_str());
                    lo = lo.max(p);
                }
                _ => return None,
            }
        }
        if dated {
            // SQL's NULL never satisfies a comparison: undated events (at the end) drop out.
            hi = hi.min(self.day.partition_point(|r| *r != 0));
        }
        Some((lo, hi.max(lo)))
    }

    /// Positions matching key filter `k`, as a bitset.
    fn key_bits(&self, k: &KeyFilter) -> Vec<u64> {
        let mut b = vec![0u64; words(self.len())];
        let Some(m) = self.keys.get(&k.kind) else {
            return b;
        };
        let mut add = |p: &Posting| {
            for (i, &pos) in p.pos.iter().enumerate() {
                if let Some(max) = k.km_max {
                    // `km <= ?` in SQL: NULL and NaN never pass.
                    if !p.km.get(i).is_some_and(|d| *d <= max) {
                        continue;
                    }
                }
                if let Some(bx) = k.exact_box {
                    if !self.in_box(pos, bx) {
                        continue;
                    }
                }
                set(&mut b, pos);
            }
        };
        if k.any {
            m.values().for_each(&mut add);
        } else {
            for key in &k.keys {
                if let Some(p) = m.get(key.as_str()) {
                    add(p);
                }
            }
        }
        b
    }

    fn in_box(&self, pos: u32, b: [f64; 4]) -> bool {
        let (Some(lat), Some(lon)) = (self.lat[pos as usize], self.lon[pos as usize]) else {
            return false;
        };
        lat >= b[1] && lat <= b[3] && lon >= b[0] && lon <= b[2]
    }

    fn name_id(&self, v: &Value) -> Option<Option<u32>> {
        let Value::Text(s) = v else {
            return None;
        };
        Some(
            self.names
                .iter()
                .position(|x| **x == *s.as_str())
                .map(|i| i as u32),
        )
    }

    /// The events matching `c`: (total, `seq`s of the page), or `None` when this index cannot
    /// answer exactly (the caller then asks SQL).
    pub(super) fn query(
        &self,
        c: &Compiled,
        sort: EventSort,
        offset: usize,
        limit: usize,
    ) -> Option<(usize, Vec<i64>)> {
        let (lo, hi) = self.positions(c)?;
        let mut ty = None;
        let mut sub = None;
        let mut fat_min: Option<i64> = None;
        for cond in &c.conds {
            match (cond.col, cond.op) {
                (Col::Day, _) => {}
                (Col::Type, "=") => match self.name_id(&cond.val)? {
                    Some(i) => ty = Some(i),
                    None => return Some((0, Vec::new())),
                },
                (Col::Sub, "=") => match self.name_id(&cond.val)? {
                    Some(i) => sub = Some(i),
                    None => return Some((0, Vec::new())),
                },
                (Col::Fat, ">=") => match cond.val {
                    Value::Integer(v) => fat_min = Some(fat_min.map_or(v, |m: i64| m.max(v))),
                    _ => return None,
                },
                _ => return None,
            }
        }
        // Only the country test lives in `extra`; anything else is for SQL.
        if c.extra.len() != usize::from(c.country.is_some()) {
            return None;
        }
        let countries: Option<Vec<bool>> = c.country.as_deref().map(|want| {
            self.countries
                .iter()
                .map(|x| x.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(want)))
                .collect()
        });
        // Bitset of the candidates: keys, terms, type, sub-type and salience; then a pass over
        // its set bits in `[lo, hi)` tests what is left (fatalities, country, box, geometry).
        let n = self.len();
        let mut bits: Vec<u64> = vec![u64::MAX; words(n)];
        let and =
            |bits: &mut Vec<u64>, b: &[u64]| bits.iter_mut().zip(b).for_each(|(x, y)| *x &= y);
        for k in &c.keys {
            and(&mut bits, &self.key_bits(k));
        }
        for t in &c.terms {
            let mut b = vec![0u64; words(n)];
            if let Some(p) = self.terms.get(t.as_str()) {
                p.iter().for_each(|&i| set(&mut b, i));
            }
            and(&mut bits, &b);
        }
        for (want, sets) in [(ty, &self.ty_bits), (sub, &self.sub_bits)] {
            if let Some(t) = want {
                match sets.get(&t) {
                    Some(b) => and(&mut bits, b),
                    None => return Some((0, Vec::new())),
                }
            }
        }
        if c.main_only {
            and(&mut bits, &self.main);
        }
        // Clear everything outside the date range.
        for (w, x) in bits.iter_mut().enumerate() {
            let (a, b) = (w * 64, w * 64 + 64);
            if b <= lo || a >= hi {
                *x = 0;
            } else {
                if a < lo {
                    *x &= u64::MAX << (lo - a);
                }
                if b > hi {
                    *x &= u64::MAX >> (b - hi);
                }
            }
        }
        let residual =
            fat_min.is_some() || countries.is_some() || c.bbox.is_some() || !c.post.is_empty();
        let keep = |pos: u32| -> bool {
            if !residual {
                return true;
            }
            let i = pos as usize;
            if let Some(m) = fat_min {
                if self.fat[i].is_none_or(|f| f < m) {
                    return false;
                }
            }
            if let Some(cs) = &countries {
                if !cs[self.country[i] as usize] {
                    return false;
                }
            }
            if let Some(b) = c.bbox {
                if !self.in_box(pos, b) {
                    return false;
                }
            }
            c.post.iter().all(|g| g.keep(self.lat[i], self.lon[i]))
        };
        // Without residual tests every set bit matches: the total is the bit count and the walk
        // stops once the page is full.
        let matches: usize = bits.iter().map(|x| x.count_ones() as usize).sum();
        let mut total = 0usize;
        let mut page = Vec::with_capacity(limit.min(1000));
        // Returns whether the walk must go on.
        let mut take = |pos: u32| -> bool {
            if residual && !keep(pos) {
                return true;
            }
            if total >= offset && page.len() < limit {
                page.push(self.seq[pos as usize]);
            }
            total += 1;
            residual || page.len() < limit
        };
        match sort {
            EventSort::DateDesc => {
                'words: for (w, &x) in bits.iter().enumerate() {
                    let mut x = x;
                    while x != 0 {
                        let b = x.trailing_zeros();
                        x &= x - 1;
                        if !take(w as u32 * 64 + b) {
                            break 'words;
                        }
                    }
                }
            }
            EventSort::DateAsc => {
                'words: for (w, &x) in bits.iter().enumerate().rev() {
                    let mut x = x;
                    while x != 0 {
                        let b = 63 - x.leading_zeros();
                        x &= !(1u64 << b);
                        if !take(w as u32 * 64 + b) {
                            break 'words;
                        }
                    }
                }
            }
            EventSort::FatalitiesDesc => {
                if matches * 8 < n {
                    // Few matches: sort them (stable: ties stay in date order).
                    let mut v: Vec<u32> = Vec::with_capacity(matches);
                    for (w, &x) in bits.iter().enumerate() {
                        let mut x = x;
                        while x != 0 {
                            let b = x.trailing_zeros();
                            x &= x - 1;
                            v.push(w as u32 * 64 + b);
                        }
                    }
                    v.sort_by(|a, b| self.fat[*b as usize].cmp(&self.fat[*a as usize]));
                    for p in v {
                        if !take(p) {
                            break;
                        }
                    }
                } else {
                    for &p in &self.by_fat {
                        if get(&bits, p) && !take(p) {
                            break;
                        }
                    }
                }
            }
        }
        if !residual {
            total = matches;
        }
        Some((total, page))
    }
}

/// The server's handle on the memory index: the current copy and the build schedule.
#[derive(Default)]
pub(crate) struct MemState {
    pub(crate) enabled: bool,
    pub(crate) current: Option<Arc<MemIndex>>,
    building: bool,
    /// No rebuild starts before this instant (spacing after the last build).
    not_before: Option<Instant>,
}

/// Builds the index for generation `gen` from the database at `path`, then installs it.
pub(crate) fn build_into(
    state: &Mutex<MemState>,
    path: &std::path::Path,
    gen: u64,
) -> Result<(), StoreError> {
    let t = Instant::now();
    let r = (|| {
        let conn = crate::db::connect(path)?;
        conn.execute_batch("PRAGMA query_only=1;").map_err(db_err)?;
        MemIndex::build(&conn, gen)
    })();
    let took = t.elapsed();
    let mut s = state
        .lock()
        .map_err(|_| db_err("memory index lock poisoned"))?;
    s.building = false;
    s.not_before = Some(Instant::now() + took * 2);
    let ix = r?;
    tracing::info!(
        events = ix.len(),
        mb = ix.heap_bytes() / 1_000_000,
        ms = took.as_millis() as u64,
        "memory event index built"
    );
    if s.current.as_ref().is_none_or(|c| c.gen < ix.gen) {
        s.current = Some(Arc::new(ix));
    }
    Ok(())
}

/// The copy for generation `gen` if there is one; otherwise schedules a build (at most one at a
/// time, spaced after the previous one) on a background thread and returns `None`.
pub(crate) fn fresh(
    state: &Arc<Mutex<MemState>>,
    path: &std::path::Path,
    gen: u64,
) -> Option<Arc<MemIndex>> {
    let mut s = state.lock().ok()?;
    if !s.enabled {
        return None;
    }
    if let Some(c) = &s.current {
        if c.gen == gen {
            return Some(c.clone());
        }
    }
    // Stale: let it go (memory), and build a new one when allowed.
    s.current = None;
    let due = s.not_before.is_none_or(|t| Instant::now() >= t);
    if !s.building && due {
        s.building = true;
        let st = state.clone();
        let path = path.to_path_buf();
        let spawned = std::thread::Builder::new()
            .name("rasd-memindex".into())
            .spawn(move || {
                if let Err(e) = build_into(&st, &path, gen) {
                    tracing::warn!("memory event index not built: {e}");
                }
            });
        if spawned.is_err() {
            s.building = false;
            s.not_before = Some(Instant::now() + Duration::from_secs(5));
        }
    }
    None
}
