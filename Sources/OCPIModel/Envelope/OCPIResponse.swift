/// The envelope around every OCPI response body, errors included.
public struct OCPIResponse<Payload: Encodable & Sendable>: Encodable, Sendable {
    public var data: Payload?
    public var statusCode: OCPIStatusCode
    public var statusMessage: String?
    public var timestamp: DateTime

    public init(data: Payload?, statusCode: OCPIStatusCode = .success, statusMessage: String? = nil, timestamp: DateTime = .now()) {
        self.data = data
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.timestamp = timestamp
    }

    enum CodingKeys: String, CodingKey {
        case data
        case statusCode = "status_code"
        case statusMessage = "status_message"
        case timestamp
    }
}

/// A payload for envelopes that carry none (errors, and replies to pushes).
public struct NoPayload: Encodable, Sendable, Hashable {
    public init() {}
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encodeNil()
    }
}

/// An envelope as a peer sends it, for reading answers to our outbound calls.
public struct OCPIReceivedResponse<Payload: Decodable & Sendable>: Decodable, Sendable {
    public var data: Payload?
    public var statusCode: OCPIStatusCode
    public var statusMessage: String?

    enum CodingKeys: String, CodingKey {
        case data
        case statusCode = "status_code"
        case statusMessage = "status_message"
    }
}
