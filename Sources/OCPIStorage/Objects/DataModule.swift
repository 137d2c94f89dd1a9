#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel
import PGClient

/// An OCPI object module, declared once: what is specific to it and nothing else. The pipeline gives every module
/// the same table pattern, reads, writes, routes, push and tests from this declaration (`ObjectStore`,
/// `ObjectWriter`, the server's `DataModuleRoutes`, the peers' `DataModulePusher`).
///
/// A module's table follows one pattern (see `sql/migrations/0012_object_documents.sql`): the tenant-first key
/// `(country_code, party_id, id_key)`, `document` (the object as stored, the truth), `doc_221` and `doc_230` (each
/// version's rendering, made once per write), `shared`, `last_updated` and `seq` (creation order, for paging), plus
/// whatever columns the module's own queries need, generated from `document`.
public protocol DataModule: Sendable {
    associatedtype Object: OCPIObject
    /// What a write's body decodes to (one type per address depth for modules with parts).
    associatedtype Body: Sendable

    static var id: ModuleID { get }
    /// Its interface role towards peers, for version details.
    static var peerRole: InterfaceRole { get }
    static var table: PGIdentifier { get }
    /// The names of the URL segments that address an object below the owner's `{country_code}/{party_id}`: the
    /// object's id, then the parts within it (Locations: `location_id`, `evse_uid`, `connector_id`).
    static var idPath: [String] { get }
    /// For each address segment after the object's id: the list in the rendered document that holds the parts
    /// and the field that keys them (Locations: `evses` by `uid`, then `connectors` by `id`). One entry fewer than
    /// `idPath`, at most two (`checkDeclaration`).
    static var partPath: [PartStep] { get }
    /// What each address depth names, for messages (`location`, `EVSE`, `connector`).
    static var levelNames: [String] { get }
    /// The status code of "no such object" (Locations: 2003).
    static var unknownObjectCode: OCPIStatusCode { get }
    /// The methods the owner may use to write; others answer 405.
    static var ownerMethods: [WriteMethod] { get }
    /// Who may read an object besides its owner.
    static var readers: ReaderRule { get }

    /// The object's id as it keeps it (its first spelling), for the row's `id` column.
    static func objectID(of object: Object) -> String
    /// Whether peers allowed by `readers` may read this object (the `shared` column).
    static func isShared(_ object: Object) -> Bool
    /// The object a peer that may no longer read it receives once (Locations: `publish: false`, no
    /// `publish_allowed_to`, the new `last_updated`).
    static func withdrawn(_ object: Object, at lastUpdated: DateTime) -> Object

    /// Decodes a write's body for an address of `depth` segments (throws `DecodingError`).
    static func decodeBody(_ data: Data, depth: Int) throws -> Body
    /// Applies a write to the stored object: the module's write semantics (what PUT and PATCH do, how parts merge,
    /// what is stale). Pure; the writer runs it under the object's lock.
    static func apply(_ write: ObjectWrite<Body>, to stored: Object?) throws(ObjectWriteError) -> WriteDecision<Object>
    /// The part of `object` at `address`, as `version` renders it, encoded; nil when that version cannot show it.
    static func renderedPart(of object: Object, at address: ObjectAddress, for version: VersionNumber) throws -> String?

    /// What the owner should know about a write the pipeline accepted (`status_message`), found by reading other
    /// modules' data in the write's transaction (Locations: `tariff_ids` naming tariffs the tenant does not have).
    /// `change` is what the write changed at `address`.
    static func notes(on object: Object, at address: ObjectAddress, change: ObjectChange.Kind, in session: PGSession) async throws -> [String]
    /// Refuses to delete `object` while other data still needs it (Tariffs: a connector lists it), by throwing
    /// `ObjectWriteError.inUse`. Runs under the object's lock, in the deleting transaction.
    static func checkDeletion(of object: Object, at address: ObjectAddress, in session: PGSession) async throws

    /// Reads what a write depends on in other data, under the object's lock and before `apply`: checks references
    /// (a Session's location, EVSE and connector) and fills in what the platform derives (a CDR's prices). Returns
    /// what the owner should know (`status_message`).
    static func prepare(_ write: inout ObjectWrite<Body>, stored: Object?, in session: PGSession) async throws -> [String]

