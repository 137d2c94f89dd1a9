#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// Writes a module's objects for their tenant: the one write path of every module.
///
/// Every write takes the object's advisory lock, reads the stored document, lets the module apply the write (which
/// validates the whole result), renders each version once, writes the row and records the change for push, all in
/// one transaction: concurrent writers to one object queue instead of losing each other's updates, readers never
/// see half an object, and a refused write changes nothing.
public struct ObjectWriter<Module: DataModule>: Sendable {
    /// What a write did, and the object or part it wrote as the request's version renders it (derived fields,
    /// stamped `last_updated`, normalised values): exactly what was committed. Nil when that version cannot show
    /// it, as a GET would find none.
    public struct Written: Sendable, Hashable {
        public var created: Bool
        public var json: String?
        /// What the owner should know about the accepted write (`DataModule.notes`).
        public var notes: [String]
    }

    let pool: PGPool
    let changes: any ChangeRecorder

    public init(pool: PGPool, changes: any ChangeRecorder = NoChangeRecorder()) {
        self.pool = pool
        self.changes = changes
    }

    /// Applies `write`. A context that supplies a default `last_updated` (a tenant's push without one) gets it
    /// stamped here, under the lock and never earlier than what is stored, so that concurrent writers stamp in the
    /// order they write.
    public func write(_ write: ObjectWrite<Module.Body>) async throws -> Written {
        try await pool.withTransaction { transaction in
            let address = write.address
            try await transaction.query(ObjectStatements<Module>.lock(address))
            let stored = try await load(address, in: transaction)
            var write = write
            if write.context.defaultLastUpdated != nil {
                write.context.defaultLastUpdated = max(.now(), stored?.lastUpdated ?? DateTime(millisecondsSinceEpoch: 0))
            }
            let prepared = try await Module.prepare(&write, stored: stored, in: transaction)
            let decision = try Module.apply(write, to: stored)
            let reader = Module.readerParty(of: decision.object)
            if let stored, let before = Module.readerParty(of: stored), before != reader {
                throw ObjectWriteError.readerChanged(address, stored: before, given: reader)
            }
            let documents = try ObjectDocuments(decision.object)
            let visible = Module.isShared(decision.object)
            let wasVisible = stored.map(Module.isShared) ?? false
            // Hidden by this write: the peers that had it get what they had, withdrawn, and learn no more.
            let finalDocuments =
                if let stored, wasVisible, !visible {
                    try ObjectDocuments(Module.withdrawn(stored, at: decision.lastUpdated)).perVersionJSON
                } else { String?.none }
            let row = ObjectStatements<Module>.Row(
                tenant: address.tenant, id: Module.objectID(of: decision.object), document: PGJSON(documents.document),
                doc221: documents.rendered[.v2_2_1], doc230: documents.rendered[.v2_3_0], shared: visible,
                lastUpdated: decision.object.lastUpdated)
            if stored == nil {
                // Creations take their `seq` in commit order (one at a time per module), so that a client reading
                // pages by key never passes an object whose creation commits after a later one.
                try await transaction.query(ObjectStatements<Module>.creationLock)
                try await transaction.query(ObjectStatements<Module>.insert(row))
            } else {
                try await transaction.query(ObjectStatements<Module>.update(row))
            }
            try await changes.record(
                ObjectChange(
                    module: Module.id, address: address, kind: decision.change, lastUpdated: decision.lastUpdated,
                    visibility: .init(before: wasVisible, after: visible, finalDocuments: finalDocuments), reader: reader),
                in: transaction)
            let version = write.context.version
            let json =
                address.partIDs.isEmpty
                ? documents.rendered[version] : try Module.renderedPart(of: decision.object, at: address, for: version)
            let notes = try await Module.notes(on: decision.object, at: address, change: decision.change, in: transaction)
            return Written(created: decision.created, json: json, notes: prepared + notes)
        }
    }

