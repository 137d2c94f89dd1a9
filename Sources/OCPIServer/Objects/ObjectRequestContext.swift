import Hummingbird
import OCPIModel
import OCPIStorage

/// The context of a request to an object module: the caller, resolved once, as the interface it uses. A tenant's
/// owner token gets the Receiver interface for its own objects; a peer's token the Sender interface over what it
/// may read; a registration token (token A) is refused here with 401, as the spec requires.
struct ObjectRequestContext: ChildRequestContext {
    enum Caller: Sendable {
        case owner(TenantID)
        case peer(PeerAccess)
    }

    var coreContext: CoreRequestContextStorage
    let caller: Caller

    init(context: OCPIRequestContext) throws {
        coreContext = context.coreContext
        switch try context.principal {
        case .owner(let tenant): caller = .owner(tenant)
        case .peer(let access): caller = .peer(access)
        case .registration:
            throw OCPIError.unauthorized(
                "a registration token (token A) may only read versions and use the credentials module; register first")
        }
    }
}
