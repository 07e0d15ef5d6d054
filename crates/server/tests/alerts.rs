//! Zone alerts end to end over a real store: the Atom feed under a strict parse (RFC 4287's
//! required elements), and webhooks delivered to a local HTTP receiver (inside vs outside the
//! zone, signature, retries, the background sender).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use rasd_doc::{Document, EventAnn, Meta, Span};
use rasd_server::alerts::{self, AlertConfig, SIGNATURE_HEADER};
use rasd_store::{Store, ZoneGeometry, ZoneSpec};

mod common;
use common::*;

/// One article with one main event at a point.
fn report(id: &str, place: &str, admin1: &str, (lat, lon): (f64, f64)) -> Document {
    let text = format!("انفجرت عبوة ناسفة بسيارة عسكرية قرب {place} صباح اليوم.");
    Document {
        id: id.into(),
        meta: Meta {
            url: Some(format!("https://outlet.example/{id}")),
            title: Some(format!("انفجار قرب {place}")),
            published: Some("2024-03-18".into()),
            source: Some("outlet".into()),
            ..Default::default()
        },
        events: vec![EventAnn {
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: "Remote explosive/landmine/IED".into(),
            plover: "ASSAULT".into(),
            date: Some("2024-03-18".into()),
            time_precision: 1,
            location: Some(place.into()),
            admin1: Some(admin1.into()),
            country: Some("SY".into()),
            lat: Some(lat),
            lon: Some(lon),
            geo_precision: 1,
            evidence: Span::new(0, text.len()),
            ..Default::default()
        }],
        text,
        ..Default::default()
    }
}

/// An Idlib box around Ariha and Saraqib.
fn idlib_zone(store: &Store) -> rasd_store::Zone {
    store
        .put_zone(ZoneSpec {
            name: "جنوب إدلب".into(),
            geometry: ZoneGeometry::Polygon {
                rings: vec![vec![
                    [36.4, 35.6],
                    [36.9, 35.6],
                    [36.9, 36.0],
                    [36.4, 36.0],
                    [36.4, 35.6],
                ]],
            },
        })
        .unwrap()
}

/// A request the receiver got.
#[derive(Debug)]
struct Received {
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A local HTTP receiver: answers each request with the next status of `statuses` (then 200)
/// and sends what it got to the channel.
fn receiver(statuses: Vec<u16>) -> (String, mpsc::Receiver<Received>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hooks/rasd", l.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for conn in l.incoming() {
            let Ok(mut s) = conn else { continue };
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            r.read_line(&mut line).unwrap();
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            let mut headers = Vec::new();
            loop {
                let mut h = String::new();
                r.read_line(&mut h).unwrap();
                let h = h.trim_end();
                if h.is_empty() {
                    break;
                }
                if let Some((k, v)) = h.split_once(':') {
                    headers.push((k.trim().to_string(), v.trim().to_string()));
                }
            }
            let len: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; len];
            r.read_exact(&mut body).unwrap();
            let status = statuses.next().unwrap_or(200);
            let _ = write!(
                s,
                "HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
            if tx
                .send(Received {
                    path,
                    headers,
                    body,
                })
                .is_err()
            {
                break;
            }
        }
    });
    (url, rx)
}

fn quick() -> AlertConfig {
    AlertConfig {
        poll: Duration::from_millis(50),
        backoff: Duration::ZERO,
        max_attempts: 3,
        timeout: Duration::from_secs(10),
        base_url: "http://127.0.0.1:8080".into(),
    }
}