    /// Deletes the object at `address` (a whole object, for modules whose owner may DELETE), unless the module
    /// finds it still in use; peers that could read it are pushed a DELETE. Throws `.unknownObject` when there is
    /// none.
    public func delete(_ address: ObjectAddress) async throws {
        precondition(address.partIDs.isEmpty, "only whole objects are deleted")
        try await pool.withTransaction { transaction in
            try await transaction.query(ObjectStatements<Module>.lock(address))
            guard let stored = try await load(address, in: transaction) else {
                throw ObjectWriteError.unknownObject(address, missing: "\(Module.levelNames[0]) \(address.objectID)")
            }
            try await Module.checkDeletion(of: stored, at: address, in: transaction)
            try await transaction.query(ObjectStatements<Module>.delete(address))
            let now = max(.now(), stored.lastUpdated)
            try await changes.record(
                ObjectChange(
                    module: Module.id, address: address, kind: .deleted, lastUpdated: now,
                    visibility: .init(before: Module.isShared(stored), after: false), reader: Module.readerParty(of: stored)),
                in: transaction)
        }
    }

    /// The stored object, decoded from its document.
    func load(_ address: ObjectAddress, in transaction: PGSession) async throws -> Module.Object? {
        guard let row = try await transaction.query(ObjectStatements<Module>.load(address)).first,
            let json = try row.decode(0, as: String?.self)
        else { return nil }
        return try OCPIJSON.decoder.decode(Module.Object.self, from: Data(json.utf8))
    }
}

/// The statements of a write, in one place: the writer sends them and `make bench` runs the same text under
/// pgbench as the write's limit.
public enum ObjectStatements<Module: DataModule> {
    /// Serialises the writers of one object (its parts included).
    public static func lock(_ address: ObjectAddress) -> PGQuery {
        let key = "\(Module.id.rawValue)/\(address.tenant.description)/\(address.objectID.lowercased())"
        return "SELECT pg_advisory_xact_lock(hashtextextended(\(key), 0))"
    }

    public static func load(_ address: ObjectAddress) -> PGQuery {
        """
        SELECT o.document::text FROM \(identifier: Module.table) o
         WHERE o.country_code = \(address.tenant.countryCode) AND o.party_id = \(address.tenant.partyID) AND o.id_key = lower(\(address.objectID))
        """
    }

    /// What a write stores: the document, its renderings and the columns queries need.
    public struct Row: Sendable {
        public var tenant: TenantID
        public var id: String
        public var document: PGJSON
        public var doc221: String?
        public var doc230: String?
        public var shared: Bool
        public var lastUpdated: DateTime

        public init(tenant: TenantID, id: String, document: PGJSON, doc221: String?, doc230: String?, shared: Bool, lastUpdated: DateTime) {
            self.tenant = tenant
            self.id = id
            self.document = document
            self.doc221 = doc221
            self.doc230 = doc230
            self.shared = shared
            self.lastUpdated = lastUpdated
        }
    }

    /// Serialises the creations of one module (see `ObjectWriter.write`).
    public static var creationLock: PGQuery {
        "SELECT pg_advisory_xact_lock(hashtextextended(\("create/" + Module.id.rawValue), 0))"
    }

    /// A new object's row. Under the object's lock, the writer knows it does not exist yet.
    public static func insert(_ row: Row) -> PGQuery {
        """
        INSERT INTO \(identifier: Module.table) (country_code, party_id, id, document, doc_221, doc_230, shared, last_updated)
        VALUES (\(row.tenant.countryCode), \(row.tenant.partyID), \(row.id), \(row.document)::jsonb, \(row.doc221), \(row.doc230),
                \(row.shared), \(row.lastUpdated))
        """
    }

    public static func delete(_ address: ObjectAddress) -> PGQuery {
        """
        DELETE FROM \(identifier: Module.table)
         WHERE country_code = \(address.tenant.countryCode) AND party_id = \(address.tenant.partyID) AND id_key = lower(\(address.objectID))
        """
    }

    /// A stored object's row, replaced (its `id` and `seq` stay).
    public static func update(_ row: Row) -> PGQuery {
        """
        UPDATE \(identifier: Module.table) SET document = \(row.document)::jsonb, doc_221 = \(row.doc221), doc_230 = \(row.doc230),
               shared = \(row.shared), last_updated = \(row.lastUpdated)
         WHERE country_code = \(row.tenant.countryCode) AND party_id = \(row.tenant.partyID) AND id_key = lower(\(row.id))
        """
    }
}
