#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// The Commands Receiver: an EMSP's `POST /commands/{command}` is checked against what it may reach, recorded, and
/// relayed to the tenant's back-office (`POST {commands_url}/{command}`, the same body with our `response_url`),
/// whose immediate answer becomes ours. The back-office later POSTs the CommandResult to our `response_url`,
/// `POST /commands/{command}/{id}` with its owner token, and `CommandResultRelay` takes it to the EMSP's
/// (or TIMEOUT, when nothing came in time).
public struct CommandsModule: OCPIModule {
    public let identifier = ModuleID.commands
    public let role = InterfaceRole.receiver

    let store: CommandStore
    let targets: CommandTargets
    let client: PeerClient
    let publicURL: String
    let relayFor: Duration
    let resultArrived: @Sendable () -> Void
    let logger: Logger

    /// - Parameters:
    ///   - relayFor: how long a result is relayed to the EMSP before it is given up (`CommandResultRelay`'s).
    ///   - resultArrived: wakes the relay when the back-office sent a result.
    public init(pool: PGPool, client: PeerClient, publicURL: String, relayFor: Duration, resultArrived: @escaping @Sendable () -> Void) {
        self.store = CommandStore(pool: pool)
        self.targets = CommandTargets(locations: ObjectStore(pool: pool), sessions: ObjectStore(pool: pool), store: CommandStore(pool: pool))
        self.client = client
        self.publicURL = publicURL
        self.relayFor = relayFor
        self.resultArrived = resultArrived
        self.logger = Logger(label: "ocpi.commands")
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        group.post("**") { request, context in
            let segments = try context.parameters.getCatchAll()
            switch (try context.principal, segments.count) {
            case (.peer(let access), 1):
                return try await command(String(segments[0]), request: request, access: access, version: version)
            case (.owner(let tenant), 2):
                return try await result(command: String(segments[0]), publicID: String(segments[1]), request: request, tenant: tenant, version: version)
            case (.owner, _):
                throw OCPIError.notFound("a back-office posts a command's result to the response_url it was given")
            case (.peer, _):
                throw OCPIError.notFound("commands are POST /ocpi/cpo/\(version.rawValue)/commands/{command}")
            case (.registration, _):
                throw OCPIError.unauthorized("a registration token (token A) may only read versions and use the credentials module; register first")
            }
        }
    }

    // MARK: A peer's command

    func command(_ name: String, request: Request, access: PeerAccess, version: VersionNumber) async throws -> Response {
        let routing = try RoutingHeaders(request: request, principal: .peer(access))
        let command = CommandType(rawValue: name)
        guard command.isKnown(in: version) else {
            if version >= .v2_3_0 {
                return try answer(.refusal(.notSupported, "command \(UntrustedText.escaped(name)) is not supported"), routing: routing, tenant: nil)
            }
            throw OCPIError.notFound(
                "unknown command \(UntrustedText.escaped(name)); OCPI \(version) knows \(CommandType.known.sorted().joined(separator: ", "))")
        }
        let (body, raw) = try await request.decodeJSONBody { data in
            (try OCPIJSON.decoder.decode(CommandRequest.self, from: data), try OCPIJSON.decoder.decode(JSONValue.self, from: data))
        }
        let token = try OCPIError.validating { () throws(ValidationError) in try body.checked(for: command, version: version) }
        try await store.checkResponseURL(body.responseURL ?? "", of: access.peerID)
        let scope: TenantScope = routing.to.map { .tenants([$0]) } ?? (access.allTenants ? .all : .tenants(access.tenants.sorted()))
        let target: CommandTarget
        do {
            target = try await targets.find(command, body, token: token, access: access, scope: scope)
        } catch let refusal as CommandRefusal {
            return try answer(refusal.response, routing: routing, tenant: nil, code: refusal.code)
        }
        guard let link = try await store.backoffice(of: target.tenant), let commandsURL = link.commandsURL else {
            return try answer(
                .refusal(.notSupported, "tenant \(target.tenant) receives no commands through this platform"), routing: routing, tenant: target.tenant)
        }
        var relayed = raw.object ?? [:]
        var subject = target.subject
        if command == .reserveNow, let reservation = body.reservationID {
            let mapped = try await store.backofficeReservation(tenant: target.tenant, party: target.party, reservationID: reservation, create: true)
            relayed["reservation_id"] = mapped.map(JSONValue.string)
            subject = "\(reservation) at \(target.subject)"
        } else if command == .cancelReservation {
            relayed["reservation_id"] = target.backofficeReservation.map(JSONValue.string)
        }
        let recorded = try await store.record(
            NewCommand(
                tenant: target.tenant, peer: access.peerID, peerParty: target.party, module: .commands, command: command.rawValue,
                version: version, subject: subject, request: String(decoding: try OCPIJSON.encoder.encode(raw), as: UTF8.self),
                responseURL: body.responseURL ?? ""))
        relayed["response_url"] = .string("\(publicURL)/ocpi/cpo/\(version.rawValue)/commands/\(command.rawValue)/\(recorded.publicID)")
        let (response, failure) = await forward(
            command, body: .object(relayed), to: commandsURL, link: link, tenant: target.tenant, party: target.party, version: version)
        let text = String(decoding: try OCPIJSON.encoder.encode(response), as: UTF8.self)
        if response.result == .accepted {
            // A few seconds' grace past the timeout the EMSP is told, for a result already on its way.
            try await store.accepted(recorded.id, response: text, timeout: .seconds(max(1, min(response.timeout, 86_400)) + 5))
        } else {
            try await store.refused(recorded.id, response: text, error: failure)
        }
        return try answer(response, routing: routing, tenant: target.tenant)
    }

