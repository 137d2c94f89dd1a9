import Hummingbird
import OCPIModel

/// Builds the router the service runs and the tests exercise.
///
/// Middleware order, outermost first: request ids (they must reach every response) → request log (it sees the
/// final status) → error envelope (nothing leaves without one) → metrics → body limit → routes. Token
/// authentication guards everything under `/ocpi`; `/health` and `/metrics` are open.
public func buildRouter(_ dependencies: ServerDependencies) -> Router<OCPIRequestContext> {
    let router = Router(context: OCPIRequestContext.self)
    router.addMiddleware {
        RequestIDMiddleware()
        RequestLogMiddleware()
        OCPIErrorMiddleware()
        MetricsMiddleware()
        BodyLimitMiddleware(maxBytes: dependencies.maxBodyBytes)
    }
    HealthController(pool: dependencies.pool).register(on: router)
    if let exposition = dependencies.metricsExposition {
        router.get("metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: exposition())))
        }
    }

    let ocpi = router.group("ocpi").add(middleware: TokenAuthMiddleware(authenticator: dependencies.authenticator))
    VersionsController(publicURL: dependencies.publicURL, modules: dependencies.modules).register(on: ocpi)
    for module in dependencies.modules {
        for version in module.versions {
            // A connection limited to some versions gets 404 on the others' routes.
            let offered = OfferedVersionMiddleware(version: version)
            module.register(on: ocpi.group(RouterPath(module.path(for: version))).add(middleware: offered), version: version)
            if module.isAlsoAtVersionRoot {
                module.register(
                    on: ocpi.group(RouterPath("\(version.rawValue)/\(module.identifier.rawValue)")).add(middleware: offered), version: version)
            }
        }
    }
    router.addMethodNotAllowedRoutes(below: "/ocpi", through: ocpi)
    return router
}
