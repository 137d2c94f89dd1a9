import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// OCPI's routing headers on functional modules: `OCPI-to-*` names the party a request is for (here: one of our
/// tenants), `OCPI-from-*` the party sending it (one of the caller's roles). Responses carry the pair swapped.
struct RoutingHeaders: Sendable {
    /// The tenant the request names, when it names one.
    var to: TenantID?
    /// The calling party, when it names itself.
    var from: (countryCode: String, partyID: String)?

    /// Reads and checks the headers for a caller: a peer may only name tenants it is granted and parties it is.
    init(request: Request, principal: Principal) throws(OCPIError) {
        let headers = request.headers
        let toCountry = headers[.ocpiToCountryCode]
        let toParty = headers[.ocpiToPartyID]
        if toCountry != nil || toParty != nil {
            guard let toCountry, let toParty, let tenant = TenantID(countryCode: toCountry, partyID: toParty) else {
                throw OCPIError.badRequest("OCPI-to-country-code and OCPI-to-party-id go together: two letters and three letters or digits")
            }
            if case .peer(let access) = principal, !access.isGranted(tenant) {
                throw OCPIError.notFound("OCPI-to names \(tenant), which this connection is not granted")
            }
            if case .owner(let own) = principal, own != tenant {
                throw OCPIError.notFound("OCPI-to names \(tenant); this token belongs to \(own)")
            }
            self.to = tenant
        }
        let fromCountry = headers[.ocpiFromCountryCode]
        let fromParty = headers[.ocpiFromPartyID]
        if fromCountry != nil || fromParty != nil {
            guard let fromCountry, let fromParty, TenantID.isCountryCode(fromCountry), TenantID.isPartyID(fromParty) else {
                throw OCPIError.badRequest("OCPI-from-country-code and OCPI-from-party-id go together: two letters and three letters or digits")
            }
            if case .peer(let access) = principal,
                !access.parties.contains(where: { $0.countryCode == fromCountry.uppercased() && $0.partyID == fromParty.uppercased() })
            {
                throw OCPIError.badRequest("OCPI-from names \(fromCountry.uppercased())*\(fromParty.uppercased()), which is not one of this connection's roles")
            }
            self.from = (fromCountry, fromParty)
        }
    }

    /// The response's headers: from = the tenant that answered, to = the caller's party, when known.
    func responseHeaders(answeringTenant: TenantID?) -> HTTPFields {
        var fields = HTTPFields()
        if let tenant = answeringTenant ?? to {
            fields[.ocpiFromCountryCode] = tenant.countryCode
            fields[.ocpiFromPartyID] = tenant.partyID
        }
        if let from {
            fields[.ocpiToCountryCode] = from.countryCode
            fields[.ocpiToPartyID] = from.partyID
        }
        return fields
    }
}
