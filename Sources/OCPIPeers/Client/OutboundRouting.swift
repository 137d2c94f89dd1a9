import OCPIModel
import OCPIStorage

/// OCPI's routing headers on a call the platform makes: `OCPI-from-*` names the party the call is made for,
/// `OCPI-to-*` the party it is addressed to; either pair is left out when it is not known.
public enum OutboundRouting {
    public static func headers(from sender: PartyCode?, to receiver: PartyCode?) -> [(String, String)] {
        var headers: [(String, String)] = []
        if let sender { headers += [("OCPI-from-country-code", sender.countryCode), ("OCPI-from-party-id", sender.partyID)] }
        if let receiver { headers += [("OCPI-to-country-code", receiver.countryCode), ("OCPI-to-party-id", receiver.partyID)] }
        return headers
    }
}

extension PeerParty {
    /// The party, without its role.
    public var code: PartyCode { PartyCode(countryCode: countryCode, partyID: partyID) }
}
