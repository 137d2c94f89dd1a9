import Logging
import OCPIModel

#if canImport(Glibc)
import Glibc
#endif

/// Writes one line per event to standard error, in the format of swift-log's `StreamLogHandler`, and renders the
/// metadata only when it writes a line.
///
/// `StreamLogHandler` renders its metadata again on every change. The service sets metadata on every request (the
/// request id) and usually logs nothing at its level, so that rendering alone took about 4% of the service's CPU
/// on a location read.
struct LineLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty { all.merge(provided) { $1 } }
        if let explicit = event.metadata, !explicit.isEmpty { all.merge(explicit) { $1 } }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = "\(Self.timestamp()) \(event.level) \(label):"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)"
        line = Self.oneLine(line) + "\n"
        Self.writeToStandardError(&line)
    }

    /// The line with any control character escaped (`UntrustedText`), whatever put it there: an event is one line,
    /// and nothing in it steers the terminal that shows it. Most lines have none, and are returned as they are.
    static func oneLine(_ line: String) -> String {
        // UTF-8 lead bytes of what may need escaping: C0 and DEL, C1 (0xC2 0x80–0x9F), U+200E–U+2069 (0xE2).
        guard line.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return line }
        guard line.unicodeScalars.contains(where: UntrustedText.needsEscaping) else { return line }
        return UntrustedText.escaped(line, limit: .max)
    }

    /// One `write(2)` per line where the kernel allows, so that lines from several threads do not interleave.
    static func writeToStandardError(_ line: inout String) {
        line.withUTF8 { buffer in
            var rest = UnsafeRawBufferPointer(buffer)
            while !rest.isEmpty {
                let written = write(STDERR_FILENO, rest.baseAddress, rest.count)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
        }
    }

    /// Local time to the second with its offset, as `StreamLogHandler` writes it.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
