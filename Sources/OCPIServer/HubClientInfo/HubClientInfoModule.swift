import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage
import PGClient

/// The HubClientInfo Receiver: a Hub connection tells us about the parties behind it,
/// `GET|PUT /ocpi/cpo/{version}/hubclientinfo/{country_code}/{party_id}` (a ClientInfo; no routing headers, as for
/// configuration modules). Stored per Hub (`HubClientInfoStore`); a party it reports OFFLINE or SUSPENDED gets no
/// Sessions or CDRs pushed through it until it is CONNECTED again. Only a connection with the HUB role may use it.
public struct HubClientInfoModule: OCPIModule {
    public let identifier = ModuleID.hubClientInfo
    public let role = InterfaceRole.receiver

    let store: HubClientInfoStore

    public init(pool: PGPool) {
        self.store = HubClientInfoStore(pool: pool)
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        group.get("**") { request, context in
            let (hub, party) = try Self.address(context)
            guard let json = try await store.get(hub: hub, party: party) else {
                throw OCPIError.notFound("this Hub has sent no ClientInfo for \(party)")
            }
            return OCPIEnvelope.ok(rawJSON: json.utf8)
        }
        group.put("**") { request, context in
            let (hub, party) = try Self.address(context)
            let info = try await request.decodeJSONBody(as: ClientInfo.self)
            try OCPIError.validating { () throws(ValidationError) in try info.validate(for: version) }
            guard !info.lastUpdated.isAheadOfPeerClockTolerance else {
                throw OCPIError.invalid("last_updated \(info.lastUpdated) is more than 5 minutes ahead of the platform's clock (\(DateTime.now()))")
            }
            guard info.countryCode.uppercased() == party.countryCode, info.partyID.uppercased() == party.partyID else {
                throw OCPIError.invalid("the ClientInfo names \(info.countryCode)*\(info.partyID), but the URL names \(party)")
            }
            switch try await store.put(info, from: hub) {
            case .success(let existed):
                return try OCPIEnvelope.ok(status: existed ? .ok : .created)
            case .failure(.stale(let stored)):
                throw OCPIError.invalid("last_updated \(info.lastUpdated) is older than the stored \(stored); the newer ClientInfo is kept")
            case .failure(.tooMany):
                throw OCPIError.invalid("this Hub reports \(HubClientInfoStore.maxPartiesPerHub) parties already; no more are kept")
            }
        }
    }

    /// The Hub and the party its URL names; refuses every caller but a connection with the HUB role.
    static func address(_ context: OCPIRequestContext) throws -> (PeerID, PartyCode) {
        guard case .peer(let access) = try context.principal else {
            var error = OCPIError.methodNotAllowed("hubclientinfo is a Hub connection's interface; tenants and registration tokens may not use it")
            error.headers[.allow] = ""
            throw error
        }
        guard access.parties.contains(where: { $0.role == Role.hub.rawValue }) else {
            throw OCPIError.notFound("hubclientinfo is for Hub connections; this connection has no HUB role")
        }
        let segments = try context.parameters.getCatchAll()
        guard segments.count == 2, let party = TenantID(countryCode: String(segments[0]), partyID: String(segments[1])) else {
            throw OCPIError.notFound("a Hub addresses a party as /hubclientinfo/{country_code}/{party_id}")
        }
        return (access.peerID, PartyCode(countryCode: party.countryCode, partyID: party.partyID))
    }
}
