import HTTPTypes
import Hummingbird
import NIOCore
import OCPIModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Builds envelope responses, with `OCPIJSON.encoder` (compact, keys sorted).
public enum OCPIEnvelope {
    /// A response with `data` encoded by `JSONEncoder`.
    public static func response<Payload>(
        _ envelope: OCPIResponse<Payload>,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> Response {
        let body = try OCPIJSON.encoder.encode(envelope)
        return response(bytes: body, status: status, headers: headers)
    }

    /// A success envelope around `data`.
    public static func ok<Payload: Encodable & Sendable>(_ data: Payload, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try response(OCPIResponse(data: data), status: status, headers: headers)
    }

    /// A success envelope without data (replies to pushes).
    public static func ok(status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        try response(OCPIResponse<NoPayload>(data: nil), status: status, headers: headers)
    }

    /// A success envelope around `data` that is already JSON text (pre-rendered objects, joined pages): spliced in
    /// without decoding it again.
    /// `message`, when given, is the envelope's `status_message`.
    public static func ok(
        rawJSON data: some Collection<UInt8>, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:], message: String? = nil
    ) -> Response {
        let timestamp = DateTime.now().description
        var buffer = ByteBuffer()
        buffer.reserveCapacity(data.count + 64)
        buffer.writeString("{\"data\":")
        buffer.writeBytes(data)
        if let message, let encoded = try? OCPIJSON.encoder.encode(message) {
            buffer.writeString(",\"status_message\":")
            buffer.writeBytes(encoded)
        }
        buffer.writeString(",\"status_code\":1000,\"timestamp\":\"")
        buffer.writeString(timestamp)
        buffer.writeString("\"}")
        return response(buffer: buffer, status: status, headers: headers)
    }

    static func response(bytes: some Sequence<UInt8>, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        response(buffer: ByteBuffer(bytes: bytes), status: status, headers: headers)
    }

    static func response(buffer: ByteBuffer, status: HTTPResponse.Status, headers: HTTPFields) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}
