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
        var rendered: [VersionNumber: String] = [:]
        var document: String?
        for version in VersionNumber.supported {
            guard let shown = object.rendered(for: version) else { continue }
            let text = try Self.encode(shown)
            rendered[version] = text
            // Usually the latest version shows the object as stored: one encoding serves both (a write's largest
            // cost in the service is encoding).
            if shown == object { document = text }
        }
        self.document = try document ?? Self.encode(object)
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