    /// The back-office's immediate answer, or REJECTED and why, when it cannot be had.
    func forward(
        _ command: CommandType, body: JSONValue, to commandsURL: String, link: BackofficeLink, tenant: TenantID, party: PartyCode,
        version: VersionNumber
    ) async -> (CommandResponse, String?) {
        let headers = OutboundRouting.headers(from: party, to: PartyCode(tenant))
        do {
            let answer = try await client.call(
                .POST, PercentEncoding.url(commandsURL, appending: [command.rawValue]), token: PeerToken(value: link.token, format: .base64), body: body, headers: headers,
                as: CommandResponse.self)
            guard let response = answer.data else {
                return (.refusal(.rejected, "the charge point operator's system gave no answer"), "the back-office's answer carries no CommandResponse")
            }
            do {
                try response.validate(for: version)
            } catch {
                return (.refusal(.rejected, "the charge point operator's system answered out of the spec"), "the back-office's CommandResponse: \(error.message)")
            }
            return (response, nil)
        } catch {
            logger.warning("a command could not be forwarded to the back-office", metadata: ["tenant": "\(tenant)", "error": "\(error.description)"])
            return (.refusal(.rejected, "the charge point operator's system could not be reached; try again later"), error.description)
        }
    }

    func answer(_ response: CommandResponse, routing: RoutingHeaders, tenant: TenantID?, code: OCPIStatusCode = .success) throws -> Response {
        try OCPIEnvelope.response(OCPIResponse(data: response, statusCode: code), headers: routing.responseHeaders(answeringTenant: tenant))
    }

    // MARK: The back-office's result

    func result(command: String, publicID: String, request: Request, tenant: TenantID, version: VersionNumber) async throws -> Response {
        let result = try await request.decodeJSONBody(as: CommandResult.self)
        try OCPIError.validating { () throws(ValidationError) in try result.validate(for: version) }
        let text = String(decoding: try OCPIJSON.encoder.encode(result), as: UTF8.self)
        switch try await store.takeResult(publicID: publicID, tenant: tenant, module: .commands, command: command, result: text, relayFor: relayFor) {
        case .relayed:
            resultArrived()
            return try OCPIEnvelope.ok()
        case .late:
            return try OCPIEnvelope.response(
                OCPIResponse<NoPayload>(data: nil, statusMessage: "the result came after the command timed out; it is recorded, not relayed"))
        case .duplicate:
            return try OCPIEnvelope.response(
                OCPIResponse<NoPayload>(data: nil, statusMessage: "this command has its result already; this one is recorded, not relayed"))
        case .afterRefusal:
            return try OCPIEnvelope.response(
                OCPIResponse<NoPayload>(
                    data: nil,
                    statusMessage: "the EMSP was answered REJECTED, since this system's answer did not come in time; the result is recorded, not relayed"))
        case .unknown:
            throw OCPIError.notFound("no command of tenant \(tenant) has this response_url")
        }
    }
}