#[test]
fn webhook_gets_new_events_inside_the_zone_signed_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // An event from before the webhook existed is never sent.
    store
        .put_documents(vec![report("old", "أريحا", "Idlib", (35.81, 36.61))])
        .unwrap();
    let zone = idlib_zone(&store);
    let (url, rx) = receiver(vec![]);
    let hook = store.add_webhook(&zone.id, &url, "s3cret").unwrap();
    assert!(store
        .add_webhook(&zone.id, "https://x.example/", "s")
        .is_err());
    assert!(store.add_webhook("nope", &url, "s").is_err());

    store
        .put_documents(vec![
            report("in", "سراقب", "Idlib", (35.86, 36.80)),
            report("out", "درعا", "Dar'a", (32.62, 36.10)),
        ])
        .unwrap();
    let r = alerts::run_once(&store, &quick()).unwrap();
    assert_eq!((r.queued, r.delivered, r.retried, r.failed), (1, 1, 0, 0));
    let got = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(got.path, "/hooks/rasd");
    assert_eq!(got.header("content-type"), Some("application/json"));
    let sig = got.header(SIGNATURE_HEADER).unwrap().to_string();
    assert!(alerts::verify_signature("s3cret", &got.body, &sig));
    assert!(!alerts::verify_signature("other", &got.body, &sig));
    let v: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(v["zone"]["id"], zone.id.as_str());
    assert_eq!(v["event"]["location"], "سراقب");
    assert_eq!(v["event"]["sources"][0]["article_id"], "in");
    let eid = v["event"]["id"].as_str().unwrap();
    assert_eq!(
        got.header("x-rasd-delivery"),
        Some(format!("{}/{eid}", hook.id).as_str())
    );
    assert!(v["summary"]
        .as_str()
        .unwrap()
        .starts_with("On 18 March 2024"));
    assert_eq!(
        v["link"],
        format!("http://127.0.0.1:8080/#/events/{eid}").as_str()
    );
    // Nothing more: not the old event, not the one outside, not the same one twice.
    let r = alerts::run_once(&store, &quick()).unwrap();
    assert_eq!(r, alerts::PassReport::default());
    assert!(rx.try_recv().is_err());
    let hooks = store.webhooks(Some(&zone.id)).unwrap();
    assert_eq!(hooks[0].deliveries, vec![("delivered".to_string(), 1)]);
    // The secret is never serialized.
    assert!(!serde_json::to_string(&hooks).unwrap().contains("s3cret"));
    // Removing the zone removes its webhooks.
    assert!(store.delete_zone(&zone.id).unwrap());
    assert!(store.webhooks(None).unwrap().is_empty());
}

#[test]
fn failed_deliveries_are_retried_then_given_up() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let zone = idlib_zone(&store);
    let (url, rx) = receiver(vec![503, 500]);
    store.add_webhook(&zone.id, &url, "k").unwrap();
    store
        .put_documents(vec![report("a", "أريحا", "Idlib", (35.81, 36.61))])
        .unwrap();
    let mut cfg = quick();
    cfg.max_attempts = 5;
    // 503: kept for a retry (backoff zero here, so it is due again at once and retried in
    // the same pass until it succeeds).
    let r = alerts::run_once(&store, &cfg).unwrap();
    assert_eq!((r.queued, r.delivered, r.retried, r.failed), (1, 1, 2, 0));
    let bodies: Vec<Received> = (0..3)
        .map(|_| rx.recv_timeout(Duration::from_secs(30)).unwrap())
        .collect();
    // Every attempt carries the same body and signature.
    assert!(bodies.windows(2).all(|w| w[0].body == w[1].body));

    assert!(store.delete_zone(&zone.id).unwrap());

    // A receiver that keeps failing is given up after max_attempts.
    let (url2, rx2) = receiver(vec![500; 10]);
    let z2 = store
        .put_zone(ZoneSpec {
            name: "M4".into(),
            geometry: ZoneGeometry::Corridor {
                road: "M4".into(),
                km: 6.0,
            },
        })
        .unwrap();
    store.add_webhook(&z2.id, &url2, "k").unwrap();
    store
        .put_documents(vec![report("b", "جسر الشغور", "Idlib", (35.8126, 36.3175))])
        .unwrap();
    cfg.max_attempts = 2;
    let r = alerts::run_once(&store, &cfg).unwrap();
    assert_eq!((r.queued, r.delivered, r.retried, r.failed), (1, 0, 1, 1));
    for _ in 0..2 {
        rx2.recv_timeout(Duration::from_secs(30)).unwrap();
    }
    assert_eq!(
        store.webhooks(Some(&z2.id)).unwrap()[0].deliveries,
        vec![("failed".to_string(), 1)]
    );
    assert!(store.delete_zone(&z2.id).unwrap());

    // A client error other than 408/429 is not retried.
    let (url3, rx3) = receiver(vec![404]);
    let z3 = idlib_zone(&store);
    store.add_webhook(&z3.id, &url3, "k").unwrap();
    store
        .put_documents(vec![report("c", "سراقب", "Idlib", (35.86, 36.80))])
        .unwrap();
    cfg.max_attempts = 5;
    let r = alerts::run_once(&store, &cfg).unwrap();
    assert_eq!((r.queued, r.delivered, r.retried, r.failed), (1, 0, 0, 1));
    rx3.recv_timeout(Duration::from_secs(30)).unwrap();
    assert!(rx3.try_recv().is_err());
}

