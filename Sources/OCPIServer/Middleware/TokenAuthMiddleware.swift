import HTTPTypes
import Hummingbird
import Logging
import OCPIStorage

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Authenticates `Authorization: Token …` and records the caller in the context.
///
/// OCPI 2.2+ sends the token Base64-encoded; many peers send it raw. Both are accepted: the Base64 decoding is
/// tried first when it yields a plausible token, then the value as written. Missing, unknown and revoked tokens get
/// 401. The token is never logged.
public struct TokenAuthMiddleware: RouterMiddleware {
    public typealias Context = OCPIRequestContext
    let authenticator: TokenAuthenticator

    public init(authenticator: TokenAuthenticator) {
        self.authenticator = authenticator
    }

    public func handle(
        _ request: Request, context: OCPIRequestContext,
        next: (Request, OCPIRequestContext) async throws -> Response
    ) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            throw OCPIError.unauthorized("missing Authorization header; send 'Authorization: Token <your token>'")
        }
        let candidates = try Self.candidates(fromHeader: header)
        for candidate in candidates {
            if let token = try await authenticator.authenticate(token: candidate) {
                var context = context
                context.token = token
                context.presentedToken = candidate
                return try await next(request, context)
            }
        }
        throw OCPIError.unauthorized("unknown or revoked token")
    }

    /// The tokens an `Authorization` value may stand for, most likely first.
    static func candidates(fromHeader header: String) throws(OCPIError) -> [String] {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "token" else {
            throw OCPIError.unauthorized("the Authorization header must read 'Token <your token>'")
        }
        var value = Substring(parts[1])
        while value.last == " " || value.last == "\t" { value.removeLast() }
        guard !value.isEmpty, value.utf8.count <= 200 else {
            throw OCPIError.unauthorized("unknown or revoked token")
        }
        var candidates: [String] = []
        if let decoded = base64Decoded(String(value)), decoded != value { candidates.append(decoded) }
        candidates.append(String(value))
        return candidates.filter(isPlausibleToken)
    }

    /// The Base64 decoding of `value`, padded if the sender dropped the padding, when it is printable text.
    static func base64Decoded(_ value: String) -> String? {
        var padded = value
        while padded.utf8.count % 4 != 0 { padded += "=" }
        guard let data = Data(base64Encoded: padded) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        return isPlausibleToken(text) ? text : nil
    }

    /// OCPI tokens are printable ASCII without whitespace, at most 64 characters (we accept a little more).
    static func isPlausibleToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 128 && text.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
    }
}
