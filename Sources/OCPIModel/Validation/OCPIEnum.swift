/// An OCPI enum, held as an open set of strings.
///
/// Decoding never fails on an unknown value: a peer on a newer version, or a 2.3.0 OpenEnum extension, must still
/// parse, and a value we refuse is better reported as a validation issue with its JSON path than as a decoding
/// failure. Which values are acceptable depends on the version, see `rule(for:version:)`.
public protocol OCPIEnum: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible
where RawValue == String {
    init(rawValue: String)
    /// Every value the spec defines, in any supported version.
    static var known: Set<String> { get }
    /// The values that only 2.3.0 defines: refused on 2.2.1.
    static var addedIn2_3_0: Set<String> { get }
    /// Whether 2.3.0 marks the type OpenEnum, so that 2.3.0 keeps values it does not know.
    static var isOpenIn2_3_0: Bool { get }
}

extension OCPIEnum {
    public var description: String { rawValue }

    /// Whether the spec of `version` defines this value.
    public func isKnown(in version: VersionNumber) -> Bool {
        Self.known.contains(rawValue) && (version >= .v2_3_0 || !Self.addedIn2_3_0.contains(rawValue))
    }

    /// nil when `version` accepts the value, else what is expected instead.
    func rule(for version: VersionNumber) -> String? {
        if version >= .v2_3_0, Self.isOpenIn2_3_0 {
            return rawValue.isEmpty || rawValue.unicodeScalars.contains(where: \.isControl)
                ? "must be a non-empty string without control characters" : nil
        }
        if isKnown(in: version) { return nil }
        let allowed = Self.known.subtracting(version >= .v2_3_0 ? [] : Self.addedIn2_3_0).sorted()
        return "must be one of \(allowed.joined(separator: ", ")) in OCPI \(version)"
    }
}
