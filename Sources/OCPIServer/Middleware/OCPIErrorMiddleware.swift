import Hummingbird
import Logging
import NIOHTTP1
import OCPIModel
import PGClient

/// Turns every failure into an OCPI envelope, so that no caller ever sees Hummingbird's `{"error":…}` body or an
/// empty 500. Added at router level, it also sees unknown routes (Hummingbird's 404) and oversized bodies (413).
///
/// Statuses: `OCPIError` as given; other `HTTPResponseError`s keep their HTTP status with OCPI 2000 (2001 for 400);
/// a body that is not valid HTTP (a bad chunk size, say) gives 400/2001; an unreachable database gives 503/3000;
/// anything else 500/3000 with the request id to quote.
public struct OCPIErrorMiddleware: RouterMiddleware {
    public typealias Context = OCPIRequestContext

    public init() {}

    public func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as OCPIError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.translate(error, request: request).response(from: request, context: context)
        } catch let error as HTTPParserError {
            return try MalformedRequest.error(error).response(from: request, context: context)
        } catch let error as PGError where error.isConnectionFailure || error.code == .poolTimeout || error.code == .poolClosed {
            context.logger.error("database unavailable", metadata: ["pg.error": .string(error.description)])
            return try OCPIError.unavailable.response(from: request, context: context)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(reflecting: error))])
            return try OCPIError.internalError(requestID: context.requestID).response(from: request, context: context)
        }
    }

    static func translate(_ error: any HTTPResponseError, request: Request) -> OCPIError {
        switch error.status {
        case .notFound:
            return .notFound("no OCPI endpoint at \(request.method.rawValue) \(request.uri.path); GET /ocpi/versions lists what is served")
        case .contentTooLarge:
            return OCPIError(status: .contentTooLarge, code: .clientError, message: "the request body is larger than this platform accepts")
        case .badRequest:
            return .badRequest((error as? HTTPError)?.body ?? "bad request")
        case .methodNotAllowed:
            return .methodNotAllowed("\(request.method.rawValue) is not allowed on \(request.uri.path)")
        default:
            return OCPIError(status: error.status, code: .clientError, message: (error as? HTTPError)?.body ?? error.status.reasonPhrase)
        }
    }
}