#[test]
fn background_sender_delivers_without_being_asked() {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let zone = idlib_zone(&store);
    let (url, rx) = receiver(vec![]);
    store.add_webhook(&zone.id, &url, "bg").unwrap();
    let sender = alerts::spawn(store.clone(), quick()).unwrap();
    store
        .put_documents(vec![report("c", "أريحا", "Idlib", (35.81, 36.61))])
        .unwrap();
    let got = rx.recv_timeout(Duration::from_secs(60)).expect("no alert");
    assert!(alerts::verify_signature(
        "bg",
        &got.body,
        got.header(SIGNATURE_HEADER).unwrap()
    ));
    drop(sender);
}

/// The feed under a strict XML parse: exactly the elements RFC 4287 requires of a feed and of
/// its entries, RFC 3339 dates, a self link to the feed's own URL, entry ids that do not change
/// between fetches.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn atom_feed_has_the_rfc_4287_elements() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store
        .put_documents(rasd_server::sample::documents(60))
        .unwrap();
    let zone = store
        .put_zone(ZoneSpec {
            name: "M4 <corridor> & co".into(),
            geometry: ZoneGeometry::Corridor {
                road: "M4".into(),
                km: 6.0,
            },
        })
        .unwrap();
    let empty = store
        .put_zone(ZoneSpec {
            name: "sea".into(),
            geometry: ZoneGeometry::Polygon {
                rings: vec![vec![[33.0, 34.0], [33.5, 34.0], [33.5, 34.5], [33.0, 34.0]]],
            },
        })
        .unwrap();
    let backend = rasd_server::store_backend::StoreBackend::new(store);
    let app = rasd_server::router(rasd_server::AppState::new(Arc::new(backend), "t"));
    let fetch = |id: String| {
        let app = app.clone();
        async move {
            let req = axum::http::Request::get(format!("/zones/{id}/feed.atom"))
                .header("host", "localhost:8080")
                .body(axum::body::Body::empty())
                .unwrap();
            send(&app, req).await.text()
        }
    };
    let xml = fetch(zone.id.clone()).await;
    let feed = parse_atom(&xml);
    assert_eq!(feed.title, "rasd — M4 <corridor> & co");
    assert_eq!(feed.id, format!("urn:rasd:zone:{}", zone.id));
    assert_eq!(
        feed.self_link.as_deref(),
        Some(format!("http://localhost:8080/zones/{}/feed.atom", zone.id).as_str())
    );
    assert!(!feed.entries.is_empty());
    let again = parse_atom(&fetch(zone.id.clone()).await);
    let ids = |f: &Feed| f.entries.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&feed), ids(&again));
    let mut uniq = ids(&feed);
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), feed.entries.len());
    // The feed is as new as its newest entry.
    assert_eq!(
        feed.updated,
        feed.entries.iter().map(|e| e.1.clone()).max().unwrap()
    );
    // A zone without events still has a valid feed, dated by the zone's creation.
    let f2 = parse_atom(&fetch(empty.id.clone()).await);
    assert!(f2.entries.is_empty());
    assert_eq!(f2.updated, empty.created_at);
}

