import HTTPTypes
import NIOHTTP1

/// A request whose bytes are not valid HTTP/1.1 once its head was read: a chunked body with a bad chunk size or
/// framing, or a body cut short. The parser reports it to whichever handler reads the body, so without this it
/// would surface as an unknown error and a 500, although the fault is the client's.
///
/// The answer is 400 with `Connection: close`: the parser cannot find the next request in what follows, so the
/// connection cannot be kept. Malformed heads (bad `Content-Length`, invalid header bytes, oversized headers) never
/// reach the router; Hummingbird answers those with a bare 400 and closes.
enum MalformedRequest {
    static func error(_ parserError: HTTPParserError) -> OCPIError {
        var error = OCPIError.badRequest("the request is not valid HTTP/1.1: \(reason(parserError)); the connection is closed")
        error.headers[.connection] = "close"
        return error
    }

    /// What went wrong, in the client's terms.
    static func reason(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidChunkSize: return "a chunk size of the chunked body is not a hexadecimal number"
        case .invalidEOFState: return "the connection ended before the whole body arrived"
        case .invalidContentLength, .unexpectedContentLength: return "the Content-Length header is invalid"
        case .headerOverflow: return "the headers are too large"
        case .invalidHeaderToken, .invalidCharactersUsed: return "a header holds characters HTTP does not allow"
        default: return error.debugDescription
        }
    }
}
