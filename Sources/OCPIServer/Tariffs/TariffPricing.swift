#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIPricing
import OCPIStorage
import PGClient

/// `POST /tariffs/{country_code}/{party_id}/{tariff_id}/price`: the platform's own call (not OCPI), for a tenant's
/// back-office to show a price before charging. It prices a hypothetical session against one of the tenant's
/// tariffs and answers the totals a CDR would carry, with the breakdown that explains them. Owner token only.
extension Tariffs: ModuleActions {
    static let names: Set<String> = ["price"]

    static func perform(
        _ name: String, request: Request, context: ObjectRequestContext, segments: [Substring], pool: PGPool, version: VersionNumber
    ) async throws -> Response {
        guard case .owner(let tenant) = context.caller else {
            var error = OCPIError.methodNotAllowed("pricing is for the tariff's owner; peers read tariffs with GET")
            error.headers[.allow] = "GET"
            throw error
        }
        let store = ObjectStore<Tariffs>(pool: pool)
        let routing = try RoutingHeaders(request: request, principal: .owner(tenant))
        let address = try PriceRequest.address(segments, tenant: tenant)
        let body = try await request.decodeJSONBody(as: PriceRequest.self)
        try body.validate()
        guard let tariff = try await store.ownerObject(at: address) else {
            throw OCPIError.notFound("unknown tariff \(address.objectID) of tenant \(tenant); PUT it first", code: unknownObjectCode)
        }
        var zoneName = body.timeZone ?? ""
        if body.timeZone == nil { zoneName = try await zoneOfLocations(listing: address, pool: pool) }
        guard let zone = TimeZone(identifier: zoneName) else {
            throw OCPIError.invalid("time_zone \(zoneName) is not an IANA time zone name such as Europe/Berlin")
        }
        let priced = TariffPricer(tariff: tariff).price(
            PricingInput(timeZone: zone, startDateTime: body.startDateTime, endDateTime: body.endDateTime, chargingPeriods: body.chargingPeriods))
        let json = priced.json(for: version, extra: [("time_zone", zoneName)])
        return OCPIEnvelope.ok(rawJSON: json.utf8, headers: routing.responseHeaders(answeringTenant: tenant))
    }

    /// The time zone of the tenant's locations whose connectors list the tariff, when they agree on one.
    static func zoneOfLocations(listing address: ObjectAddress, pool: PGPool) async throws -> String {
        let zones = try await pool.query(TariffStatements.timeZones(listing: address)).rows.compactMap { try $0.decode(0, as: String?.self) }
        switch zones.count {
        case 1: return zones[0]
        case 0: throw OCPIError.invalid("no location of tenant \(address.tenant) lists tariff \(address.objectID); give time_zone")
        default:
            throw OCPIError.invalid(
                "the locations listing tariff \(address.objectID) are in several time zones (\(zones.sorted().joined(separator: ", "))); give time_zone")
        }
    }
}

/// The body of a price call: a session as a CDR would describe it.
struct PriceRequest: Decodable, Sendable {
    var startDateTime: DateTime
    var endDateTime: DateTime?
    /// IANA name; default: the time zone of the tenant's locations that list the tariff.
    var timeZone: String?
    var chargingPeriods: [ChargingPeriod]

    /// More periods than any real session has; bounds the work one call can ask for.
    static let maxPeriods = 1000

    enum CodingKeys: String, CodingKey {
        case startDateTime = "start_date_time"
        case endDateTime = "end_date_time"
        case timeZone = "time_zone"
        case chargingPeriods = "charging_periods"
    }

    func validate() throws(OCPIError) {
        var issues: [ValidationError.Issue] = []
        if chargingPeriods.count > Self.maxPeriods {
            issues.append(.init(field: "charging_periods", rule: "must hold at most \(Self.maxPeriods) periods"))
        }
        var previous = startDateTime
        for (index, period) in chargingPeriods.enumerated() {
            if period.startDateTime < previous {
                issues.append(.init(field: "charging_periods[\(index)].start_date_time",
                                    rule: "must not be before start_date_time or the previous period's start"))
            }
            previous = max(previous, period.startDateTime)
            if period.dimensions.isEmpty { issues.append(.init(field: "charging_periods[\(index)].dimensions", rule: "must list at least one dimension")) }
            for (position, dimension) in period.dimensions.enumerated() {
                let field = "charging_periods[\(index)].dimensions[\(position)]"
                if !dimension.type.isKnown(in: .v2_3_0) { issues.append(.init(field: field + ".type", rule: "is not a CdrDimensionType")) }
                if dimension.volume < 0 { issues.append(.init(field: field + ".volume", rule: "must not be negative")) }
                if dimension.volume > Tariff.largestAmount {
                    issues.append(.init(field: field + ".volume", rule: "must be at most \(Tariff.largestAmount)"))
                }
            }
        }
        if let endDateTime, endDateTime < previous {
            issues.append(.init(field: "end_date_time", rule: "must not be before the last period's start"))
        }
        if !issues.isEmpty { throw OCPIError(validation: ValidationError(issues: issues)) }
    }

    /// From `{country_code}/{party_id}/{tariff_id}/price`, refusing any tenant but the token's own.
    static func address(_ segments: [Substring], tenant: TenantID) throws(OCPIError) -> ObjectAddress {
        guard let named = TenantID(countryCode: String(segments[0]), partyID: String(segments[1])), named == tenant else {
            throw OCPIError.notFound("this token belongs to tenant \(tenant); price its own tariffs at /tariffs/\(tenant.countryCode)/\(tenant.partyID)/{tariff_id}/price")
        }
        let id = String(segments[2])
        guard !id.isEmpty, id.utf8.count <= 36, id.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw OCPIError.badRequest("tariff_id in the URL must be 1 to 36 printable ASCII characters")
        }
        return ObjectAddress(tenant: tenant, ids: [id])
    }
}
