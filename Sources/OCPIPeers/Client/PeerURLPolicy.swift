import OCPIModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one rule for every URL the service calls on a peer's say-so (its versions URL, the URLs in its versions and
/// details, later `response_url`s): `http` or `https`, no user info, and a host whose every address is one we may
/// call. A name is resolved here, and the call is then made to the address checked (`Destination.pinned`), so
/// that a second DNS answer cannot steer the connection elsewhere (DNS rebinding).
///
/// Refused: loopback, link-local, private (with carrier-grade NAT), unspecified, multicast and reserved addresses;
/// `allowPrivateNetworks` (`PEER_ALLOW_PRIVATE_NETWORKS=true`) opens loopback and private ones, for peers inside
/// the operator's own network and for tests on loopback.
public struct PeerURLPolicy: Sendable {
    public var allowPrivateNetworks: Bool
    let resolver: any HostResolver

    public init(allowPrivateNetworks: Bool = false, resolver: any HostResolver = SystemHostResolver()) {
        self.allowPrivateNetworks = allowPrivateNetworks
        self.resolver = resolver
    }

    /// Where a checked URL is called.
    public struct Destination: Sendable, Hashable {
        /// The URL's host as the HTTP client reads it (`URL.host`, IPv6 brackets removed).
        public var host: String
        /// The address the HTTP client must connect to for `host`, when `host` is a name; nil when `host` is an
        /// address literal, which the client connects to as written.
        public var pinned: IPAddress?
        /// The address the call goes to.
        public var address: IPAddress
    }

    /// Checks `url` and resolves its host; throws, with the reason for the operator, when it may not be called.
    public func check(_ url: String) async throws(PeerURLRefusal) -> Destination {
        let host = try Self.host(of: url)
        if let literal = IPAddress(host) {
            try judge(literal, url: url, host: host)
            return Destination(host: host, pinned: nil, address: literal)
        }
        let addresses: [IPAddress]
        do {
            addresses = try await resolver.addresses(of: host)
        } catch {
            throw PeerURLRefusal(url: url, reason: "\(error)", isResolutionFailure: true)
        }
        guard let first = addresses.first else {
            throw PeerURLRefusal(url: url, reason: "cannot resolve \(host): no address", isResolutionFailure: true)
        }
        // Every address, not only the one connected to: a name that also points inside is not a peer's.
        for address in addresses { try judge(address, url: url, host: host) }
        return Destination(host: host, pinned: first, address: first)
    }

    /// The host of an `http` or `https` URL without user info, read as the HTTP client reads it.
    public static func host(of url: String) throws(PeerURLRefusal) -> String {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            throw PeerURLRefusal(url: url, reason: "not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw PeerURLRefusal(url: url, reason: "the scheme \(scheme) is not http or https")
        }
        guard parsed.user == nil && parsed.password == nil else {
            throw PeerURLRefusal(url: url, reason: "a URL with user info is not called")
        }
        var host = Substring(parsed.host ?? "")
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw PeerURLRefusal(url: url, reason: "the URL has no host") }
        return String(host)
    }

    func judge(_ address: IPAddress, url: String, host: String) throws(PeerURLRefusal) {
        let scope = address.scope
        guard scope != .global, !(allowPrivateNetworks && scope.opensWithPrivateNetworks) else { return }
        let via = host == address.description ? "" : "\(host) resolves to "
        let hint = scope.opensWithPrivateNetworks ? "; PEER_ALLOW_PRIVATE_NETWORKS=true allows it" : ""
        throw PeerURLRefusal(url: url, reason: "\(via)\(address) (\(scope.rawValue)), an address peers may not make us call\(hint)")
    }
}

/// A URL the policy will not call, and why (for the log and the peer's `last_error`, never for the caller).
public struct PeerURLRefusal: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    /// The name did not resolve: a network failure, worth a retry, rather than a URL we refuse.
    public var isResolutionFailure = false

    public var description: String { UntrustedText.escaped("\(reason) (\(url))") }
}
