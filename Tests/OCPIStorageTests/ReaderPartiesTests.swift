import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// Which EMSP parties' sessions and CDRs a peer connection reads is the operator's word, or what its first
/// registration declared that nobody else holds; never what a peer declares later.
@Suite(.timeLimit(.minutes(1)))
struct ReaderPartiesTests {
    static func registration(roles parties: [TenantID]) -> PeerRegistration {
        PeerRegistration(
            token: "their-token-\(UInt32.random(in: 0...UInt32.max))", tokenFormat: "base64", versionsURL: "https://emsp.example.com/ocpi/versions",
            version: .v2_2_1, endpoints: [],
            roles: parties.map {
                CredentialsRole(role: .emsp, businessDetails: BusinessDetails(name: "EMSP"), partyID: $0.partyID, countryCode: $0.countryCode)
            },
            hubPartyID: nil)
    }

    /// Registers a connection made with `create_registration` (optionally naming parties) with these roles.
    static func register(_ pool: PGPool, tenant: TenantID, parties: String? = nil, roles: [TenantID]) async throws -> (PeerID, String) {
        let tokenA = try await pool.query("SELECT ocpi_admin.create_registration(\(tenant.description), NULL, \(parties))").first!.decode(0, as: String.self)
        let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
        let found = try #require(try await authenticator.authenticate(token: tokenA))
        guard case .registration(let peer) = found.principal else { throw TestFailure("token A did not resolve to a registration") }
        let tokenC = try #require(
            try await PeerStore(pool: pool).completeRegistration(registration(roles: roles), peer: peer, registrationTokenID: found.tokenID))
        return (peer, tokenC)
    }

    static func readerParties(_ pool: PGPool, _ peer: PeerID) async throws -> [String] {
        try await pool.query("SELECT coalesce(reader_parties, '{}') FROM peer_connections WHERE id = \(peer.rawValue)").first!.decode(0, as: [String].self)
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    @Test func aFirstRegistrationReadsThePartiesItDeclares() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let party = TestDatabase.uniqueTenant()
            let (peer, tokenC) = try await Self.register(pool, tenant: tenant, roles: [party])
            #expect(try await Self.readerParties(pool, peer) == [party.description])
            let access = try await TokenAuthenticator(pool: pool, logger: TestDatabase.logger).authenticate(token: tokenC)?.principal
            guard case .peer(let peerAccess) = access else { throw TestFailure("token C did not resolve to a peer") }
            #expect(peerAccess.readerParties == [PartyCode(countryCode: party.countryCode, partyID: party.partyID)])
        }
    }

    @Test func aPartyAnotherConnectedPeerHoldsIsNotTakenByDeclaringIt() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let victim = TestDatabase.uniqueTenant()
            let own = TestDatabase.uniqueTenant()
            let (first, _) = try await Self.register(pool, tenant: tenant, roles: [victim])
            // The impostor declares the victim's party beside its own: it reads only its own.
            let (impostor, _) = try await Self.register(pool, tenant: tenant, roles: [victim, own])
            #expect(try await Self.readerParties(pool, first) == [victim.description])
            #expect(try await Self.readerParties(pool, impostor) == [own.description])
        }
    }

    @Test func aCredentialsUpdateNeverAddsAParty() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let party = TestDatabase.uniqueTenant()
            let other = TestDatabase.uniqueTenant()
            let (peer, tokenC) = try await Self.register(pool, tenant: tenant, roles: [party])
            let found = try #require(try await TokenAuthenticator(pool: pool, logger: TestDatabase.logger).authenticate(token: tokenC))
            _ = try #require(
                try await PeerStore(pool: pool).updateRegistration(Self.registration(roles: [party, other]), peer: peer, callerTokenID: found.tokenID))
            let roles = try await pool.query("SELECT count(*) FROM peer_roles WHERE peer_id = \(peer.rawValue)").first!.decode(0, as: Int.self)
            #expect(roles == 2, "the roles it declares are stored")
            #expect(try await Self.readerParties(pool, peer) == [party.description], "but they do not open another party's sessions")
        }
    }

    @Test func partiesTheOperatorNamedAreKeptWhateverThePeerDeclares() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let named = TestDatabase.uniqueTenant()
            let declared = TestDatabase.uniqueTenant()
            let (peer, _) = try await Self.register(pool, tenant: tenant, parties: named.description.lowercased(), roles: [declared])
            #expect(try await Self.readerParties(pool, peer) == [named.description])
        }
    }

    @Test func setPeerPartiesReplacesThemAndRefusesMalformedOnes() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let party = TestDatabase.uniqueTenant()
            let (peer, _) = try await Self.register(pool, tenant: tenant, roles: [party])
            let replacement = TestDatabase.uniqueTenant()
            let message = try await pool.query("SELECT ocpi_admin.set_peer_parties(\(peer.description), \(replacement.description))").first!
                .decode(0, as: String.self)
            #expect(message.contains(replacement.description))
            #expect(try await Self.readerParties(pool, peer) == [replacement.description])
            await #expect(throws: (any Error).self) {
                try await pool.query("SELECT ocpi_admin.set_peer_parties(\(peer.description), 'NLEMS')")
            }
            #expect(try await Self.readerParties(pool, peer) == [replacement.description], "a refused change changes nothing")
            _ = try await pool.query("SELECT ocpi_admin.set_peer_parties(\(peer.description), '')")
            #expect(try await Self.readerParties(pool, peer) == [])
        }
    }

    @Test func aPeerRecordedByHandReadsThePartyTheOperatorNamed() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let party = TestDatabase.uniqueTenant()
            _ = try await pool.query(
                "SELECT ocpi_admin.register_peer(\(party.countryCode), \(party.partyID), 'EMSP', \(tenant.description), NULL, NULL)")
            let parties = try await pool.query(
                """
                SELECT p.reader_parties FROM peer_connections p JOIN peer_roles r ON r.peer_id = p.id
                 WHERE r.country_code = \(party.countryCode) AND r.party_id = \(party.partyID)
                """
            ).first!.decode(0, as: [String].self)
            #expect(parties == [party.description])
        }
    }
}
