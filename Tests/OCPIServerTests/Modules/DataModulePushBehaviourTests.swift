import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

extension PushTests {
    /// The shared behaviour suite's push half: what a peer may not read is never pushed to it, for every module.
    /// Inside `PushTests`, whose suites run one at a time, because a push worker serves every peer in the database.
    @Suite struct DataModulePushBehaviourTests {
        /// A fake EMSP registered as a peer granted `tenant` ('*' when nil), connected as a finished handshake leaves
        /// it, with the module's Receiver at its `version`; and its token C. It speaks for `party` (NL*EMS when nil).
        static func receivingPeer(
            _ pool: PGPool, granted tenant: TenantID?, module: ModuleFixture, version: String, party: TenantID? = nil
        ) async throws -> (FakeEMSP, String) {
            let tokenB = "behaviour-\(UInt32.random(in: .min ... .max))"
            let emsp: FakeEMSP
            if let party {
                emsp = FakeEMSP(countryCode: party.countryCode, partyID: party.partyID, accepting: [tokenB])
                try await emsp.start()
            } else {
                emsp = try await CredentialsFixture.emsp(accepting: tokenB)
            }
            let tokenC = try await pool.query(
                "SELECT ocpi_admin.register_peer(\(emsp.party.countryCode), \(emsp.party.partyID), 'EMSP', \(tenant?.description ?? "*"), NULL, NULL)"
            ).first!.decode(0, as: String.self)
            let receiver = "\(emsp.baseURL)/ocpi/emsp/\(version)/\(module.segment)"
            let endpoints = #"[{"identifier": "\#(module.segment)", "role": "RECEIVER", "url": "\#(receiver)"}]"#
            try await pool.query(
                """
                UPDATE peer_connections SET version = \(version), peer_token = \(tokenB), endpoints = \(PGJSON(endpoints))::jsonb
                 WHERE id = (SELECT peer_id FROM tokens WHERE digest = \(TokenDigest(token: tokenC)))
                """)
            return (emsp, tokenC)
        }

        /// What `emsp` received of the module's object `id`: at its Receiver URL (`…/{id}`), or POSTed to the
        /// module's URL with that id in the body (CDRs).
        static func pushes(of id: String, to emsp: FakeEMSP, module: ModuleFixture) -> [FakeEMSP.Recorded] {
            emsp.received.filter { call in
                guard call.path.contains("/\(module.segment)") else { return false }
                if call.path.hasSuffix("/\(id)") { return true }
                return call.method == "POST" && (try? Loc.json(call.body))?["id"]?.string == id
            }
        }

