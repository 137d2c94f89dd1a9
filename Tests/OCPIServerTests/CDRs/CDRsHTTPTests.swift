import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIStorage
import PGClient
import Testing
import TestSupport

/// The CDRs module's own rules for the owner, through HTTP on the real database: POST creates, nothing changes a
/// CDR afterwards, a credit CDR corrects one. Prices are `CDRPricingHTTPTests`'.
@Suite struct CDRsHTTPTests {
    /// The totals of `ChargeBodies.tenKWh` at 0.25 per kWh plus 21 % VAT.
    static let priced = ChargeBodies.totals("2.5", vat: "0.525")

    /// POST answers 201 with the CDR as stored and a Location header naming, under PUBLIC_URL, where GET reads it.
    @Test(arguments: ["2.3.0", "2.2.1"])
    func aPostedCDRIsReadAtTheURLItsLocationHeaderNames(_ version: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant(), totals: ChargeBodies.totals("2.5", vat: "0.525", version: version))
            let posted = try await http.send(.post, ChargeURL.cdrs(version: version), token: token, body: body)
            #expect(posted.status == .created)
            #expect(posted.code == 1000)
            #expect(posted.data?["id"]?.string == "CDR1")
            let location = try #require(posted.header("Location"))
            #expect(location == "\(LocationsApp.publicURL)/ocpi/cpo/\(version)/cdrs/\(tenant.countryCode)/\(tenant.partyID)/CDR1")

