import OCPIModel
import OCPIStorage

/// Our side of the credentials module when a peer calls us: POST registers with token A, PUT updates and rotates,
/// DELETE unregisters, GET shows our credentials. Nothing is stored until every call to the peer has succeeded, so
/// a failed registration leaves the connection (and token A) as it was.
public struct CredentialsExchange: Sendable {
    let store: PeerStore
    let discovery: PeerDiscovery
    /// Our versions endpoint, handed to peers as `Credentials.url`.
    let versionsURL: String

    public init(store: PeerStore, discovery: PeerDiscovery, versionsURL: String) {
        self.store = store
        self.discovery = discovery
        self.versionsURL = versionsURL
    }

    /// Our credentials for a caller: the token it presented (the one it uses to call us) and one CPO role per
    /// tenant it is granted.
    public func current(peer: PeerID, presentedToken: String) async throws -> Credentials {
        Credentials(token: presentedToken, url: versionsURL, roles: try await store.ourRoles(for: peer))
    }

    /// POST with token A.
    public func register(peer: PeerID, registrationTokenID: Int64, credentials: Credentials, version: VersionNumber) async throws -> Credentials {
        guard let connection = try await store.connection(peer), connection.state == .awaitingRegistration else {
            throw RegistrationError.alreadyRegistered
        }
        let registration = try await learn(from: credentials, version: version, peer: peer)
        guard let token = try await store.completeRegistration(registration, peer: peer, registrationTokenID: registrationTokenID) else {
            throw RegistrationError.alreadyRegistered
        }
        return Credentials(token: token, url: versionsURL, roles: try await store.ourRoles(for: peer))
    }

    /// PUT with token C: re-read their endpoints (switching to this version), store their new token, rotate ours.
    public func update(peer: PeerID, callerTokenID: Int64, credentials: Credentials, version: VersionNumber) async throws -> Credentials {
        let registration = try await learn(from: credentials, version: version, peer: peer)
        guard let token = try await store.updateRegistration(registration, peer: peer, callerTokenID: callerTokenID) else {
            throw RegistrationError.notRegistered
        }
        return Credentials(token: token, url: versionsURL, roles: try await store.ourRoles(for: peer))
    }

    /// DELETE with token C.
    public func unregister(peer: PeerID) async throws {
        guard try await store.unregister(peer) else { throw RegistrationError.notRegistered }
    }

    /// Validates their credentials and reads their versions and details with their token. A failure is noted as
    /// the connection's `last_error` (and nothing else changes), so that the operator sees why it did not register.
    func learn(from credentials: Credentials, version: VersionNumber, peer: PeerID) async throws(RegistrationError) -> PeerRegistration {
        let problems = credentials.problems()
        guard problems.isEmpty else { throw .invalidCredentials(problems) }
        let preferred: PeerToken.Format = version >= .v2_2_1 ? .base64 : .raw
        let found: PeerDiscovery.Discovered
        do throws(RegistrationError) {
            found = try await discovery.discover(
                versionsURL: credentials.url, token: PeerToken(value: credentials.token, format: preferred), wanted: version)
        } catch {
            try? await store.noteFailure(peer, message: "their credentials were not accepted: \(error.message)")
            throw error
        }
        return PeerRegistration(
            token: credentials.token, tokenFormat: found.tokenFormat.rawValue, versionsURL: credentials.url, version: found.version,
            endpoints: found.endpoints, roles: credentials.roles, hubPartyID: credentials.hubPartyID)
    }
}
