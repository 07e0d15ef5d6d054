//! A real listener on 127.0.0.1:0: the UI loads, the API answers, and the load generator runs
//! against it without errors (no timing assertions: numbers come from `rasd bench http`).

use std::sync::Arc;

#[test]
fn real_listener_and_load_generator() {
    let backend = Arc::new(rasd_server::MemBackend::with_sample(50));
    let state = rasd_server::AppState::new(backend, "t");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = rasd_server::serve_blocking("127.0.0.1:0".parse().unwrap(), state, |a| {
            tx.send(a).unwrap()
        });
    });
    let addr = rx.recv().unwrap();
    let url = format!("http://{addr}");
    let paths: Vec<String> = rasd_server::loadtest::DEFAULT_PATHS
        .iter()
        .map(|s| s.to_string())
        .chain(["/".to_string()])
        .collect();
    use rasd_server::loadtest::{run, Mix, Requests};
    let r = run(&url, 4, 0.5, &Requests::Fixed(paths.clone())).unwrap();
    assert_eq!(r.errors, 0, "{:?}", r.error_samples);
    assert!(r.requests > 0);
    // The random mix: valid requests only, many distinct ones, the cache header counted.
    let mix = Mix {
        first_day: rasd_server::loadtest::days_of("2020-01-01").unwrap(),
        days: 365,
        ..Mix::default()
    };
    let r = run(&url, 4, 0.5, &Requests::Random(mix)).unwrap();
    assert_eq!(r.errors, 0, "{:?}", r.error_samples);
    assert!(r.distinct_paths > 10, "{r}");
    assert_eq!(r.cache.none, 0, "{r}");
    assert!(r.cache.miss > 0, "{r}");
    // With a think time.
    let r = rasd_server::loadtest::run_with(
        &url,
        4,
        0.3,
        &Requests::Fixed(paths.clone()),
        std::time::Duration::from_millis(20),
    )
    .unwrap();
    assert_eq!(r.errors, 0, "{:?}", r.error_samples);
    assert!(r.requests > 0 && r.think_ms == 20.0, "{r}");
    // Malformed request line: the server answers 400 and keeps running.
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"GARBAGE\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let r = run(&url, 1, 0.2, &Requests::Fixed(paths[..1].to_vec())).unwrap();
    assert_eq!(r.errors, 0);
}
