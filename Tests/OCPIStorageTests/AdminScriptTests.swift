import Foundation
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The scripts in `sql/admin/`, run through psql as an operator runs them: what each does, and what each refuses.
@Suite(.timeLimit(.minutes(1)))
struct AdminScriptTests {
    func authenticate(_ pool: PGPool, _ token: String) async throws -> Principal? {
        try await TokenAuthenticator(pool: pool, logger: TestDatabase.logger).authenticate(token: token)?.principal
    }

    func tenantArguments(_ tenant: TenantID) -> [String: String] {
        ["country_code": tenant.countryCode, "party_id": tenant.partyID]
    }

    @Test func createTenantPrintsAWorkingOwnerTokenLast() async throws {
        try await TestDatabase.withPool { pool in
            let tenant = TestDatabase.uniqueTenant()
            let outcome = try AdminScript.run(
                "create_tenant",
                ["country_code": tenant.countryCode.lowercased(), "party_id": tenant.partyID.lowercased(),
                 "name": "Stadtwerke Test", "website": "https://example.com"])
            #expect(outcome.succeeded, "\(outcome.stderr)")
            let token = try #require(outcome.lastLine)
            #expect(token.count == 43)
            #expect(try await authenticate(pool, token) == .owner(tenant))
            let row = try await pool.query(
                "SELECT name, website FROM tenants WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)").first!
            #expect(try row.decode(0, as: String.self) == "Stadtwerke Test")
            #expect(try row.decode(1, as: String.self) == "https://example.com")
            let stored = try await pool.query("SELECT count(*) FROM tokens WHERE hint = left(\(token), 4) || '…'").first!.decode(0, as: Int.self)
            #expect(stored == 1, "only a digest and a four-character hint are stored")
        }
    }

    @Test func createTenantTakesAChosenToken() async throws {
        try await TestDatabase.withPool { pool in
            let tenant = TestDatabase.uniqueTenant()
            let chosen = "chosen-token-\(tenant.countryCode)\(tenant.partyID)"
            let outcome = try AdminScript.run("create_tenant", tenantArguments(tenant).merging(["name": "Chosen", "token": chosen]) { $1 })
            #expect(outcome.lastLine == chosen)
            #expect(try await authenticate(pool, chosen) == .owner(tenant))
            // Re-issuing the same chosen token for the same tenant is harmless (make run does it on every start).
            let again = try AdminScript.run("issue_owner_token", tenantArguments(tenant).merging(["token": chosen]) { $1 })
            #expect(again.succeeded && again.lastLine == chosen)
            // The same token for another tenant is refused.
            let other = TestDatabase.uniqueTenant()
            let clash = try AdminScript.run("create_tenant", tenantArguments(other).merging(["name": "Other", "token": chosen]) { $1 })
            #expect(!clash.succeeded)
            #expect(clash.stderr.contains("already in use"))
            #expect(try await pool.query("SELECT count(*) FROM tenants WHERE country_code = \(other.countryCode) AND party_id = \(other.partyID)").first!.decode(0, as: Int.self) == 0, "the failed script left no tenant behind")
        }
    }

    /// A short chosen owner token is easy to guess: refused unless the operator says weak_ok=1 (make run's demo).
    @Test func aShortChosenOwnerTokenIsRefusedUnlessWeakOK() async throws {
        try await TestDatabase.withPool { pool in
            let tenant = TestDatabase.uniqueTenant()
            let short = "short-\(tenant.countryCode)\(tenant.partyID)"  // 11 characters
            let refused = try AdminScript.run("create_tenant", tenantArguments(tenant).merging(["name": "Weak", "token": short]) { $1 })
            #expect(!refused.succeeded)
            #expect(refused.stderr.contains("the chosen token is 11 characters long; an owner token needs at least 16"), "\(refused.stderr)")
            #expect(refused.stderr.contains("weak_ok=1"), "the message says how to accept it on purpose")
            #expect(refused.stdout.isEmpty)
            #expect(try await pool.query("SELECT count(*) FROM tenants WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID)").first!.decode(0, as: Int.self) == 0)
            #expect(try await authenticate(pool, short) == nil)

            let accepted = try AdminScript.run(
                "create_tenant", tenantArguments(tenant).merging(["name": "Weak", "token": short, "weak_ok": "1"]) { $1 })
            #expect(accepted.succeeded && accepted.lastLine == short, "\(accepted.stderr)")
            #expect(try await authenticate(pool, short) == .owner(tenant))

            let shortToo = "other-\(tenant.countryCode)\(tenant.partyID)"
            let issueRefused = try AdminScript.run("issue_owner_token", tenantArguments(tenant).merging(["token": shortToo]) { $1 })
            #expect(!issueRefused.succeeded && issueRefused.stderr.contains("at least 16"), "\(issueRefused.stderr)")
            #expect(try await authenticate(pool, shortToo) == nil)
            let issued = try AdminScript.run("issue_owner_token", tenantArguments(tenant).merging(["token": shortToo, "weak_ok": "1"]) { $1 })
            #expect(issued.succeeded && issued.lastLine == shortToo, "\(issued.stderr)")
            // Sixteen characters need no permission.
            let sixteen = "sixteen-\(tenant.countryCode)\(tenant.partyID)-xx"
            #expect(sixteen.count == 16)
            let strong = try AdminScript.run("issue_owner_token", tenantArguments(tenant).merging(["token": sixteen]) { $1 })
            #expect(strong.succeeded && strong.lastLine == sixteen, "\(strong.stderr)")
        }
    }

