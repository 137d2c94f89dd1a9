import OCPIModel
import OCPIStorage
import Testing

@testable import OCPIPeers

/// Where a change is pushed: `{locations_url}/{country_code}/{party_id}/{location_id}[/{evse_uid}[/{connector_id}]]`,
/// each segment percent-encoded, whatever the peer's URL ends with.
@Suite struct ReceiverURLTests {
    let tenant = TenantID(countryCode: "NL", partyID: "ABC")!

    @Test func segmentsAreAppendedAndEscaped() {
        let base = "https://emsp.example.com/ocpi/emsp/2.2.1/locations"
        #expect(ReceiverURL.of(ObjectAddress(tenant: tenant, ids: ["LOC1"]), at: base) == base + "/NL/ABC/LOC1")
        #expect(ReceiverURL.of(ObjectAddress(tenant: tenant, ids: ["LOC1", "E1", "1"]), at: base + "/")
            == base + "/NL/ABC/LOC1/E1/1")
        #expect(ReceiverURL.of(ObjectAddress(tenant: tenant, ids: ["A B/C?", "NL*ABC*E1"]), at: base)
            == base + "/NL/ABC/A%20B%2FC%3F/NL*ABC*E1")
    }
}
