//! Print the gazetteer entries for each name given on the command line, and load warnings.
fn main() {
    let g = rasd_geo::Gazetteer::embedded();
    for w in g.load_warnings() {
        eprintln!("warning: {w}");
    }
    eprintln!("{} entries, {} names", g.entries().len(), g.name_count());
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(|s| s.as_str()) == Some("-t") {
        for t in &args[1..] {
            for p in g.find_places(t) {
                println!(
                    "{}\t{:?}\t{}\t{:?},{:?}\tp{}\t{:.2}\t{}",
                    &t[p.span.range()],
                    p.gazetteer_id,
                    p.name,
                    p.lat,
                    p.lon,
                    p.geo_precision,
                    p.confidence,
                    p.reason
                );
            }
        }
        return;
    }
    for a in args {
        for e in g.lookup(&a) {
            println!(
                "{a}\t{}\t{}\t{}\t{:?}\t{}\t{}",
                e.id,
                e.kind.as_str(),
                e.name_en,
                e.point,
                e.admin1,
                e.country
            );
        }
    }
}
// (text mode: `lookup -t "نص"` prints the places found)
