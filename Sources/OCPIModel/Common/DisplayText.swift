/// Text for people, in one language: directions, names of points. No markup.
public struct DisplayText: Codable, Sendable, Hashable {
    /// ISO 639-1 language code, two letters.
    public var language: String
    /// string(512).
    public var text: String

    public init(language: String, text: String) {
        self.language = language
        self.text = text
    }
}
