//! The address of the person behind a request. Production runs behind a TLS-terminating
//! proxy, so the TCP peer is the proxy: the client is then read from `X-Forwarded-For`,
//! but only when the peer is a proxy the operator named (`PORTAL_TRUSTED_PROXIES`), and
//! only the right-most hop outside those proxies — every hop to its left was written by
//! the client itself and can say anything. With no trusted proxy the header is ignored.
//! The rate limits and the request log both use this one answer.

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

const FORWARDED_FOR: &str = "x-forwarded-for";

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma- or space-separated list of CIDR blocks or single addresses
    /// (`10.0.0.0/8, 192.168.1.7, ::1`).
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split([',', ' ', '\n', '\t'])
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse::<IpNet>()
                    .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                    .map(|net| canonical_net(net.trunc()))
                    .map_err(|_| format!("{item:?} is not an address or a CIDR block"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|net| net.contains(&address))
    }

    /// The client behind `peer`, given the `X-Forwarded-For` values in the order they
    /// arrived.
    pub fn client<'a>(&self, peer: IpAddr, forwarded_for: impl Iterator<Item = &'a str>) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusts(peer) {
            return peer;
        }
        let hops: Vec<&str> = forwarded_for
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer;
        for hop in hops.iter().rev() {
            let Some(address) = parse_hop(hop) else {
                // A hop no proxy of ours wrote: the last address we could vouch for stands.
                return client;
            };
            client = address;
            if !self.trusts(address) {
                return address;
            }
        }
        client
    }
}

/// `X-Forwarded-For` hops are plain addresses; some proxies add a port (`1.2.3.4:5678`,
/// `[::1]:443`).
fn parse_hop(hop: &str) -> Option<IpAddr> {
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(canonical(address));
    }
    if let Ok(socket) = hop.parse::<std::net::SocketAddr>() {
        return Some(canonical(socket.ip()));
    }
    None
}

/// IPv4 addresses mapped into IPv6 (`::ffff:10.0.0.1`) are the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    }
}

/// A block of IPv4-mapped IPv6 addresses is the IPv4 block.
fn canonical_net(net: IpNet) -> IpNet {
    match net {
        IpNet::V6(v6) if v6.prefix_len() >= 96 => v6
            .addr()
            .to_ipv4_mapped()
            .and_then(|v4| ipnet::Ipv4Net::new(v4, v6.prefix_len() - 96).ok())
            .map_or(IpNet::V6(v6), IpNet::V4),
        other => other,
    }
}

fn forwarded_values(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all(FORWARDED_FOR)
        .filter_map(|value| value.to_str().ok())
}

/// The client address of `req`, as text for rate-limit buckets and logs; `unknown` when
/// the connection has no peer address (never the case over TCP).
pub fn of_request(req: &HttpRequest, proxies: &TrustedProxies) -> String {
    req.peer_addr().map_or_else(
        || "unknown".to_owned(),
        |peer| {
            proxies
                .client(peer.ip(), forwarded_values(req.headers()))
                .to_string()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))
    }

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::parse(list).unwrap_or_default()
    }

    #[test]
    fn with_no_trusted_proxy_the_header_is_ignored() {
        let client = TrustedProxies::default().client(ip("10.0.0.5"), ["203.0.113.9"].into_iter());
        assert_eq!(client, ip("10.0.0.5"));
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_cannot_name_another_client() {
        let client = proxies("10.0.0.0/8").client(ip("198.51.100.4"), ["203.0.113.9"].into_iter());
        assert_eq!(client, ip("198.51.100.4"));
    }

    #[test]
    fn the_right_most_hop_outside_the_proxies_is_the_client() {
        let trusted = proxies("10.0.0.0/8, 192.168.0.1");
        // The client wrote "1.2.3.4" itself; the edge proxy appended the real address.
        let client = trusted.client(
            ip("10.0.0.5"),
            ["1.2.3.4, 203.0.113.9", "192.168.0.1"].into_iter(),
        );
        assert_eq!(client, ip("203.0.113.9"));
    }

    #[test]
    fn hops_with_ports_and_mapped_addresses_are_read() {
        let trusted = proxies("::ffff:10.0.0.0/104, 127.0.0.1");
        assert_eq!(
            trusted.client(ip("127.0.0.1"), ["203.0.113.9:4711"].into_iter()),
            ip("203.0.113.9")
        );
        assert_eq!(
            trusted.client(ip("::ffff:127.0.0.1"), ["[2001:db8::1]:443"].into_iter()),
            ip("2001:db8::1")
        );
    }

    #[test]
    fn garbage_stops_the_walk_at_the_last_address_vouched_for() {
        let trusted = proxies("10.0.0.0/8");
        assert_eq!(
            trusted.client(ip("10.0.0.5"), ["nonsense, 10.0.0.9"].into_iter()),
            ip("10.0.0.9")
        );
        assert_eq!(
            trusted.client(ip("10.0.0.5"), std::iter::empty()),
            ip("10.0.0.5")
        );
    }

    #[test]
    fn bad_lists_are_refused_with_the_item() {
        assert!(TrustedProxies::parse("10.0.0.0/8, banana").is_err_and(|e| e.contains("banana")));
        assert!(TrustedProxies::parse("").is_ok_and(|p| p.is_empty()));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }
}
