import HTTPTypes
import Hummingbird
import Logging
import OCPIModel

/// Gives every request an `X-Request-ID` and an `X-Correlation-ID` (the caller's, when they are sane; fresh random
/// UUIDs otherwise), puts the request id into the request's logger, and echoes both on every response.
///
/// Outermost middleware: it must see the final response, errors included.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = OCPIRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = Self.sanitised(request.headers[.xRequestID]) ?? MessageID.random()
        context.correlationID = Self.sanitised(request.headers[.xCorrelationID]) ?? MessageID.random()
        context.logger[metadataKey: "ocpi.request_id"] = .string(context.requestID)
        var response = try await next(request, context)
        response.headers[.xRequestID] = context.requestID
        response.headers[.xCorrelationID] = context.correlationID
        return response
    }

    /// Accepts printable ASCII ids up to 255 characters; anything else could garble logs and is replaced.
    static func sanitised(_ value: String?) -> String? {
        guard let value, !value.isEmpty, value.utf8.count <= 255,
            value.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E })
        else { return nil }
        return value
    }
}
