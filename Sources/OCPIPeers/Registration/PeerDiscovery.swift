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
        try await checkEndpoints(found.endpoints)
        return Discovered(version: choice.version, endpoints: found.endpoints, credentialsURL: credentials.url, tokenFormat: details.tokenFormat)
    }

    /// Every endpoint must pass the URL policy before it is stored, so that a peer cannot park a private or
    /// `unix` URL for a later push. Each call checks its URL again, since a name may resolve elsewhere by then.
    func checkEndpoints(_ endpoints: [Endpoint]) async throws(RegistrationError) {
        var checkedHosts: Set<String> = []
        for endpoint in endpoints {
            do throws(PeerURLRefusal) {
                let host = try PeerURLPolicy.host(of: endpoint.url)
                guard checkedHosts.insert(host.lowercased()).inserted else { continue }
                _ = try await client.policy.check(endpoint.url)
            } catch {
                throw .peerUnreachable(PeerCallError(error))
            }
        }
    }
}