    /// The party an object concerns, for `ReaderRule.tokenPartyAtGrantedTenants` (a Session's or CDR's token
    /// party); nil for other rules. It cannot change once stored.
    static func readerParty(of object: Object) -> PartyCode?
    /// The id of an object the owner creates by POSTing it whole to the module's URL (`WriteMethod.post`).
    static func postedID(of body: Body) -> String?
    /// Whether a peer's list must name `date_from` (the Sessions Sender interface, as the spec says).
    static var peerListNeedsDateFrom: Bool { get }
    /// The longest object id, in characters (CiString(36) for most; 39 for CDRs, whose credit CDRs append to an id).
    static var idLength: Int { get }

    /// Who writes the module's objects: a tenant's back-office, or a peer for a party it speaks for (Tokens).
    static var writtenBy: ObjectWriterRole { get }
    /// The query parameter that completes an object's key in the URL (Tokens: `type`), if any.
    static var keyParameter: String? { get }
    /// The id the table keeps for the id a URL names and the value of `keyParameter` (Tokens: `uid/TYPE`, RFID
    /// when the URL names no type). Throws the issue with the parameter.
    static func storedID(urlID: String, keyValue: String?, version: VersionNumber) throws(ValidationError) -> String
}

/// Who writes a module's objects.
public enum ObjectWriterRole: Sendable, Hashable {
    /// The tenant's back-office, with its owner token; peers read (Locations, Tariffs, Sessions, CDRs).
    case tenant
    /// A peer, for one of the parties it speaks for (`PeerAccess.readerParties`); the table's `country_code` and
    /// `party_id` are that party's, and tenants use the objects without owning them (Tokens).
    case peerParty
}

/// One step from an object into its parts: the list field and the field that keys its entries.
public struct PartStep: Sendable, Hashable {
    public var list: String
    public var key: String

    public init(list: String, key: String) {
        self.list = list
        self.key = key
    }
}

/// How a tenant's back-office writes objects.
public enum WriteMethod: String, Sendable, Hashable, CaseIterable {
    case put = "PUT"
    case patch = "PATCH"
    /// Of a whole object only; pushed to peers as DELETE.
    case delete = "DELETE"
    /// Creates a whole object at the module's URL, its address taken from the body (CDRs); never replaces one.
    case post = "POST"
}

/// Which peers may read a tenant's object.
public enum ReaderRule: Sendable, Hashable {
    /// Every peer granted the tenant, for objects whose `shared` column is true (Locations, Tariffs).
    case sharedObjectsOfGrantedTenants
    /// Only the peers whose roles include the party the object concerns (`readerParty(of:)`: a Session's or CDR's
    /// token party), at tenants they are granted. The module's table has the generated columns
    /// `reader_country_code` and `reader_party_id`.
    case tokenPartyAtGrantedTenants
}

extension DataModule {
    public static func notes(on object: Object, at address: ObjectAddress, change: ObjectChange.Kind, in session: PGSession) async throws -> [String] {
        []
    }

    public static func checkDeletion(of object: Object, at address: ObjectAddress, in session: PGSession) async throws {}

    public static func prepare(_ write: inout ObjectWrite<Body>, stored: Object?, in session: PGSession) async throws -> [String] {
        []
    }

    public static func readerParty(of object: Object) -> PartyCode? {
        nil
    }

    public static func postedID(of body: Body) -> String? {
        nil
    }

    public static var peerListNeedsDateFrom: Bool { false }

    public static var idLength: Int { 36 }

    public static var writtenBy: ObjectWriterRole { .tenant }

    public static var keyParameter: String? { nil }

    public static func storedID(urlID: String, keyValue: String?, version: VersionNumber) throws(ValidationError) -> String {
        urlID
    }

    /// Traps at start-up on a declaration the generic code cannot serve: parts at most two levels deep, one list per
    /// level below the object.
    public static func checkDeclaration() {
        precondition(!idPath.isEmpty && partPath.count == idPath.count - 1 && partPath.count <= 2,
                     "\(id): partPath must have one entry per idPath segment after the object's id, at most two")
        precondition(levelNames.count == idPath.count, "\(id): one level name per idPath segment")
        precondition(readers != .tokenPartyAtGrantedTenants || partPath.isEmpty, "\(id): token-party modules have no parts")
        precondition(!ownerMethods.contains(.post) || (idPath.count == 1 && ownerMethods == [.post]),
                     "\(id): a module written by POST is written by nothing else")
        precondition(writtenBy == .tenant || (idPath.count == 1 && !ownerMethods.contains(.post) && !ownerMethods.contains(.delete)),
                     "\(id): a module peers write has no parts, and is written by PUT and PATCH")
    }
}
