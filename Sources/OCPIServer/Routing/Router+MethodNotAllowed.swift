import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

extension Router where Context == OCPIRequestContext {
    /// For every registered path, answers the methods it does not serve with 405 in an envelope (Hummingbird alone
    /// would say 404, which tells a client the URL is wrong when only the method is). Paths below `prefix` answer
    /// through `group`, so that a caller without a valid token gets 401 there, not a map of the URLs. A path of a
    /// version the caller's connection is not offered answers 404 like every other route of that version
    /// (`OfferedVersionMiddleware`): to that client the URL does not exist, whatever the method.
    func addMethodNotAllowedRoutes(below prefix: String, through group: RouterGroup<Context>) {
        let methods: [HTTPRequest.Method] = [.get, .put, .patch, .post, .delete]
        let served = Dictionary(grouping: routes, by: { $0.path.description }).mapValues { Set($0.map(\.method)) }
        for (path, pathMethods) in served {
            let allowed = methods.filter(pathMethods.contains).map(\.rawValue).joined(separator: ", ")
            let version = VersionNumber.supported.first { version in path.split(separator: "/").contains { $0 == version.rawValue } }
            let refuse: @Sendable (Request, Context) async throws -> Response = { request, context in
                if let version, let token = context.token, !token.offers(version) {
                    throw OfferedVersionMiddleware.notOffered(version, to: token)
                }
                var error = OCPIError.methodNotAllowed("\(request.method.rawValue) is not allowed here; this URL serves \(allowed)")
                error.headers[.allow] = allowed
                throw error
            }
            for method in methods where !pathMethods.contains(method) {
                if path.hasPrefix(prefix + "/") {
                    group.on(RouterPath(String(path.dropFirst(prefix.count + 1))), method: method, use: refuse)
                } else {
                    on(RouterPath(path), method: method, use: refuse)
                }
            }
        }
    }
}
