import NIOHTTP1
import OCPIModel

/// Reads a peer's versions and the details of one version: the first half of every credentials exchange.
public struct PeerDiscovery: Sendable {
    /// What a peer offers for the version chosen.
    public struct Discovered: Sendable {
        public var version: VersionNumber
        public var endpoints: [Endpoint]
        /// Their credentials endpoint, which every peer must list.
        public var credentialsURL: String
        /// The token format the peer accepted.
        public var tokenFormat: PeerToken.Format
    }

    let client: PeerClient

    public init(client: PeerClient) {
        self.client = client
    }

    /// Reads `versionsURL` and the details of `wanted`, or of the highest version both sides speak when nil: among
    /// `ours`, the versions this connection is offered. Requires a credentials endpoint, without which no exchange
    /// can be updated or ended.
    public func discover(
        versionsURL: String, token: PeerToken, wanted: VersionNumber?, among ours: [VersionNumber] = VersionNumber.supported
    ) async throws(RegistrationError) -> Discovered {
        let versions: PeerClient.Answer<[Version]>
        do {
            versions = try await client.call(.GET, versionsURL, token: token, as: [Version].self)
        } catch {
            throw .peerUnreachable(error)
        }
        let offered = versions.data ?? []
        let choice: Version
        if let wanted {
            guard let match = offered.first(where: { $0.version == wanted }) else {
                throw .unsupportedVersion(
                    "you called our \(wanted) credentials endpoint, but your versions list (\(offered.map(\.version.rawValue).joined(separator: ", "))) does not offer \(wanted)")
            }
            choice = match
        } else {
            guard let best = offered.filter({ ours.contains($0.version) }).max(by: { $0.version < $1.version }) else {
                throw .unsupportedVersion(
                    "no version in common: the peer offers \(offered.map(\.version.rawValue).joined(separator: ", ")); we offer it \(ours.map(\.rawValue).joined(separator: ", "))")
            }
            choice = best
        }
        let format = versions.tokenFormat
        let details: PeerClient.Answer<VersionDetails>
        do {
            details = try await client.call(.GET, choice.url, token: PeerToken(value: token.value, format: format), as: VersionDetails.self)
        } catch {
            throw .peerUnreachable(error)
        }
        guard let found = details.data else {
            throw .peerUnreachable(PeerCallError(.invalidResponse, message: "the version details carry no data", url: choice.url))
        }
        guard let credentials = found.endpoints.first(where: { $0.identifier == .credentials }) else {
            throw .missingEndpoints("your \(choice.version) version details list no credentials endpoint")
        }
        try await checkEndpoints(found.endpoints, listedAt: choice.url)
        return Discovered(version: choice.version, endpoints: found.endpoints, credentialsURL: credentials.url, tokenFormat: details.tokenFormat)
    }

    /// The most endpoints a peer's version details may list: OCPI 2.3.0 defines about twenty modules and roles.
    public static let maxEndpoints = 32
    /// The most distinct hosts those endpoints may name; each is resolved and judged before anything is stored.
    public static let maxEndpointHosts = 8

    /// Every endpoint must pass the URL policy before it is stored, so that a peer cannot park a private or
    /// `unix` URL for a later push. Each call checks its URL again, since a name may resolve elsewhere by then.
    ///
    /// A peer decides how many names we resolve here, so the number is capped (`maxEndpoints`, `maxEndpointHosts`)
    /// and the whole check runs under one `PEER_REQUEST_TIMEOUT_SECONDS` deadline: details listing hundreds of
    /// hosts whose name servers never answer cost one deadline, not one per host.
    func checkEndpoints(_ endpoints: [Endpoint], listedAt detailsURL: String) async throws(RegistrationError) {
        func refuse(_ message: String) -> RegistrationError {
            .peerUnreachable(PeerCallError(.refused, message: message, url: detailsURL))
        }
        guard endpoints.count <= Self.maxEndpoints else {
            throw refuse("the version details list \(endpoints.count) endpoints; at most \(Self.maxEndpoints) are accepted")
        }
        var hosts: Set<String> = []
        var urls: [String] = []  // the first URL naming each host, in the order listed
        for endpoint in endpoints {
            do throws(PeerURLRefusal) {
                let host = try PeerURLPolicy.host(of: endpoint.url).lowercased()
                if hosts.insert(host).inserted { urls.append(endpoint.url) }
            } catch {
                throw .peerUnreachable(PeerCallError(error))
            }
        }
        guard hosts.count <= Self.maxEndpointHosts else {
            throw refuse(
                "the version details' endpoints name \(hosts.count) different hosts; at most \(Self.maxEndpointHosts) are accepted")
        }
        let timeout = client.configuration.requestTimeout
        do {
            try await withDeadline(timeout) { [policy = client.policy, urls] in
                for url in urls {
                    try Task.checkCancellation()  // past the deadline: the rest is not looked up
                    _ = try await policy.check(url)
                }
            }
        } catch let refusal as PeerURLRefusal {
            throw .peerUnreachable(PeerCallError(refusal))
        } catch {
            throw .peerUnreachable(
                PeerCallError(.unreachable, message: "could not check the endpoints' hosts: \(PeerClient.describe(error))", url: detailsURL))
        }
    }
}
