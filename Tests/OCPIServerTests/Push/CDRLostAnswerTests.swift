import HTTPTypes
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// A POST whose answer is lost leaves the CDR in doubt: the EMSP may have it. The next try asks the EMSP (its list)
/// before posting: a CDR it took is never posted twice, one it says it lacks is posted again, and one it cannot
/// tell about waits for the operator.
extension PushTests {
@Suite
struct CDRLostAnswerTests {
    /// Posts CDR1 to a fresh EMSP whose next POST meets `fault`, runs one pass, and checks the CDR is in doubt.
    /// `earlier` CDRs are delivered first, as they are.
    func postInDoubt(
        _ fault: ScriptedReceiver.CDRFault, earlier: [String] = [],
        _ body: @Sendable (TokenPartyPushFixture, ScriptedReceiver, Int64, PushWorker) async throws -> Void
    ) async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)
            for id in earlier {
                try await fixture.postCDR(id, for: emsp.party)
                await worker.deliverPending()
            }
            emsp.behavior.cdrFaults = [fault]

            try await fixture.postCDR("CDR1", for: emsp.party)
            await worker.deliverPending()

            #expect(emsp.cdrPosts.count == earlier.count + 1)
            let delivery = try #require(try await fixture.cdrDelivery(peer, "CDR1"))
            #expect(delivery.inDoubt, "attempted_at set, delivered_at NULL: \(delivery)")
            #expect(delivery.attempts == 1 && delivery.confirmedBy == nil && delivery.locationURL == nil)
            #expect(try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["pending": 1], "to be tried again")
            try await body(fixture, emsp, peer, worker)
        }
    }

    /// The EMSP took the CDR, and the answer never came back or was a server error (HTTP 5xx, or OCPI 3xxx: a
    /// failure that may follow a stored CDR): the next try finds it in the EMSP's list and posts nothing.
    @Test(arguments: [
        ScriptedReceiver.CDRFault.storeThenDrop, .storeThenAnswerLate(.seconds(4)), .storeThenFail(.internalServerError, code: 3000),
        .storeThenFail(.ok, code: 3000),
    ])
    func aCDRTheEMSPTookIsConfirmedNotPostedAgain(_ fault: ScriptedReceiver.CDRFault) async throws {
        try await postInDoubt(fault) { fixture, emsp, peer, worker in
            #expect(emsp.stored("CDR1") == 1)
            try await TokenPartyPushFixture.deliver(worker) { try await fixture.cdrDelivery(peer, "CDR1")?.delivered == true }

            let delivery = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(delivery?.delivered == true)
            #expect(delivery?.confirmedBy == "list", "found in the EMSP's list: \(String(describing: delivery))")
            #expect(delivery?.attempts == 1)
            #expect(emsp.cdrPosts.count == 1, "one POST in all")
            #expect(emsp.stored("CDR1") == 1)
            #expect(emsp.cdrGets.map(\.path) == ["/ocpi/emsp/2.2.1/cdrs"], "one GET of its list")
            #expect(emsp.cdrGets.first?.query?.hasPrefix("date_from=") == true)
            #expect(try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["delivered": 1])
        }
    }

    /// The POST was lost before the EMSP took it: the next try asks, finds nothing, and posts it again; the EMSP
    /// ends with exactly one.
    @Test(arguments: [ScriptedReceiver.CDRFault.dropWithoutStoring, .failWithoutStoring(.internalServerError)])
    func aCDRTheEMSPNeverGotIsPostedAgain(_ fault: ScriptedReceiver.CDRFault) async throws {
        try await postInDoubt(fault) { fixture, emsp, peer, worker in
            #expect(emsp.storedCDRs.isEmpty)
            try await TokenPartyPushFixture.deliver(worker) { try await fixture.cdrDelivery(peer, "CDR1")?.delivered == true }

            let delivery = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(delivery?.delivered == true && delivery?.confirmedBy == "post")
            #expect(delivery?.attempts == 2)
            #expect(delivery?.locationURL == emsp.location(of: 1, .sameOrigin))
            #expect(emsp.cdrPosts.count == 2)
            #expect(emsp.stored("CDR1") == 1, "exactly one at the EMSP")
            #expect(emsp.cdrGets.map(\.path) == ["/ocpi/emsp/2.2.1/cdrs"], "it asked before posting again")
            let order = emsp.received.filter { $0.path.hasPrefix("/ocpi/emsp/2.2.1/cdrs") }.map(\.method)
            #expect(order == ["POST", "GET", "POST"])
        }
    }

    /// The list is asked from a day before the CDR's `last_updated` (the EMSP keeps ours, or its own time of
    /// receipt, which is later), and read page by page, following the `Link` header, until the CDR is found.
    @Test func theEMSPsListIsAskedFromADayBeforeAndReadPageByPage() async throws {
        try await postInDoubt(.storeThenDrop, earlier: ["OLD-1", "OLD-2"]) { fixture, emsp, peer, worker in
            emsp.behavior.listPageSize = 1
            try await TokenPartyPushFixture.deliver(worker) { try await fixture.cdrDelivery(peer, "CDR1")?.delivered == true }

            #expect(try await fixture.cdrDelivery(peer, "CDR1")?.confirmedBy == "list")
            let gets = emsp.cdrGets
            #expect(gets.map(\.path) == Array(repeating: "/ocpi/emsp/2.2.1/cdrs", count: 3), "three pages")
            #expect(gets.first?.query == "date_from=2024-05-31T11%3A01%3A00Z", "a day before the CDR's last_updated")
            #expect(gets.dropFirst().map(\.query) == ["offset=1&limit=1", "offset=2&limit=1"], "then the Link of each page")
            #expect(emsp.cdrPosts.count == 3 && emsp.stored("CDR1") == 1, "OLD-1, OLD-2, then CDR1 once")
        }
    }

    /// A list whose next page is on another origin is not followed (a peer must not steer our GETs elsewhere),
    /// and then the EMSP has not said it lacks the CDR: it cannot tell, so the CDR is not posted again.
    @Test func aListThatContinuesOnAnotherOriginDoesNotSayTheCDRIsMissing() async throws {
        try await postInDoubt(.storeThenDrop, earlier: ["OLD-1"]) { fixture, emsp, peer, worker in
            emsp.behavior.listPageSize = 1
            emsp.behavior.nextPageOrigin = "http://elsewhere.example"
            try await TokenPartyPushFixture.deliver(worker, limit: .seconds(5)) {
                try await fixture.deliveries(peer, module: "cdrs", "CDR1")["pending"] == nil
            }

            #expect(emsp.cdrGets.count == 1, "the first page only")
            #expect(emsp.cdrPosts.count == 2, "OLD-1, and CDR1 once")
            #expect(emsp.stored("CDR1") == 1, "never a second copy of a CDR the EMSP may have")
            #expect(try await fixture.cdrDelivery(peer, "CDR1")?.inDoubt == true)
        }
    }

    /// An EMSP that cannot say whether it has the CDR (its Receiver serves no list, as OCPI's CDRs Receiver does
    /// not, and the lost answer gave no URL to ask) is not posted the CDR again: the delivery fails with a message
    /// for the operator, the CDR stays in doubt, and the operator settles it after asking the EMSP: `delivered`
    /// records it, `post` sends it again.
    @Test(arguments: [("delivered", ScriptedReceiver.CDRFault.storeThenDrop), ("post", .dropWithoutStoring)])
    func anEMSPThatCannotSayWaitsForTheOperator(_ outcome: String, _ fault: ScriptedReceiver.CDRFault) async throws {
        try await postInDoubt(fault) { fixture, emsp, peer, worker in
            emsp.behavior.listsCDRs = false
            try await TokenPartyPushFixture.deliver(worker) { try await fixture.deliveries(peer, module: "cdrs", "CDR1")["pending"] == nil }

            #expect(try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["failed": 1])
            let error = try await fixture.pool.query(
                "SELECT last_error FROM push_deliveries WHERE peer_id = \(peer) AND state = 'failed' ORDER BY id DESC LIMIT 1"
            ).first?.decode(0, as: String?.self)
            #expect(error?.contains("settle_cdr_delivery.sql") == true, "\(error ?? "")")
            #expect(try await fixture.cdrDelivery(peer, "CDR1")?.inDoubt == true)
            #expect(emsp.cdrPosts.count == 1)
            let listed = try AdminScript.run("list_cdr_deliveries", ["tenant": fixture.tenant.description, "cdr": "CDR1"])
            #expect(CDRDeliveriesAdminScriptTests.rows(listed.stdout).first?["state"] == "in doubt")

            let settled = try AdminScript.run(
                "settle_cdr_delivery", ["peer_id": String(peer), "tenant": fixture.tenant.description, "cdr": "CDR1", "outcome": outcome])
            #expect(settled.succeeded, "\(settled.stderr)")
            await worker.deliverPending()
            let delivery = try await fixture.cdrDelivery(peer, "CDR1")
            #expect(delivery?.delivered == true)
            #expect(delivery?.confirmedBy == (outcome == "delivered" ? "operator" : "post"))
            #expect(emsp.cdrPosts.count == (outcome == "delivered" ? 1 : 2))
            #expect(emsp.stored("CDR1") == 1, "exactly one at the EMSP either way")
        }
    }

    /// An answer that is not an OCPI envelope is as good as lost (the EMSP may have stored the CDR before its
    /// proxy mangled the answer): the CDR is in doubt, so it must be tried again and confirmed, not dropped.
    @Test func aCDRAnsweredWithoutAnEnvelopeIsCheckedOnTheNextTry() async throws {
        try await LocationsApp.run { http, pool in
            let fixture = try await TokenPartyPushFixture.make(http, pool)
            let (emsp, peer) = try await fixture.receiver()
            defer { Task { await emsp.stop() } }
            let worker = PushFixture.worker(pool)
            emsp.behavior.cdrFaults = [.storeThenAnswerGarbage]

            try await fixture.postCDR("CDR1", for: emsp.party)
            await worker.deliverPending()
            #expect(try await fixture.cdrDelivery(peer, "CDR1")?.inDoubt == true)
            #expect(
                try await fixture.deliveries(peer, module: "cdrs", "CDR1") == ["pending": 1],
                "a CDR in doubt keeps a pending delivery, or no next try ever checks it")

            try await TokenPartyPushFixture.deliver(worker, limit: .seconds(5)) { try await fixture.cdrDelivery(peer, "CDR1")?.delivered == true }
            #expect(try await fixture.cdrDelivery(peer, "CDR1")?.confirmedBy == "list")
            #expect(emsp.cdrPosts.count == 1 && emsp.stored("CDR1") == 1)
        }
    }
}
}

