import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

extension PushTests {
    /// The token-party rule's push half: a Session or CDR reaches only the Receivers of the EMSP party its
    /// `cdr_token` names, among the peers granted its tenant; every other peer's Receiver never hears of it.
    @Suite struct DataModuleTokenPartyPushTests {
        typealias Peer = (emsp: FakeEMSP, token: String, party: TenantID)

        static func peer(_ pool: PGPool, granted tenant: TenantID?, module: ModuleFixture) async throws -> Peer {
            let party = TestDatabase.uniqueTenant()
            let (emsp, token) = try await DataModulePushBehaviourTests.receivingPeer(
                pool, granted: tenant, module: module, version: "2.3.0", party: party)
            return (emsp, token, party)
        }

        /// Two EMSPs granted one tenant, and a third granted every tenant that no object names: each of the two is
        /// pushed its own objects (created, then changed), addressed to its party, exactly what it reads by GET;
        /// nothing of the other's; the third is pushed nothing.
        @Test(arguments: ModuleFixture.tokenPartyModules)
        func twoEMSPsAtOneTenantArePushedOnlyTheirOwn(_ module: ModuleFixture) async throws {
            try await LocationsApp.run { http, pool in
                let (tenant, token) = try await TestDatabase.createTenant(pool)
                try await module.prepare(http, tenant, token: token)
                let first = try await Self.peer(pool, granted: tenant, module: module)
                let second = try await Self.peer(pool, granted: tenant, module: module)
                let stranger = try await Self.peer(pool, granted: nil, module: module)
                defer { Task { for peer in [first, second, stranger] { await peer.emsp.stop() } } }
                let own = [(first, ["A1", "A2"]), (second, ["B1"])]
                for (peer, ids) in own {
                    for id in ids { #expect(try await module.create(http, tenant, token: token, id, for: peer.party).status == .created) }
                }
                await PushFixture.worker(pool).deliverPending()
                // Changed afterwards (where objects change): the change goes to the same Receiver only.
                let patched = module.patch == nil ? [] : ["A1", "B1"]
                if let patch = module.patch {
                    for id in patched { #expect(try await http.patch(module.owner(tenant, id), token: token, patch.body).status == .ok) }
                    await PushFixture.worker(pool).deliverPending()
                }

                for (peer, mine) in own {
                    let theirs = own.flatMap { $0.1 }.filter { !mine.contains($0) }
                    for id in mine {
                        let calls = DataModulePushBehaviourTests.pushes(of: id, to: peer.emsp, module: module)
                        // Created: PUT at the Receiver URL, or POST of a CDR (once); changed: PATCH.
                        let expected = [module.creation == .postToList ? "POST" : "PUT"] + (patched.contains(id) ? ["PATCH"] : [])
                        #expect(calls.map(\.method) == expected, "\(peer.party) is pushed its own \(id)")
                        for call in calls {
                            #expect(call.header("OCPI-to-country-code") == peer.party.countryCode, "\(call.method) \(call.path)")
                            #expect(call.header("OCPI-to-party-id") == peer.party.partyID, "\(call.method) \(call.path)")
                            #expect(call.header("OCPI-from-party-id") == tenant.partyID)
                        }
                        // The whole object it was pushed concerns its party, and is what it reads by GET (a later
                        // PATCH changed the stored one: its field aside).
                        let whole = try #require(calls.first { $0.method != "PATCH" }.map { try Loc.json($0.body) })
                        #expect(whole["cdr_token"]?["party_id"]?.string == peer.party.partyID)
                        var read = try await http.get(module.peer(id), token: peer.token).data
                        var pushed: JSONValue? = whole
                        if let field = module.patch?.field, calls.contains(where: { $0.method == "PATCH" }) {
                            let patch = try calls.last { $0.method == "PATCH" }.map { try Loc.json($0.body) }
                            #expect(patch?[field] == read?[field], "the PATCH pushed carries the change")
                            for key in [field, "last_updated"] {
                                read = read.flatMap { Self.removing(key, from: $0) }
                                pushed = pushed.flatMap { Self.removing(key, from: $0) }
                            }
                        }
                        #expect(pushed == read, "what was pushed is what \(peer.party) reads")
                    }
                    for id in theirs {
                        #expect(DataModulePushBehaviourTests.pushes(of: id, to: peer.emsp, module: module).isEmpty, "\(peer.party) never hears of \(id)")
                    }
                }
                let strays = stranger.emsp.received.filter { $0.path.contains("/\(module.segment)") }
                #expect(strays.isEmpty, "a peer of another party, granted every tenant, is pushed nothing: \(strays.map(\.path))")
                let queued = try await pool.query(
                    "SELECT count(*) FROM push_deliveries d JOIN tokens t ON t.peer_id = d.peer_id WHERE t.digest = \(TokenDigest(token: stranger.token))"
                ).first!.decode(0, as: Int.self)
                #expect(queued == 0, "nothing is even queued for it")
            }
        }

        static func removing(_ key: String, from value: JSONValue) -> JSONValue? {
            guard var object = value.object else { return value }
            object[key] = nil
            return .object(object)
        }
    }
}
