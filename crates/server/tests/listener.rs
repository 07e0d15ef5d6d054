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
    let r = rasd_server::loadtest::run(&url, 4, 0.5, &paths).unwrap();
    assert_eq!(r.errors, 0, "{:?}", r.error_samples);
    assert!(r.requests > 0);
    // Malformed request line: the server answers 400 and keeps running.
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(b"GARBAGE\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let r = rasd_server::loadtest::run(&url, 1, 0.2, &paths[..1]).unwrap();
    assert_eq!(r.errors, 0);
}
