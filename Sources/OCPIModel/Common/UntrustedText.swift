/// Text another platform wrote (a `status_message`, an error body, a version string), made safe to put in a log line
/// or a stored error: control characters become visible escapes, and long text is cut.
///
/// A peer controls these bytes. Written as they came, a newline would forge a second log line and an escape sequence
/// would drive the operator's terminal. Escaping is idempotent (its output contains no character it escapes), so text
/// escaped where it was received may pass through this again on its way to a log without changing.
public enum UntrustedText {
    /// The longest text kept, in characters; a peer's message beyond that is noise, and would bloat every log line.
    public static let defaultLimit = 300

    /// `text` with every character that could break a line or steer a terminal written as `\n`, `\r`, `\t` or
    /// `\u{…}`, cut to `limit` characters (the last one then `…`).
    public static func escaped(_ text: some StringProtocol, limit: Int = defaultLimit) -> String {
        var output = ""
        var count = 0
        for scalar in text.unicodeScalars {
            let piece = escape(scalar)
            output += piece
            count += piece.count
            if count > limit { break }
        }
        guard output.count > limit else { return output }
        return String(output.prefix(max(0, limit - 1))) + "…"
    }

    /// Whether the scalar must not reach a log line as it is.
    public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true  // C0 controls (newline, ESC), DEL, C1 controls (CSI is U+009B)
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional overrides, which reorder a line
        default: false
        }
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        guard needsEscaping(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
