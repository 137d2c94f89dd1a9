import Hummingbird
import OCPIModel
import OCPIPeers
import OCPIStorage
import PGClient

/// The Tokens module: the pipeline's routes for the EMSPs' connections, which push their tokens
/// (`PartyReceiverInterface`), and the tenants' authorize call (`AuthorizeRoute`).
public struct TokensEndpoint: OCPIModule {
    public var identifier: ModuleID { Tokens.id }
    public var role: InterfaceRole { Tokens.peerRole }

    let pool: PGPool
    let store: ObjectStore<Tokens>
    let writer: ObjectWriter<Tokens>
    let authorize: AuthorizeRoute
    let publicURL: String

    public init(pool: PGPool, authorizer: TokenAuthorizer, publicURL: String) {
        Tokens.checkDeclaration()
        self.pool = pool
        self.store = ObjectStore(pool: pool)
        // Tokens are never pushed on: nothing records their changes.
        self.writer = ObjectWriter(pool: pool, changes: NoChangeRecorder())
        self.authorize = AuthorizeRoute(lookup: TokenLookup(pool: pool), authorizer: authorizer)
        self.publicURL = publicURL
    }

    public func register(on group: RouterGroup<OCPIRequestContext>, version: VersionNumber) {
        var routes = DataModuleRoutes<Tokens>(pool: pool, store: store, writer: writer, timeZones: nil, publicURL: publicURL, version: version)
        routes.tenantAdvice = "a back-office asks POST /ocpi/cpo/\(version.rawValue)/tokens/{token_uid}/authorize[?type=RFID]"
        routes.register(on: group)
        group.group(context: ObjectRequestContext.self).post("**") { request, context in
            try await authorize.respond(request, context: context, segments: try DataModuleRoutes<Tokens>.segments(context), version: version)
        }
    }
}
