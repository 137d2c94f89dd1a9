/// The meter's signed readings of a CDR's session (German Eichrecht and the like), passed on exactly as received
/// so that a driver can verify them: nothing here is normalised, trimmed or re-encoded.
public struct SignedData: Codable, Sendable, Hashable {
    /// CiString(36): the encoding's name, such as OCMF, "Alfen Eichrecht", "EDL40 E-Mobility Extension",
    /// "EDL40 Mennekes".
    public var encodingMethod: String
    /// The encoding's version, where it has one.
    public var encodingMethodVersion: Int?
    /// string(512): the public key the values were signed with, base64.
    public var publicKey: String?
    /// At least one.
    public var signedValues: [SignedValue]
    /// string(512): where a driver can check the signed data.
    public var url: String?

    public init(
        encodingMethod: String, encodingMethodVersion: Int? = nil, publicKey: String? = nil,
        signedValues: [SignedValue], url: String? = nil
    ) {
        self.encodingMethod = encodingMethod
        self.encodingMethodVersion = encodingMethodVersion
        self.publicKey = publicKey
        self.signedValues = signedValues
        self.url = url
    }

    enum CodingKeys: String, CodingKey {
        case encodingMethod = "encoding_method"
        case encodingMethodVersion = "encoding_method_version"
        case publicKey = "public_key"
        case signedValues = "signed_values"
        case url
    }

    /// As synthesised, except that `encoding_method_version` is an OCPI int (a fraction is refused with its path).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        encodingMethod = try container.decode(String.self, forKey: .encodingMethod)
        encodingMethodVersion = try container.decodeIntegerIfPresent(forKey: .encodingMethodVersion)
        publicKey = try container.decodeIfPresent(String.self, forKey: .publicKey)
        signedValues = try container.decode([SignedValue].self, forKey: .signedValues)
        url = try container.decodeIfPresent(String.self, forKey: .url)
    }
}

/// One signed reading.
public struct SignedValue: Codable, Sendable, Hashable {
    /// CiString(32): the event the value belongs to: Start, End or Intermediate so far, others may follow.
    public var nature: String
    /// string(5000): the reading as plain text, in the encoding's format.
    public var plainData: String
    /// string(5000): the signed blob, base64, in the encoding's format.
    public var signedData: String

    public init(nature: String, plainData: String, signedData: String) {
        self.nature = nature
        self.plainData = plainData
        self.signedData = signedData
    }

    enum CodingKeys: String, CodingKey {
        case nature
        case plainData = "plain_data"
        case signedData = "signed_data"
    }
}

extension SignedData {
    /// string(5000) in both versions' current texts: the earlier 512 of `plain_data` is declared a mistake in both.
    static let valueLength = 5000

    func check(_ issues: inout IssueCollector) {
        issues.identifier(encodingMethod, "encoding_method", max: 36)
        issues.nonNegative(encodingMethodVersion, "encoding_method_version")
        issues.string(publicKey, "public_key", max: 512)
        if signedValues.isEmpty { issues.add("signed_values", "must list at least one SignedValue") }
        issues.each(signedValues, "signed_values") { issues, value in
            issues.identifier(value.nature, "nature", max: 32)
            issues.string(value.plainData, "plain_data", max: Self.valueLength)
            issues.string(value.signedData, "signed_data", max: Self.valueLength)
        }
        issues.string(url, "url", max: 512)
    }
}
