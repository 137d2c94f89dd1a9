import Hummingbird
import Logging

/// Logs one line per request: method, path (never the query or headers, which may carry tokens), status and
/// duration. Sits inside `RequestIDMiddleware` so the request id is in the metadata.
public struct RequestLogMiddleware: RouterMiddleware {
    public typealias Context = OCPIRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "http.method": .string(request.method.rawValue),
                "http.path": .string(request.uri.path),
                "http.status": .stringConvertible(response.status.code),
                "http.duration_ms": .stringConvertible(milliseconds),
            ])
        return response
    }
}
