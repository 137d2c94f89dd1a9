import Hummingbird
import NIOCore
import OCPIModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Request {
    /// Decodes the (already collected) body: 400 with 2001 when it is not JSON at all, 200 with 2001 naming the
    /// fields when it is JSON of the wrong shape.
    func decodeJSONBody<T: Decodable>(as type: T.Type) async throws -> T {
        try await decodeJSONBody { data in try OCPIJSON.decoder.decode(T.self, from: data) }
    }

    /// The same, with the decoding chosen by the caller (a module's body for the depth its URL addresses).
    func decodeJSONBody<T>(_ decode: (Data) throws -> T) async throws -> T {
        let buffer = try await body.collect(upTo: .max)
        guard buffer.readableBytes > 0 else {
            throw OCPIError.badRequest("the request has no body; send the object as JSON with Content-Type: application/json")
        }
        do {
            return try decode(Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw OCPIError.badRequest("the request body is not valid JSON")
            }
            throw OCPIError(validation: ValidationError(decoding: error))
        }
    }
}

extension OCPIError {
    /// A refused object: HTTP 200 (the request reached the OCPI layer) with the issues in `status_message`.
    init(validation: ValidationError) {
        self.init(status: .ok, code: validation.code, message: validation.message)
    }

    /// Runs a model's check or build, its refusal becoming that answer.
    static func validating<T>(_ check: () throws(ValidationError) -> T) throws(OCPIError) -> T {
        switch Result(catching: check) {
        case .success(let value): return value
        case .failure(let error): throw OCPIError(validation: error)
        }
    }
}
