import HTTPTypes
import Hummingbird
import OCPIModel

/// Refuses request bodies over `maxBytes` with 413 before a handler reads them: at once when `Content-Length` says
/// so, or while collecting a chunked body. Collected bodies are kept on the request for the handler.
public struct BodyLimitMiddleware: RouterMiddleware {
    public typealias Context = OCPIRequestContext
    let maxBytes: Int

    public init(maxBytes: Int) {
        self.maxBytes = maxBytes
    }

    public func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard request.method == .put || request.method == .post || request.method == .patch else {
            return try await next(request, context)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBytes {
            throw tooLarge
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: maxBytes)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw tooLarge
        }
        return try await next(request, context)
    }

    private var tooLarge: OCPIError {
        OCPIError(
            status: .contentTooLarge, code: .clientError,
            message: "the request body is larger than the \(maxBytes) bytes this platform accepts")
    }
}
