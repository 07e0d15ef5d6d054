//! Debug helper: `cargo run -p rasd-extract --example extract_dump -- PAGE.html[.gz] [URL]` prints the extraction.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: dump PAGE.html [URL]");
        return;
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return;
        }
    };
    let mut rec = rasd_ingest::Record::new(path.clone(), rasd_ingest::Body::Html(bytes));
    rec.url = args.get(2).cloned();
    if let (Ok(find), rasd_ingest::Body::Html(b)) = (std::env::var("FIND"), &rec.body) {
        let (text, ..) = rasd_extract::encoding::decode(b, None);
        let dom = rasd_extract::dom::Dom::parse(&text);
        let a = rasd_extract::body::analyse(&dom, true);
        for i in 0..dom.nodes.len() {
            if dom.nodes[i].tag == rasd_extract::dom::Tag::Text && dom.text(i).contains(&find) {
                let mut p = i as u32;
                while p != rasd_extract::dom::NONE {
                    let k = p as usize;
                    println!(
                        "  {k} {:?} class={:?} id={:?} removed={} len={} link={}",
                        dom.nodes[k].tag,
                        dom.attr(k, rasd_extract::dom::AttrName::Class),
                        dom.attr(k, rasd_extract::dom::AttrName::Id),
                        a.removed[k],
                        a.len[k],
                        a.link_len[k]
                    );
                    p = dom.nodes[k].parent;
                }
                break;
            }
        }
    }
    let ex = rasd_extract::extract(&rec);
    println!("{:#?}", ex.doc.meta);
    println!(
        "links: {:?}\nwarnings: {:?}\n---",
        ex.doc.links, ex.warnings
    );
    for p in &ex.doc.paragraphs {
        println!("¶ {}", ex.doc.span_text(*p));
    }
}
