//! Noticing clients that went away before their request was computed.
//!
//! hyper does not read from a connection while its request is being handled, so a client that
//! gives up (a closed browser tab, a load-test timeout) is not noticed and its queued request
//! would still be computed. [`ClientConn`] keeps a duplicate of each connection's socket; before
//! starting an expensive computation the handler peeks at it: end of stream or an error means
//! nobody will read the answer, and the work is skipped.
//!
//! A client that half-closes its side after sending the request (rare for HTTP clients) looks
//! gone too. Without a socket (in-process tests, other platforms) a client always counts as
//! connected.

use std::sync::Arc;

use axum::extract::connect_info::{ConnectInfo, Connected};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::serve::IncomingStream;

/// Per-connection information attached by [`crate::serve_blocking`].
#[derive(Clone, Debug, Default)]
pub struct ClientConn(Option<Arc<std::net::TcpStream>>);

impl ClientConn {
    /// False when the peer closed the connection (or it failed); true when it is open, or
    /// when this cannot be told.
    pub fn is_open(&self) -> bool {
        let Some(s) = &self.0 else {
            return true;
        };
        let mut b = [0u8; 1];
        match s.peek(&mut b) {
            Ok(0) => false,
            Ok(_) => true,
            Err(e) => matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::Interrupted
            ),
        }
    }
}

impl Connected<IncomingStream<'_, tokio::net::TcpListener>> for ClientConn {
    fn connect_info(s: IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            let dup = s
                .io()
                .as_fd()
                .try_clone_to_owned()
                .ok()
                .map(std::net::TcpStream::from)
                // Shared with tokio's socket (already non-blocking): peeking never blocks.
                .filter(|t| t.set_nonblocking(true).is_ok())
                .map(Arc::new);
            ClientConn(dup)
        }
        #[cfg(not(unix))]
        {
            let _ = s;
            ClientConn(None)
        }
    }
}

/// Extractor: the request's [`ClientConn`] (always "open" when the server was not started by
/// [`crate::serve_blocking`], e.g. in-process tests).
#[derive(Clone, Debug, Default)]
pub struct Client(pub ClientConn);

impl<S: Send + Sync> FromRequestParts<S> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Client(
            parts
                .extensions
                .get::<ConnectInfo<ClientConn>>()
                .map(|c| c.0.clone())
                .unwrap_or_default(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn peek_tells_open_from_closed() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut c = std::net::TcpStream::connect(l.local_addr().unwrap()).unwrap();
        let (s, _) = l.accept().unwrap();
        s.set_nonblocking(true).unwrap();
        let conn = ClientConn(Some(Arc::new(s)));
        assert!(conn.is_open());
        c.write_all(b"x").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(conn.is_open(), "pending data: still open");
        drop(c);
        std::thread::sleep(std::time::Duration::from_millis(20));
        // The unread byte comes first; the test reads it away through a clone.
        let mut b = [0u8; 1];
        let _ = std::io::Read::read(&mut conn.0.as_deref().unwrap(), &mut b);
        assert!(!conn.is_open());
        assert!(ClientConn::default().is_open());
    }
}