            let read = try await http.get(try Loc.follow(location), token: token)
            #expect(read.status == .ok)
            #expect(read.data == posted.data, "GET of the Location reads the CDR the POST answered")
            #expect(Charge.ids(try await http.get(ChargeURL.cdrs(version: version), token: token)) == ["CDR1"])
        }
    }

    /// A posted id may hold printable ASCII characters that mean something in a URL, so its Location header
    /// percent-encodes them; a GET of that header reads the CDR.
    @Test(arguments: [("CDR#1", "CDR%231"), ("CDR?1", "CDR%3F1"), ("CDR%1", "CDR%251"), ("CDR*1", "CDR*1")])
    func anIDWithURLCharactersIsReadAtItsLocation(_ id: String, _ encoded: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.cdr(tenant, id, token: TestDatabase.uniqueTenant(), totals: Self.priced)
            let posted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: body)
            #expect(posted.status == .created, "\(posted.message)")
            let location = try #require(posted.header("Location"))
            #expect(location == "\(LocationsApp.publicURL)/ocpi/cpo/2.3.0/cdrs/\(tenant.countryCode)/\(tenant.partyID)/\(encoded)")
            let read = try await http.get(try Loc.follow(location), token: token)
            #expect(read.status == .ok, "GET \(location)")
            #expect(read.data?["id"]?.string == id)
        }
    }

    /// An id that cannot travel in a URL segment and come back as itself is refused, and nothing is stored: `/`
    /// (peers' paths and push keys split on it), `.` and `..` (URLs resolve them away).
    @Test(arguments: ["CDR/1", ".", ".."])
    func anIDThatCannotBeAddressedIsRefused(_ id: String) async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.cdr(tenant, id, token: TestDatabase.uniqueTenant(), totals: Self.priced)
            let posted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: body)
            #expect(posted.code == 2001)
            #expect(posted.message.contains("id"))
            #expect(Charge.ids(try await http.get(ChargeURL.cdrs(), token: token)).isEmpty)
        }
    }

    /// CDRs are immutable: a second POST with the id of a stored one (in any case) is refused and changes nothing.
    @Test func aSecondPostWithAnExistingIDIsRefusedAndChangesNothing() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            #expect(try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: Self.priced)).status == .created)
            let before = try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data

            for id in ["CDR1", "cdr1"] {
                let again = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, id, token: emsp, totals: ChargeBodies.totals("9", vat: "1.89")))
                #expect(again.code == 2001, "\(id)")
                #expect(again.message.contains("exists already"), "\(again.message)")
                #expect(again.message.contains("credit CDR"), "the refusal tells how to correct a CDR: \(again.message)")
            }
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data == before)
            #expect(Charge.ids(try await http.get(ChargeURL.cdrs(), token: token)) == ["CDR1"])
        }
    }

    /// An owner token posts its own tenant's CDRs: a body naming another tenant is refused and stored nowhere.
    @Test func aCDRNamingAnotherTenantIsRefused() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let (other, otherToken) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.cdr(other, "CDR1", token: TestDatabase.uniqueTenant(), totals: Self.priced)
            let refused = try await http.send(.post, ChargeURL.cdrs(), token: token, body: body)
            #expect(refused.code == 2001)
            #expect(refused.message.contains("country_code"), "\(refused.message)")
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).status == .notFound)
            #expect(try await http.get(ChargeURL.cdr(other, "CDR1"), token: otherToken).status == .notFound)

            let samePartyID = TenantID(countryCode: tenant.countryCode, partyID: other.partyID)!
            let wrongParty = try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(samePartyID, "CDR2", token: TestDatabase.uniqueTenant(), totals: Self.priced))
            #expect(wrongParty.code == 2001)
            #expect(wrongParty.message.contains("party_id"), "\(wrongParty.message)")
        }
    }

    /// A credit CDR names a stored CDR of the tenant, with its token party, and carries the original's data with
    /// total_cost negated (the spec: only total_cost holds negative amounts). One naming no CDR, or a credit CDR, or
    /// another token party is refused, and so is one without total_cost.
    @Test func aCreditCDRCreditsAStoredCDR() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool, tariffs: ["T1"])
            let emsp = TestDatabase.uniqueTenant()
            #expect(try await http.send(.post, ChargeURL.cdrs(), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: Self.priced)).status == .created)
            let negated = ChargeBodies.totals("-2.5", vat: "-0.525")

            let unknown = ChargeBodies.cdr(tenant, "CDR1-C", token: emsp, totals: negated, extra: #", "credit": true, "credit_reference_id": "NOPE""#)
            let refused = try await http.send(.post, ChargeURL.cdrs(), token: token, body: unknown)
            #expect(refused.code == 2001)
            #expect(refused.message.hasPrefix("credit_reference_id"), "\(refused.message)")

            let untotalled = ChargeBodies.cdr(tenant, "CDR1-C", token: emsp, extra: #", "credit": true, "credit_reference_id": "CDR1""#)
            let unpriced = try await http.send(.post, ChargeURL.cdrs(), token: token, body: untotalled)
            #expect(unpriced.code == 2001, "the platform never prices a credit")
            #expect(unpriced.message.contains("total_cost"), "\(unpriced.message)")

            let otherParty = ChargeBodies.cdr(tenant, "CDR1-C", token: TestDatabase.uniqueTenant(), totals: negated, extra: #", "credit": true, "credit_reference_id": "CDR1""#)
            let moved = try await http.send(.post, ChargeURL.cdrs(), token: token, body: otherParty)
            #expect(moved.code == 2001, "a credit concerns the EMSP of the CDR it credits")
            #expect(moved.message.hasPrefix("cdr_token"), "\(moved.message)")
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1-C"), token: token).status == .notFound)

            let credit = ChargeBodies.cdr(
                tenant, "CDR1-C", token: emsp, totals: negated,
                extra: #", "credit": true, "credit_reference_id": "CDR1", "total_energy_cost": \#(ChargeBodies.price("2.5", vat: "0.525"))"#)
            let accepted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: credit)
            #expect(accepted.status == .created, "\(accepted.message)")
            #expect(accepted.data?["credit"]?.bool == true)
            #expect(accepted.data?["total_cost"]?["before_taxes"]?.number == -2.5)
            #expect(accepted.data?["total_energy_cost"]?["before_taxes"]?.number == 2.5)

            let ofACredit = ChargeBodies.cdr(tenant, "CDR1-C-C", token: emsp, totals: negated, extra: #", "credit": true, "credit_reference_id": "CDR1-C""#)
            #expect(try await http.send(.post, ChargeURL.cdrs(), token: token, body: ofACredit).code == 2001, "a credit credits a normal CDR")
        }
    }

    /// A CDR's URL serves GET only: CDRs are never replaced, patched or deleted.
    @Test func aCDRsURLServesOnlyGET() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let body = ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant(), totals: Self.priced)
            #expect(try await http.send(.post, ChargeURL.cdrs(), token: token, body: body).status == .created)
            let before = try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data

            for (method, sent) in [(HTTPRequest.Method.put, Optional(body)), (.patch, #"{"remark": "changed"}"#), (.delete, nil)] {
                let reply = try await http.send(method, ChargeURL.cdr(tenant, "CDR1"), token: token, body: sent)
                #expect(reply.status == .methodNotAllowed, "\(method)")
                #expect(reply.header("Allow")?.contains("GET") == true, "\(method)")
            }
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data == before)
        }
    }

    /// A CdrLocation's address is string(45): 46 characters are refused with the field and the limit named.
    @Test func a221CDRLocationAddressIsAtMost45Characters() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let emsp = TestDatabase.uniqueTenant()
            let totals = ChargeBodies.totals("2.5", vat: "0.525", version: "2.2.1")
            let long = String(repeating: "a", count: 46)
            let refused = try await http.send(
                .post, ChargeURL.cdrs(version: "2.2.1"), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: totals, address: long))
            #expect(refused.code == 2001)
            #expect(refused.message.contains("cdr_location.address"), "\(refused.message)")
            #expect(refused.message.contains("45"), "\(refused.message)")
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).status == .notFound)

            let fits = String(repeating: "a", count: 45)
            let accepted = try await http.send(
                .post, ChargeURL.cdrs(version: "2.2.1"), token: token, body: ChargeBodies.cdr(tenant, "CDR1", token: emsp, totals: totals, address: fits))
            #expect(accepted.status == .created)
            #expect(accepted.data?["cdr_location"]?["address"]?.string == fits)
        }
    }

    /// signed_data (OCMF and the like) is kept exactly as received: every field, spaces, escapes and non-ASCII text
    /// included, reads back the same in both versions.
    @Test func signedDataIsStoredAndReturnedUnchanged() async throws {
        try await LocationsApp.run { http, pool in
            let (tenant, token) = try await Charge.tenantWithSite(http, pool)
            let signed = """
                {"encoding_method": "OCMF", "encoding_method_version": 1, "public_key": "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE/+=",
                 "signed_values": [
                   {"nature": "Start", "plain_data": "OCMF|{\\"FV\\":\\"1.0\\",\\"RD\\":[{\\"TM\\":\\"2024-06-01T10:00:00,000+0200 S\\",\\"RV\\":0.0}]}|{\\"SA\\":\\"ECDSA-secp256r1-SHA256\\"}", "signed_data": "MEUCIQD+/abc=="},
                   {"nature": "End", "plain_data": "  spaced  twice, ü € \\u00e9 \\/ kept ", "signed_data": "MEYCIQC/xyz=="}],
                 "url": "https://transparenz.example/verify?id=1&x=%20"}
                """
            let body = ChargeBodies.cdr(tenant, "CDR1", token: TestDatabase.uniqueTenant(), totals: Self.priced, extra: #", "signed_data": \#(signed)"#)
            let posted = try await http.send(.post, ChargeURL.cdrs(), token: token, body: body)
            #expect(posted.status == .created, "\(posted.message)")
            let sent = try Loc.json(signed)
            #expect(posted.data?["signed_data"] == sent)
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1"), token: token).data?["signed_data"] == sent)
            #expect(try await http.get(ChargeURL.cdr(tenant, "CDR1", version: "2.2.1"), token: token).data?["signed_data"] == sent)
        }
    }
}
