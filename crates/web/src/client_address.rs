//! The client's address, as sign-in throttling counts it: the socket peer, or, behind
//! reverse proxies of ours, the address the outermost of them saw (`trusted_proxies`).
//! Everything a client writes into `X-Forwarded-For` itself is ignored.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::request::Parts;
use axum::http::HeaderMap;

/// The client's address, for throttling.
///
/// Behind `trusted_proxies` reverse proxies of ours, each appends to `X-Forwarded-For` the
/// address it received the request from, so the list ends with what our proxies wrote and
/// begins with whatever the client wrote. The `trusted_proxies`-th entry from the right was
/// written by the outermost of our proxies: it is the client as that proxy saw it, and the
/// first address no client can choose. With no trusted proxy (0) the header is ignored;
/// when it is shorter than the chain or that entry is not an address, the socket peer is
/// used, so a malformed header never yields a made-up key.
pub fn client_address(parts: &Parts, trusted_proxies: usize) -> String {
    forwarded_client(&parts.headers, trusted_proxies)
        .or_else(|| {
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip())
        })
        // One spelling per address: a dual-stack socket reports IPv4 clients as `::ffff:a.b.c.d`.
        .map(|ip| ip.to_canonical().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The address our outermost trusted proxy put in `X-Forwarded-For`, if it is there.
fn forwarded_client(headers: &HeaderMap, trusted_proxies: usize) -> Option<IpAddr> {
    let from_right = trusted_proxies.checked_sub(1)?;
    // A proxy may add a header line of its own instead of extending the last one: the
    // lines, in order, make one list. Read as bytes, so that junk the client wrote on the
    // left cannot spoil the entry our proxy wrote on the right.
    let hops: Vec<&[u8]> = headers
        .get_all("x-forwarded-for")
        .iter()
        .flat_map(|line| line.as_bytes().split(|b| *b == b','))
        .collect();
    let hop = std::str::from_utf8(hops.iter().rev().nth(from_right)?)
        .ok()?
        .trim();
    // Some proxies write the client's port too (`a.b.c.d:port`, `[v6]:port`).
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, Request};

    fn parts(forwarded: &[&str], peer: Option<&str>) -> Parts {
        let mut req = Request::get("/login");
        for line in forwarded {
            req = req.header("x-forwarded-for", *line);
        }
        let (mut parts, ()) = req.body(()).unwrap().into_parts();
        if let Some(peer) = peer {
            let peer: SocketAddr = peer.parse().unwrap();
            parts.extensions.insert(ConnectInfo(peer));
        }
        parts
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let p = parts(&["198.51.100.9"], Some("203.0.113.7:4000"));
        assert_eq!(client_address(&p, 0), "203.0.113.7");
        assert_eq!(
            client_address(&parts(&["198.51.100.9"], None), 0),
            "unknown"
        );
    }

    #[test]
    fn the_address_our_proxy_appended_is_taken_not_the_spoofed_first_hop() {
        let peer = Some("10.0.0.2:4000");
        // The client wrote "1.1.1.1, 2.2.2.2"; our one proxy appended 198.51.100.9.
        let p = parts(&["1.1.1.1, 2.2.2.2, 198.51.100.9"], peer);
        assert_eq!(client_address(&p, 1), "198.51.100.9");
        // Two proxies of ours: the outer one appended the client, the inner one the outer.
        let p = parts(&["1.1.1.1, 198.51.100.9, 10.0.0.1"], peer);
        assert_eq!(client_address(&p, 2), "198.51.100.9");
        // The inner proxy added its own header line.
        let p = parts(&["1.1.1.1, 198.51.100.9", "10.0.0.1"], peer);
        assert_eq!(client_address(&p, 2), "198.51.100.9");
        // Ports and IPv6, written in one spelling.
        let p = parts(&["1.1.1.1, [2001:db8::1]:5555"], peer);
        assert_eq!(client_address(&p, 1), "2001:db8::1");
        let p = parts(&["198.51.100.9:5555"], peer);
        assert_eq!(client_address(&p, 1), "198.51.100.9");
        let p = parts(&["::ffff:198.51.100.9"], peer);
        assert_eq!(client_address(&p, 1), "198.51.100.9");
    }

    #[test]
    fn a_short_or_malformed_header_falls_back_to_the_socket() {
        let peer = Some("10.0.0.2:4000");
        for header in [
            &["198.51.100.9"][..],
            &[][..],
            &["not-an-address, 10.0.0.1"][..],
            &[", 10.0.0.1"][..],
        ] {
            assert_eq!(
                client_address(&parts(header, peer), 2),
                "10.0.0.2",
                "{header:?}"
            );
        }
        // What the client wrote on the left, however malformed, does not matter.
        let junk = HeaderValue::from_bytes(b"\xff\xfe, 198.51.100.9").unwrap();
        let mut p = parts(&[], peer);
        p.headers.insert("x-forwarded-for", junk);
        assert_eq!(client_address(&p, 1), "198.51.100.9");
        let p = parts(&["1.1.1.1, evil"], peer);
        assert_eq!(client_address(&p, 1), "10.0.0.2");
        let p = parts(&["1.1.1.1, 198.51.100.9"], Some("[::ffff:10.0.0.2]:4000"));
        assert_eq!(client_address(&p, 3), "10.0.0.2");
    }
}
