//! Date grammar (rasd-time): time expressions resolved against a publication date taken from
//! the first four bytes (any day from year 1 to 9999, or none), on the rest of the input.
//! Invariant: never panics, spans are char ranges of the text, resolved values are dates.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let Ok(text) = std::str::from_utf8(&data[4..]) else {
        return;
    };
    let published = match data[0] % 4 {
        0 => None,
        1 => Some((2020, 9, 5)),
        _ => {
            let y = 1 + i32::from(u16::from_le_bytes([data[1], data[2]]) % 9999);
            let m = 1 + u32::from(data[3] % 12);
            let d = 1 + u32::from(data[0] / 4 % 31);
            rasd_time::calendar::valid_date(y, m, d).then_some((y, m, d))
        }
    };
    let r = rasd_time::resolve_full(text, published);
    for d in &r.dates {
        let (a, b) = (d.span.start as usize, d.span.end as usize);
        assert!(a <= b && text.get(a..b).is_some(), "date span {a}..{b}");
    }
    let mut doc = rasd_doc::Document::new("fuzz", text);
    if let Some((y, m, d)) = published {
        doc.meta.published = Some(format!("{y:04}-{m:02}-{d:02}"));
    }
    rasd_arabic::segment(&mut doc);
    rasd_time::tag_dates(&mut doc);
    if let Err(e) = doc.validate() {
        panic!("invalid document after tag_dates: {e}");
    }
});