        @Test(arguments: ModuleFixture.all)
        func whatAPeerMayNotReadIsNeverPushedToIt(_ module: ModuleFixture) async throws {
            try await LocationsApp.run { http, pool in
                let (tenant, token) = try await TestDatabase.createTenant(pool)
                let (emsp, tokenC) = try await Self.receivingPeer(pool, granted: tenant, module: module, version: "2.3.0")
                defer { Task { await emsp.stop() } }
                let party = TenantID(countryCode: emsp.party.countryCode, partyID: emsp.party.partyID)!
                try await module.prepare(http, tenant, token: token)
                #expect(try await module.create(http, tenant, token: token, "SEEN", for: party).status == .created)
                guard module.canHide else {
                    // A token-party module's object of another EMSP party is what this peer may not read.
                    if module.tokenParty {
                        #expect(try await module.create(http, tenant, token: token, "OTHERS", for: TestDatabase.uniqueTenant()).status == .created)
                        if let patch = module.patch {
                            #expect(try await http.patch(module.owner(tenant, "OTHERS"), token: token, patch.body).status == .ok)
                        }
                        #expect(try await http.get(module.peer("OTHERS"), token: tokenC).status == .notFound)
                        #expect(!Loc.ids(try await http.get(module.peerList(), token: tokenC)).contains("OTHERS"))
                    }
                    await PushFixture.worker(pool).deliverPending()
                    let seen = Self.pushes(of: "SEEN", to: emsp, module: module)
                    #expect(seen.count == 1, "\(seen.map(\.method))")
                    let pushed = try seen.first.map { try Loc.json($0.body) }
                    #expect(pushed == (try await http.get(module.peer("SEEN"), token: tokenC)).data, "what was pushed is what the peer reads")
                    #expect(Self.pushes(of: "OTHERS", to: emsp, module: module).isEmpty, "another party's object never is")
                    return
                }
                #expect(try await module.create(http, tenant, token: token, "HIDDEN", shared: false, for: party).status == .created)
                if let patch = module.patch {
                    #expect(try await http.patch(module.owner(tenant, "HIDDEN"), token: token, patch.body).status == .ok)
                }
                #expect(try await http.get(module.peer("HIDDEN"), token: tokenC).status == .notFound)
                #expect(!Loc.ids(try await http.get(module.list(), token: tokenC)).contains("HIDDEN"))
                await PushFixture.worker(pool).deliverPending()

                let paths = emsp.received.map(\.path)
                #expect(paths.contains { $0.hasSuffix("/\(tenant.countryCode)/\(tenant.partyID)/SEEN") }, "the shared object is pushed: \(paths)")
                #expect(!paths.contains { $0.contains("HIDDEN") }, "the hidden one never is: \(paths)")

                // Shared, then hidden: the peer hears once that it is withdrawn, and nothing of what changed with it.
                #expect(try await module.create(http, tenant, token: token, "GONE", lastUpdated: "2024-01-01T00:00:00Z", for: party).status == .created)
                await PushFixture.worker(pool).deliverPending()
                #expect(try await module.create(http, tenant, token: token, "GONE", shared: false, lastUpdated: "2024-02-01T00:00:00Z", for: party).status == .ok)
                if let patch = module.patch {
                    #expect(try await http.patch(module.owner(tenant, "GONE"), token: token, patch.body).status == .ok)
                }
                await PushFixture.worker(pool).deliverPending()
                let gone = emsp.received.filter { $0.path.hasSuffix("/GONE") }
                #expect(gone.count == 2, "the first PUT, then one final PUT: \(gone.map(\.method))")
                let last = try gone.last.map { try Loc.json($0.body) }
                #expect(last?["last_updated"]?.string == "2024-02-01T00:00:00Z")
                if let field = module.patch?.field { #expect(last?[field] == (try gone.first.map { try Loc.json($0.body) })?[field]) }
                #expect(try await http.get(module.peer("GONE"), token: tokenC).status == .notFound)
                // What was pushed is what the peer reads by GET.
                let pushed = try emsp.received.first { $0.path.hasSuffix("/SEEN") }.map { try Loc.json($0.body) }
                #expect(pushed == (try await http.get(module.peer("SEEN"), token: tokenC)).data)
            }
        }

        /// A deleted object reaches the peers that could read it as one DELETE at its Receiver URL, after what they
        /// had; a deletion folded with earlier changes still ends in the DELETE, and a re-created object in a PUT.
        /// Sessions and CDRs are never deleted, so only the modules that serve DELETE are in.
        @Test(arguments: ModuleFixture.all.filter(\.deletes))
        func aDeletedObjectIsPushedAsDelete(_ module: ModuleFixture) async throws {
            try await LocationsApp.run { http, pool in
                let (tenant, token) = try await TestDatabase.createTenant(pool)
                let (emsp, tokenC) = try await Self.receivingPeer(pool, granted: tenant, module: module, version: "2.2.1")
                defer { Task { await emsp.stop() } }
                let party = TenantID(countryCode: emsp.party.countryCode, partyID: emsp.party.partyID)!
                try await module.prepare(http, tenant, token: token)
                #expect(try await module.create(http, tenant, token: token, "DEL", for: party).status == .created)
                await PushFixture.worker(pool).deliverPending()
                #expect(try await http.send(.delete, module.owner(tenant, "DEL"), token: token).status == .ok)
                // Written, changed and deleted before the worker runs: one DELETE.
                #expect(try await module.create(http, tenant, token: token, "FOLD", for: party).status == .created)
                #expect(try await http.send(.delete, module.owner(tenant, "FOLD"), token: token).status == .ok)
                // Deleted, then created again: a PUT.
                #expect(try await module.create(http, tenant, token: token, "BACK", for: party).status == .created)
                await PushFixture.worker(pool).deliverPending()
                #expect(try await http.send(.delete, module.owner(tenant, "BACK"), token: token).status == .ok)
                #expect(try await module.create(http, tenant, token: token, "BACK", for: party).status == .created)
                await PushFixture.worker(pool).deliverPending()

                let calls = { (id: String) in emsp.received.filter { $0.path.hasSuffix("/\(tenant.countryCode)/\(tenant.partyID)/\(id)") }.map(\.method) }
                #expect(calls("DEL") == ["PUT", "DELETE"])
                #expect(calls("FOLD") == ["DELETE"])
                #expect(calls("BACK") == ["PUT", "PUT"])
                let pending = try await pool.query(
                    "SELECT count(*) FROM push_deliveries d JOIN tokens t ON t.peer_id = d.peer_id WHERE t.digest = \(TokenDigest(token: tokenC)) AND d.state = 'pending'"
                ).first!.decode(0, as: Int.self)
                #expect(pending == 0)
            }
        }
    }
}
