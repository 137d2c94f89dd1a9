import HTTPTypes
import Foundation
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// `sql/admin/list_cdr_deliveries.sql`, run through psql as an operator runs it: per CDR, which peers have it,
/// when, and at which URL; which ones it is in doubt at, was refused by, or not sent to yet, and what happens
/// next; never a token.
extension PushTests {
@Suite
struct CDRDeliveriesAdminScriptTests {
    /// The rows of an aligned psql table, by column name.
    static func rows(_ output: String) -> [[String: String]] {
        let lines = output.split(separator: "\n").map { line in
            line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard let header = lines.first else { return [] }
        return lines.dropFirst()
            .filter { !$0.joined().allSatisfy { $0 == "-" || $0 == "+" } && $0.count == header.count }
            .map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    @Test func listsEachCDRsPeersWithStateTimeAndURL() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (taking, takingPeer) = try await fixture.receiver()
            defer { Task { await taking.stop() } }
            let (losing, losingPeer) = try await fixture.receiver()
            defer { Task { await losing.stop() } }
            let (refusing, refusingPeer) = try await fixture.receiver()
            defer { Task { await refusing.stop() } }
            losing.behavior.cdrFaults = [.storeThenDrop]
            refusing.behavior.cdrFaults = [.refuse(.ok, code: 2001)]

            try await fixture.postCDR("CDR-TAKEN", for: taking.party)
            try await fixture.postCDR("CDR-LOST", for: losing.party)
            try await fixture.postCDR("CDR-REFUSED", for: refusing.party)
            try await fixture.postCDR("CDR-NOBODY", for: TestDatabase.uniqueTenant())
            // Until each delivery has settled: a worker of a suite running alongside may hold one of these peers for
            // a moment, and this pass then skips it.
            try await TokenPartyPushFixture.deliver(PushFixture.worker(pool)) {
                let lostError = try await pool.query(
                    "SELECT count(*)::bigint FROM push_deliveries WHERE peer_id = \(losingPeer) AND last_error IS NOT NULL"
                ).first!.decode(0, as: Int64.self)
                let taken = try await fixture.cdrDelivery(takingPeer, "CDR-TAKEN")?.delivered == true
                let refused = try await fixture.cdrDelivery(refusingPeer, "CDR-REFUSED").map { !$0.attempted } == true
                return taken && refused && lostError > 0
            }
            try await fixture.postCDR("CDR-QUEUED", for: taking.party)

            let outcome = try AdminScript.run("list_cdr_deliveries", ["tenant": fixture.tenant.description.lowercased()])
            #expect(outcome.succeeded, "\(outcome.stderr)")
            let rows = Self.rows(outcome.stdout)
            let byCDR = Dictionary(grouping: rows, by: { $0["cdr"] ?? "" })
            #expect(rows.allSatisfy { $0["tenant"] == fixture.tenant.description })
            #expect(rows.map { $0["cdr"] ?? "" } == ["CDR-TAKEN", "CDR-LOST", "CDR-REFUSED", "CDR-NOBODY", "CDR-QUEUED"], "one row per CDR and peer, in the order posted")

            let taken = try #require(byCDR["CDR-TAKEN"]?.first)
            #expect(taken["peer"] == String(takingPeer))
            #expect(taken["peer_roles"] == "EMSP \(taking.party.description)")
            #expect(taken["token_party"] == taking.party.description)
            #expect(taken["state"] == "delivered" && taken["confirmed_by"] == "post" && taken["posts"] == "1")
            #expect(taken["next_step"] == "" && taken["last_error"] == "")
            #expect(taken["delivered"]?.hasSuffix("Z") == true)
            #expect(taken["location_url"] == taking.location(of: 1, .sameOrigin))

            let lost = try #require(byCDR["CDR-LOST"]?.first)
            #expect(lost["peer"] == String(losingPeer) && lost["state"] == "in doubt" && lost["delivered"] == "" && lost["location_url"] == "")
            #expect(lost["next_step"] == "the peer is asked on the next try")
            #expect(lost["last_error"]?.isEmpty == false, "why it is in doubt")
            let refused = try #require(byCDR["CDR-REFUSED"]?.first)
            #expect(refused["peer"] == String(refusingPeer) && refused["state"] == "refused" && refused["posts"] == "1")
            #expect(refused["next_step"] == "settle_cdr_delivery.sql -v outcome=post to send it again")
            #expect(refused["last_error"]?.contains("2001") == true)
            let nobody = try #require(byCDR["CDR-NOBODY"]?.first)
            #expect(nobody["peer"] == "" && nobody["state"] == "no peer")
            let queued = try #require(byCDR["CDR-QUEUED"]?.first)
            #expect(queued["peer"] == String(takingPeer) && queued["state"] == "not sent yet" && queued["posts"] == "0")
            #expect(queued["next_step"] == "posted on the next try")

            for secret in [taking.token, losing.token, refusing.token, fixture.ownerToken] {
                #expect(!outcome.stdout.contains(secret), "never a token")
            }

            let one = try AdminScript.run("list_cdr_deliveries", ["tenant": fixture.tenant.description, "cdr": "cdr-taken"])
            #expect(Self.rows(one.stdout).map { $0["cdr"] ?? "" } == ["CDR-TAKEN"], "-v cdr is matched as OCPI ids are, case-insensitively")
            let everywhere = try AdminScript.run("list_cdr_deliveries", ["cdr": "CDR-TAKEN"])
            #expect(Self.rows(everywhere.stdout).contains { $0["tenant"] == fixture.tenant.description && $0["peer"] == String(takingPeer) })
            let otherTenant = try AdminScript.run("list_cdr_deliveries", ["tenant": TestDatabase.uniqueTenant().description])
            #expect(otherTenant.succeeded && Self.rows(otherTenant.stdout).isEmpty)

            // Leave nothing pending for the next push test's worker (it serves every peer in the database).
            try await pool.query(
                """
                UPDATE push_deliveries SET state = 'superseded', finished_at = now(), last_error = 'the test is over'
                 WHERE peer_id = ANY(\([takingPeer, losingPeer, refusingPeer].map(String.init))::bigint[]) AND state = 'pending'
                """)
        }
    }

    @Test func refusesAMalformedTenant() async throws {
        try await TestDatabase.withPool { _ in
            let outcome = try AdminScript.run("list_cdr_deliveries", ["tenant": "DEABC"])
            #expect(!outcome.succeeded)
            #expect(outcome.stderr.contains("tenant must be a country code and a party id"), "\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty)
        }
    }
}
}