/// An element opens: it must be in the Atom namespace; links are recorded.
fn on_start(
    stack: &mut Vec<String>,
    e: &quick_xml::events::BytesStart,
    ns: quick_xml::name::ResolveResult,
    empty: bool,
    entry_has_link: &mut bool,
    feed: &mut Feed,
) {
    assert!(
        matches!(ns, quick_xml::name::ResolveResult::Bound(n) if n.as_ref() == b"http://www.w3.org/2005/Atom"),
        "element outside the Atom namespace"
    );
    let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
    if name == "link" {
        let attr = |k: &[u8]| {
            e.attributes()
                .map(|a| a.unwrap())
                .find(|a| a.key.as_ref() == k)
                .map(|a| {
                    quick_xml::escape::unescape(std::str::from_utf8(&a.value).unwrap())
                        .unwrap()
                        .into_owned()
                })
        };
        let href = attr(b"href").expect("link without href");
        let rel = attr(b"rel").unwrap_or_else(|| "alternate".into());
        if stack.last().map(String::as_str) == Some("entry") {
            *entry_has_link = true;
        } else if rel == "self" {
            assert!(feed.self_link.is_none(), "two self links");
            feed.self_link = Some(href);
        }
    }
    if !empty {
        stack.push(name);
    }
}

struct Feed {
    id: String,
    title: String,
    updated: String,
    self_link: Option<String>,
    /// (id, updated) of each entry.
    entries: Vec<(String, String)>,
}

fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && (s.ends_with('Z') || s[19..].contains(['+', '-']))
        && s[..4].bytes().all(|c| c.is_ascii_digit())
}

/// Strict reading of an Atom document with quick-xml: well-formed, in the Atom namespace, one
/// `id`, `title`, `updated` and `author/name` at feed level, and in every entry one `id`,
/// `title`, `updated` and a `link` or `content`; ids are absolute IRIs.
fn parse_atom(xml: &str) -> Feed {
    use quick_xml::events::Event;
    use quick_xml::reader::NsReader;
    let mut r = NsReader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut feed = Feed {
        id: String::new(),
        title: String::new(),
        updated: String::new(),
        self_link: None,
        entries: Vec::new(),
    };
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    let mut entry: std::collections::HashMap<String, String> = Default::default();
    let mut entry_has_link = false;
    let mut feed_author_name = false;
    loop {
        let (ns, ev) = r.read_resolved_event().expect("well-formed XML");
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8(e.local_name().as_ref().to_vec()).unwrap();
                if name == "entry" {
                    entry.clear();
                    entry_has_link = false;
                }
                on_start(&mut stack, &e, ns, false, &mut entry_has_link, &mut feed);
                text.clear();
            }
            Event::Empty(e) => on_start(&mut stack, &e, ns, true, &mut entry_has_link, &mut feed),
            Event::Text(t) => text.push_str(&t.decode().unwrap()),
            Event::GeneralRef(g) => match g.resolve_char_ref().unwrap() {
                Some(c) => text.push(c),
                None => text.push(match g.decode().unwrap().as_ref() {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("undefined entity &{other};"),
                }),
            },
            Event::End(_) => {
                let name = stack.pop().unwrap();
                let parent = stack.last().cloned().unwrap_or_default();
                match (parent.as_str(), name.as_str()) {
                    ("feed", "id" | "title" | "updated") => {
                        *counts.entry(name.clone()).or_default() += 1;
                        let v = text.trim().to_string();
                        match name.as_str() {
                            "id" => feed.id = v,
                            "title" => feed.title = v,
                            _ => feed.updated = v,
                        }
                    }
                    ("author", "name") if stack.len() == 2 => {
                        feed_author_name = !text.trim().is_empty()
                    }
                    ("entry", "id" | "title" | "updated") => {
                        assert!(
                            entry
                                .insert(name.clone(), text.trim().to_string())
                                .is_none(),
                            "two {name} in an entry"
                        );
                    }
                    ("feed", "entry") => {
                        for k in ["id", "title", "updated"] {
                            assert!(entry.contains_key(k), "entry without {k}");
                        }
                        assert!(entry_has_link, "entry without link");
                        assert!(is_rfc3339(&entry["updated"]), "{}", entry["updated"]);
                        assert!(entry["id"].starts_with("urn:rasd:event:"));
                        feed.entries
                            .push((entry["id"].clone(), entry["updated"].clone()));
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(stack.is_empty());
    for k in ["id", "title", "updated"] {
        assert_eq!(counts.get(k), Some(&1), "feed needs exactly one {k}");
    }
    assert!(feed_author_name, "feed without author/name");
    assert!(is_rfc3339(&feed.updated), "{}", feed.updated);
    assert!(feed.self_link.is_some(), "feed without rel=self link");
    feed
}
