import OCPIModel
import Testing

/// What makes a peer's Credentials unusable, named field by field with the same checks Locations use.
@Suite struct CredentialsProblemsTests {
    static func role(_ details: BusinessDetails, party: String = "ABC") -> CredentialsRole {
        CredentialsRole(role: .emsp, businessDetails: details, partyID: party, countryCode: "NL")
    }

    @Test func wellFormedCredentialsHaveNoProblems() {
        let credentials = Credentials(
            token: "token-c", url: "https://emsp.example.com/ocpi/versions", hubPartyID: "NLHUB",
            roles: [Self.role(BusinessDetails(name: "EMSP", website: "https://emsp.example.com"))])
        #expect(credentials.problems() == [])
    }

    @Test func everyFieldIsChecked() {
        let credentials = Credentials(
            token: "has space", url: "ftp://emsp.example.com", hubPartyID: "TOO-LONG",
            roles: [
                Self.role(BusinessDetails(name: "", website: "not a url")),
                Self.role(BusinessDetails(name: String(repeating: "é", count: 101)), party: "A"),
            ])
        let problems = credentials.problems()
        for expected in [
            "token must be 1 to 64", "url must be an absolute http(s) URL", "hub_party_id must be at most 5",
            "roles[0].business_details.name must not be empty", "roles[0].business_details.website",
            "roles[1].party_id must be three letters or digits", "roles[1].business_details.name must be at most 100",
        ] {
            #expect(problems.contains { $0.hasPrefix(expected) }, "\(expected) in \(problems)")
        }
        #expect(Credentials(token: "t", url: "https://x.example", roles: []).problems() == ["roles must list at least one role"])
    }
}
