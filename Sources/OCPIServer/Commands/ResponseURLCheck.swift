import OCPIModel
import OCPIPeers
import OCPIStorage

extension CommandStore {
    /// The peer's response_url must be on a host its connection is known at (its versions URL or an endpoint): the
    /// relay presents the token we call that EMSP with there, so a stolen token C must not make us send it
    /// elsewhere.
    func checkResponseURL(_ url: String, of peer: PeerID) async throws {
        let known = Set(try await peerURLs(peer).compactMap { try? PeerURLPolicy.host(of: $0).lowercased() })
        let host: String
        do {
            host = try PeerURLPolicy.host(of: url).lowercased()
        } catch {
            throw OCPIError(validation: ValidationError(issues: [.init(field: "response_url", rule: "must be an http(s) URL: \(error.reason)")]))
        }
        guard known.contains(host) else {
            throw OCPIError(validation: ValidationError(issues: [.init(
                field: "response_url",
                rule: known.isEmpty
                    ? "cannot be checked: this connection has no versions URL or endpoints on record"
                    : "must be on a host this connection is known at (\(known.sorted().joined(separator: ", ")))")]))
        }
    }
}
