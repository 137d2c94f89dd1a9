import HTTPTypes
import Hummingbird
import OCPIModel

/// A failure to answer with an OCPI envelope. The HTTP status and the OCPI `status_code` are separate on purpose:
/// a request that reached the OCPI layer is answered HTTP 200 with a 2xxx code; only a request that cannot be read
/// (400: a body that is not JSON, a malformed query parameter, routing header or URL id), authentication (401),
/// unknown URLs (404), wrong methods (405) and oversized bodies (413) use HTTP errors.
public struct OCPIError: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: OCPIStatusCode
    /// A sentence the caller can act on: which field, which rule, what to send instead.
    public var message: String
    /// Extra response headers (the swapped routing headers, for example).
    public var headers: HTTPFields = [:]

    public init(status: HTTPResponse.Status = .ok, code: OCPIStatusCode, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "OCPIError(\(status.code), \(code.rawValue): \(message))" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try OCPIEnvelope.response(
            OCPIResponse<NoPayload>(data: nil, statusCode: code, statusMessage: message), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension OCPIError {
    /// 401: missing, unknown or revoked token, or a token that may not use this module.
    public static func unauthorized(_ message: String) -> OCPIError {
        OCPIError(status: .unauthorized, code: .clientError, message: message)
    }

    /// HTTP 200 with 2001: the request is understood but a parameter or field is invalid or missing.
    public static func invalid(_ message: String) -> OCPIError {
        OCPIError(status: .ok, code: .invalidOrMissingParameters, message: message)
    }

    /// HTTP 400 with 2001: the request cannot be read (its body is not JSON; a query parameter, routing header or
    /// URL id is malformed).
    public static func badRequest(_ message: String) -> OCPIError {
        OCPIError(status: .badRequest, code: .invalidOrMissingParameters, message: message)
    }

    /// HTTP 404: no such route, or an object the caller may not see.
    public static func notFound(_ message: String, code: OCPIStatusCode = .clientError) -> OCPIError {
        OCPIError(status: .notFound, code: code, message: message)
    }

    /// HTTP 405.
    public static func methodNotAllowed(_ message: String) -> OCPIError {
        OCPIError(status: .methodNotAllowed, code: .clientError, message: message)
    }

    /// HTTP 500 with 3000; the message never carries internals.
    public static func internalError(requestID: String) -> OCPIError {
        OCPIError(
            status: .internalServerError, code: .serverError,
            message: "internal error; quote X-Request-ID \(requestID) to the platform operator")
    }

    /// HTTP 503 with 3000: the database is unreachable.
    public static var unavailable: OCPIError {
        OCPIError(status: .serviceUnavailable, code: .serverError, message: "the platform's database is unavailable; try again shortly")
    }
}