    @Test(arguments: [
        (["party_id": "ABC", "name": "x"], "country_code is required"),
        (["country_code": "D1", "party_id": "ABC", "name": "x"], "malformed country_code"),
        (["country_code": "DEU", "party_id": "ABC", "name": "x"], "malformed country_code"),
        (["country_code": "DE", "party_id": "AB", "name": "x"], "malformed party_id"),
        (["country_code": "DE", "party_id": "A*C", "name": "x"], "malformed party_id"),
        (["country_code": "DE", "party_id": "ABC"], "name is required"),
        (["country_code": "DE", "party_id": "ABC", "name": "x", "website": "ftp://x"], "website must be"),
        (["country_code": "DE", "party_id": "ABC", "name": "x", "token": "has space"], "printable ASCII"),
    ])
    func createTenantRefusesBadInput(variables: [String: String], message: String) async throws {
        try await TestDatabase.migrate()
        let outcome = try AdminScript.run("create_tenant", variables)
        #expect(!outcome.succeeded)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stdout.isEmpty, "nothing is printed, so no token can be mistaken for issued")
    }

    @Test func createTenantRefusesADuplicate() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let outcome = try AdminScript.run("create_tenant", tenantArguments(tenant).merging(["name": "Again"]) { $1 })
            #expect(!outcome.succeeded)
            #expect(outcome.stderr.contains("tenant \(tenant) already exists"))
        }
    }

    @Test func issueOwnerTokenAddsATokenAndRefusesUnknownTenants() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, first) = try await TestDatabase.createTenant(pool)
            let outcome = try AdminScript.run("issue_owner_token", tenantArguments(tenant))
            let second = try #require(outcome.lastLine)
            #expect(second != first)
            #expect(try await authenticate(pool, first) == .owner(tenant))
            #expect(try await authenticate(pool, second) == .owner(tenant))
            let unknown = try AdminScript.run("issue_owner_token", tenantArguments(TestDatabase.uniqueTenant()))
            #expect(!unknown.succeeded)
            #expect(unknown.stderr.contains("unknown tenant"))
        }
    }

    @Test func createRegistrationIssuesATokenAForTheNamedTenants() async throws {
        try await TestDatabase.withPool { pool in
            let (first, _) = try await TestDatabase.createTenant(pool)
            let (second, _) = try await TestDatabase.createTenant(pool)
            let outcome = try AdminScript.run("create_registration", ["tenants": "\(first), \(second.countryCode.lowercased())*\(second.partyID)"])
            let token = try #require(outcome.lastLine)
            guard case .registration(let peer) = try await authenticate(pool, token) else {
                Issue.record("token A should authenticate as a registration")
                return
            }
            let grants = try await pool.query(
                "SELECT country_code || '*' || party_id FROM peer_tenant_grants WHERE peer_id = \(peer.rawValue) ORDER BY 1").rows
            #expect(try grants.map { try $0.decode(0, as: String.self) } == [first.description, second.description].sorted())
        }
    }

    @Test func createRegistrationWithStarGrantsEveryTenant() async throws {
        try await TestDatabase.withPool { pool in
            let outcome = try AdminScript.run("create_registration", ["tenants": "*"])
            let token = try #require(outcome.lastLine)
            guard case .registration(let peer) = try await authenticate(pool, token) else {
                Issue.record("token A should authenticate as a registration")
                return
            }
            #expect(try await pool.query("SELECT all_tenants FROM peer_connections WHERE id = \(peer.rawValue)").first!.decode(0, as: Bool.self))
        }
    }

    @Test(arguments: [
        ("", "tenants is required"),
        ("DE-ABC", "malformed tenant"),
        ("QQ*9ZZ", "unknown tenant QQ*9ZZ"),
    ])
    func createRegistrationRefusesBadTenantLists(tenants: String, message: String) async throws {
        try await TestDatabase.migrate()
        let outcome = try AdminScript.run("create_registration", tenants.isEmpty ? [:] : ["tenants": tenants])
        #expect(!outcome.succeeded)
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }

    @Test func registerPeerPrintsATokenCWithItsGrantsAndRole() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let outcome = try AdminScript.run(
                "register_peer",
                ["country_code": "nl", "party_id": "ems", "role": "emsp", "tenants": tenant.description,
                 "versions_url": "https://emsp.example.com/ocpi/versions", "token": "their-token-b"])
            let token = try #require(outcome.lastLine)
            guard case .peer(let access) = try await authenticate(pool, token) else {
                Issue.record("token C should authenticate as a peer")
                return
            }
            #expect(access.tenants == [tenant])
            #expect(!access.allTenants)
            #expect(access.parties == [PeerParty(role: "EMSP", countryCode: "NL", partyID: "EMS")])
            let stored = try await pool.query("SELECT peer_token, versions_url FROM peer_connections WHERE id = \(access.peerID.rawValue)").first!
            #expect(try stored.decode(0, as: String.self) == "their-token-b")
            let bad = try AdminScript.run("register_peer", ["country_code": "NL", "party_id": "EMS", "role": "DRIVER", "tenants": tenant.description])
            #expect(!bad.succeeded && bad.stderr.contains("unknown role"))
        }
    }

    /// `versions` limits what a connection is offered; the token carries it. Without it, everything we speak.
    @Test func peerScriptsTakeTheVersionsOffered() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool)
            let authenticator = TokenAuthenticator(pool: pool, logger: TestDatabase.logger)
            let limited = try #require(try AdminScript.run("create_registration", ["tenants": tenant.description, "versions": "2.2.1"]).lastLine)
            let tokenA = try #require(try await authenticator.authenticate(token: limited))
            #expect(tokenA.offeredVersions == [.v2_2_1])
            #expect(tokenA.offers(.v2_2_1) && !tokenA.offers(.v2_3_0))

            let registered = try AdminScript.run(
                "register_peer",
                ["country_code": "NL", "party_id": "VRS", "role": "EMSP", "tenants": tenant.description, "versions": " 2.3.0, 2.2.1,2.3.0"])
            let registeredToken = try #require(registered.lastLine)
            let tokenC = try #require(try await authenticator.authenticate(token: registeredToken))
            #expect(tokenC.offeredVersions == [.v2_2_1, .v2_3_0])
            guard case .peer(let access) = tokenC.principal else {
                Issue.record("token C should authenticate as a peer")
                return
            }
            #expect(try await pool.query("SELECT versions::text FROM peer_connections WHERE id = \(access.peerID.rawValue)").first!.decode(0, as: String.self) == "{2.2.1,2.3.0}", "stored once each, oldest first")

            let connected = try AdminScript.run(
                "connect_peer", ["versions_url": "https://emsp.example.com/ocpi/versions", "token_a": "their-token-a", "tenants": tenant.description, "versions": "2.3.0"])
            #expect(connected.succeeded, "\(connected.stderr)")
            #expect(try await pool.query("SELECT count(*) FROM peer_connections WHERE peer_token = 'their-token-a' AND versions = '{2.3.0}'").first!.decode(0, as: Int.self) >= 1)

            let everything = try #require(try AdminScript.run("create_registration", ["tenants": tenant.description]).lastLine)
            #expect(try await authenticator.authenticate(token: everything)?.offeredVersions == nil, "no versions: all we speak")
            let (_, owner) = try await TestDatabase.createTenant(pool)
            #expect(try await authenticator.authenticate(token: owner)?.offeredVersions == nil, "owner tokens are unaffected")

            for script in ["create_registration", "register_peer", "connect_peer"] {
                let variables = [
                    "tenants": tenant.description, "versions": "2.2.1,2.1.1", "country_code": "NL", "party_id": "BAD", "role": "EMSP",
                    "versions_url": "https://emsp.example.com/ocpi/versions", "token_a": "x",
                ]
                let bad = try AdminScript.run(script, script == "register_peer" ? variables.filter { $0.key != "versions_url" } : variables)
                #expect(!bad.succeeded, "\(script)")
                #expect(bad.stderr.contains("unknown version \"2.1.1\" in versions: this platform speaks 2.2.1, 2.3.0"), "\(script): \(bad.stderr)")
            }

            let peers = try AdminScript.run("list_peers")
            let header = try #require(peers.stdout.split(separator: "\n").first)
            #expect(header.contains("offered"))
            let row = try #require(peers.stdout.split(separator: "\n").first { $0.contains("EMSP NL*VRS") })
            #expect(row.contains("| 2.2.1,2.3.0 |"), "\(row)")
        }
    }

    @Test func revokeTokenStopsItAtOnce() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await authenticate(pool, token) == .owner(tenant))
            let outcome = try AdminScript.run("revoke_token", ["token": token])
            #expect(outcome.succeeded)
            #expect(outcome.lastLine?.contains("revoked owner token") == true)
            #expect((try await authenticate(pool, token)) == nil)
            let unknown = try AdminScript.run("revoke_token", ["token": "never-issued-\(token)"])
            #expect(!unknown.succeeded && unknown.stderr.contains("unknown token"))
        }
    }

    @Test func deleteTenantRemovesItAndEverythingItOwns() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            _ = try AdminScript.run("create_registration", ["tenants": tenant.description])
            // A location with EVSEs and connectors, written as a PUT writes it, with its outbox event.
            var body = Seed.madridLocation(countryCode: tenant.countryCode, partyID: tenant.partyID)
            body.removeLast()
            body += #", "time_zone": "Europe/Madrid"}"#
            let draft = try OCPIJSON.decoder.decode(LocationDraft.self, from: Data(body.utf8))
            _ = try await ObjectWriter<Locations>(pool: pool, changes: OutboxRecorder()).write(
                ObjectWrite(
                    method: .put, address: ObjectAddress(tenant: tenant, ids: ["LOC001"]), body: .location(draft),
                    context: ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil)))
            let owned = { () async throws -> [Int] in
                try await pool.query(
                    """
                    SELECT (SELECT count(*) FROM tenants WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID))::int,
                           (SELECT count(*) FROM tokens WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID))::int,
                           (SELECT count(*) FROM peer_tenant_grants WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID))::int,
                           (SELECT count(*) FROM locations WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID))::int,
                           (SELECT count(*) FROM outbox_events WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID))::int
                    """
                ).first.map { row in try (0..<5).map { try row.decode($0, as: Int.self) } } ?? []
            }
            #expect(try await owned().allSatisfy { $0 > 0 }, "the tenant owns something of every kind before")
            let outcome = try AdminScript.run("delete_tenant", tenantArguments(tenant))
            #expect(outcome.succeeded, "\(outcome.stderr)")
            #expect((try await authenticate(pool, token)) == nil)
            #expect(try await owned() == [0, 0, 0, 0, 0])
            let again = try AdminScript.run("delete_tenant", tenantArguments(tenant))
            #expect(!again.succeeded && again.stderr.contains("unknown tenant"))
        }
    }

    @Test func listScriptsShowTenantsAndPeers() async throws {
        try await TestDatabase.withPool { pool in
            let (tenant, _) = try await TestDatabase.createTenant(pool, name: "Listed CPO")
            _ = try AdminScript.run("register_peer", ["country_code": "FR", "party_id": "LST", "role": "EMSP", "tenants": tenant.description])
            let tenants = try AdminScript.run("list_tenants")
            #expect(tenants.succeeded)
            #expect(tenants.stdout.contains(tenant.description) && tenants.stdout.contains("Listed CPO"))
            let peers = try AdminScript.run("list_peers")
            #expect(peers.stdout.contains("EMSP FR*LST") && peers.stdout.contains(tenant.description))
        }
    }
}
