/// A one-dimensional `text[]` array, in PostgreSQL's array literal syntax.
extension Array: PGEncodable where Element == String {
    public var pgText: String? {
        var literal = "{"
        for (index, element) in enumerated() {
            if index > 0 { literal += "," }
            literal += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return literal + "}"
    }
}

extension Array: PGDecodable where Element == String {
    public init(pgText: String) throws(PGDecodingFailure) {
        var scalars = pgText.unicodeScalars.makeIterator()
        guard scalars.next() == "{" else { throw PGDecodingFailure("array literal does not start with {") }
        var elements: [String] = []
        var current = ""
        var quoted = false
        var wasQuoted = false
        var finished = false
        while let scalar = scalars.next() {
            if quoted {
                switch scalar {
                case "\\": if let escaped = scalars.next() { current.unicodeScalars.append(escaped) }
                case "\"": quoted = false
                default: current.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true; wasQuoted = true
            case ",", "}":
                if !(current.isEmpty && !wasQuoted && scalar == "}" && elements.isEmpty) {
                    if current == "NULL" && !wasQuoted { throw PGDecodingFailure("array contains NULL") }
                    elements.append(current)
                }
                current = ""
                wasQuoted = false
                if scalar == "}" { finished = true }
            default: current.unicodeScalars.append(scalar)
            }
            if finished { break }
        }
        guard finished else { throw PGDecodingFailure("array literal does not end with }") }
        self = elements
    }
}
