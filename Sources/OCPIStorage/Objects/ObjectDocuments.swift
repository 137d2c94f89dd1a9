#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// An object's renderings, one per version the platform serves, made once per write: every read and every push
/// sends one of these texts as it is.
struct ObjectDocuments: Sendable, Hashable {
    /// The object as stored (the truth a later write starts from).
    var document: String
    /// By version; nil where that version cannot show the object.
    var rendered: [VersionNumber: String]

    init<Object: OCPIObject>(_ object: Object) throws {
        document = try Self.encode(object)
        var rendered: [VersionNumber: String] = [:]
        for version in VersionNumber.supported {
            if let shown = object.rendered(for: version) { rendered[version] = try Self.encode(shown) }
        }
        self.rendered = rendered
    }

    /// `{"2.2.1": …, "2.3.0": …}`, null where a version cannot show the object: what an outbox row keeps.
    var perVersionJSON: String {
        "{" + VersionNumber.supported.map { "\"\($0.rawValue)\":\(rendered[$0] ?? "null")" }.joined(separator: ",") + "}"
    }

    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try OCPIJSON.encoder.encode(value), as: UTF8.self)
    }
}
