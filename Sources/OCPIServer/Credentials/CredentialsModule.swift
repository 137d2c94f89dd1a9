import HTTPTypes
import Hummingbird
import Logging
import OCPIModel
import OCPIPeers
import OCPIStorage

/// The credentials module: how EMSP platforms register, update and unregister. Served at
/// `/ocpi/cpo/{version}/credentials` (listed in version details) and `/ocpi/{version}/credentials`.
/// No routing headers are read or sent here (the spec forbids them on configuration modules).
///
/// Who may do what: token A (registration) may GET and POST; a registered peer's token C may GET, PUT and DELETE;
/// POST on a registered connection and PUT/DELETE on an unregistered one are HTTP 405; owner tokens are refused.
public struct CredentialsModule: OCPIModule {
    public let identifier = ModuleID.credentials
    /// The spec gives credentials no meaningful role and advises SENDER.
    public let role = InterfaceRole.sender
    public let isAlsoAtVersionRoot = true

    let exchange: CredentialsExchange

    public init(exchange: CredentialsExchange) {
        self.exchange = exchange
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        group.get { _, context in
            let peer = try Self.peerID(context)
            let credentials = try await exchange.current(peer: peer, presentedToken: context.presentedToken ?? "")
            return try OCPIEnvelope.ok(credentials)
        }
        group.post { request, context in
            guard case .registration(let peer) = try context.principal else {
                throw try Self.refusal(for: context, registered: RegistrationError.alreadyRegistered)
            }
            let body = try await Self.credentials(request)
            let credentials = try await Self.perform(context) {
                try await exchange.register(peer: peer, registrationTokenID: context.token!.tokenID, credentials: body, version: version)
            }
            return try OCPIEnvelope.ok(credentials)
        }
        group.put { request, context in
            guard case .peer(let access) = try context.principal else {
                throw try Self.refusal(for: context, registered: RegistrationError.notRegistered)
            }
            let body = try await Self.credentials(request)
            let credentials = try await Self.perform(context) {
                try await exchange.update(peer: access.peerID, callerTokenID: context.token!.tokenID, credentials: body, version: version)
            }
            return try OCPIEnvelope.ok(credentials)
        }
        group.delete { _, context in
            guard case .peer(let access) = try context.principal else {
                throw try Self.refusal(for: context, registered: RegistrationError.notRegistered)
            }
            try await Self.perform(context) { try await exchange.unregister(peer: access.peerID) }
            return try OCPIEnvelope.ok()
        }
    }

    static func peerID(_ context: OCPIRequestContext) throws(OCPIError) -> PeerID {
        switch try context.principal {
        case .registration(let peer): return peer
        case .peer(let access): return access.peerID
        case .owner: throw ownerRefused
        }
    }

    static let ownerRefused = OCPIError.unauthorized(
        "the credentials module is for peer platforms; a tenant's owner token does not register")

    /// 401 for owners; 405 for the method that does not fit the connection's state.
    static func refusal(for context: OCPIRequestContext, registered error: RegistrationError) throws(OCPIError) -> OCPIError {
        if case .owner = try context.principal { return ownerRefused }
        return OCPIError.methodNotAllowed(error.message)
    }

    static func credentials(_ request: Request) async throws -> Credentials {
        try await request.decodeJSONBody(as: Credentials.self)
    }

    /// Maps exchange failures to envelopes: 405 for the state errors, HTTP 200 with 2001/3001/3002/3003 otherwise
    /// (the request reached the OCPI layer). The caller gets `callerMessage`; the log gets the whole story.
    static func perform<T>(_ context: OCPIRequestContext, _ operation: () async throws -> T) async throws -> T {
        do {
            return try await operation()
        } catch let error as RegistrationError {
            switch error {
            case .alreadyRegistered, .notRegistered: throw OCPIError.methodNotAllowed(error.message)
            default:
                context.logger.warning("credentials exchange failed", metadata: ["error": .string(error.message)])
                throw OCPIError(status: .ok, code: error.statusCode, message: error.callerMessage)
            }
        }
    }
}
