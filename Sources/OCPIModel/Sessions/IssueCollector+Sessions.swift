#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The checks Sessions and CDRs share: parties, costs (Price), charging periods, and `#NA`.

extension String {
    /// `#NA`, OCPI's "not available" value for a required string whose data truly cannot exist
    /// (transport_and_format), compared as a CiString. The spec allows it in Session.evse_uid and connector_id (a
    /// reservation without an EVSE yet) and in CdrLocation's evse_uid, evse_id and connector_id (a CDR of a
    /// reservation that never charged).
    var isNotAvailable: Bool { uppercased() == "#NA" }
}

/// Which sign a cost's amounts may have.
enum CostSign {
    /// Every cost, except:
    case notNegative
    /// a credit CDR's total_cost, which carries the original CDR's amounts negated.
    case notPositive
}

extension IssueCollector {
    /// CiString(2) naming a party's country: ISO 3166-1 alpha-2.
    mutating func partyCountryCode(_ value: String, _ field: String) {
        if !TenantID.isCountryCode(value) { add(field, "must be an ISO 3166-1 alpha-2 country code of 2 letters") }
    }

    /// CiString(3) naming a party within its country.
    mutating func partyIdentifier(_ value: String, _ field: String) {
        if !TenantID.isPartyID(value) { add(field, "must be 3 letters or digits") }
    }

    /// A Price, named in this version's terms (2.2.1: excl_vat, incl_vat; 2.3.0: before_taxes, taxes). Which shape
    /// the body used is checked when it is built (`DraftAssembly.costShape`), so a stored cost (2.3.0's shape) can
    /// be validated for either version.
    mutating func cost(_ price: Price?, _ field: String, sign: CostSign = .notNegative) {
        guard let price else { return }
        if speaks2_3 {
            amount(price.beforeTaxes, "\(field).before_taxes", sign)
            each(price.taxes, "\(field).taxes") { issues, tax in tax.check(&issues, sign) }
        } else {
            amount(price.beforeTaxes, "\(field).excl_vat", sign)
            guard !price.taxes.isEmpty else { return }
            let inclVAT = price.afterTaxes
            amount(inclVAT, "\(field).incl_vat", sign)
            switch sign {
            case .notNegative where inclVAT < price.beforeTaxes:
                add("\(field).incl_vat", "must not be less than excl_vat")
            case .notPositive where inclVAT > price.beforeTaxes:
                add("\(field).incl_vat", "must not be more than excl_vat (a credit CDR's amounts are negative)")
            default: break
            }
        }
    }

    /// An amount of money: the sign `sign` allows, and within ±`Tariff.largestAmount` so that no sum of them
    /// overflows.
    mutating func amount(_ value: Decimal, _ field: String, _ sign: CostSign) {
        switch sign {
        case .notNegative:
            nonNegative(value, field)
            atMost(value, Tariff.largestAmount, field)
        case .notPositive:
            if value > 0 {
                add(field, "must not be positive in a credit CDR (it carries the original CDR's amounts negated)")
            }
            if value < -Tariff.largestAmount { add(field, "must be at least -\(Tariff.largestAmount)") }
        }
    }

    /// A quantity (kWh, hours): not negative, at most `Tariff.largestAmount`.
    mutating func quantity(_ value: Decimal?, _ field: String) {
        nonNegative(value, field)
        atMost(value, Tariff.largestAmount, field)
    }

    /// The charging periods of a Session or CDR (`owner`, for messages): each valid, in time order, none before
    /// `start` or after `end` (nil: unknown, or not a bound, bounds nothing).
    ///
    /// The first `stored` periods are a Session's stored ones, to which a PATCH appends: they are only checked
    /// against a changed start or end (reported on `start_date_time` and `end_date_time`), and the appended ones
    /// are reported at their index in the PATCH body.
    mutating func chargingPeriods(
        _ periods: [ChargingPeriod]?, start: DateTime?, end: DateTime?, owner: String, sessionOnlyTypes: Bool,
        stored: Int = 0
    ) {
        var previous: DateTime?
        for (index, period) in (periods ?? []).enumerated() {
            defer { previous = max(previous ?? period.startDateTime, period.startDateTime) }
            if index < stored {
                if let start, period.startDateTime < start {
                    add("start_date_time", "must not be after the start of a stored charging period (a PATCH cannot change stored periods; a PUT replaces them)")
                }
                if let end, period.startDateTime > end {
                    add("end_date_time", "must not be before the start of a stored charging period")
                }
                continue
            }
            within("charging_periods[\(index - stored)]") { issues in
                if let start, period.startDateTime < start {
                    issues.add("start_date_time", "must not be before the \(owner)'s start_date_time")
                } else if let previous, index == stored, stored > 0, period.startDateTime <= previous {
                    // A retried PATCH must not count its period twice.
                    issues.add("start_date_time", "must be after the last stored period's start (a PATCH appends periods, and sending one again must not add it twice)")
                } else if let previous, period.startDateTime < previous {
                    issues.add("start_date_time", "must not be before the previous period's start (periods are listed in time order)")
                }
                if let end, period.startDateTime > end {
                    issues.add("start_date_time", "must not be after the \(owner)'s end_date_time")
                }
                period.check(&issues, sessionOnlyTypes: sessionOnlyTypes)
            }
        }
    }

    /// `#NA` where the spec has no room for it.
    mutating func notNotAvailable(_ value: String, _ field: String, _ rule: String) {
        if value.isNotAvailable { add(field, rule) }
    }
}

extension DateTime {
    /// 1970-01-01T00:00:00Z: what a CDR may carry as start or end when it is truly unknown (by agreement).
    var isUnknownInCDR: Bool { millisecondsSinceEpoch == 0 }
}

extension TaxAmount {
    func check(_ issues: inout IssueCollector, _ sign: CostSign) {
        if name.isEmpty { issues.add("name", "must not be empty (such as VAT)") }
        issues.string(name, "name", max: Int.max)
        issues.string(accountNumber, "account_number", max: Int.max)
        issues.nonNegative(percentage, "percentage")
        if let percentage, percentage > 100 { issues.add("percentage", "is a percentage and must be at most 100") }
        issues.amount(amount, "amount", sign)
    }
}

extension ChargingPeriod {
    /// The dimensions whose volume may be negative: the spec says energy, current and power flowing back to the grid
    /// (V2G) are negative.
    static let mayBeNegative: Set<CdrDimensionType> = [.energy, .current, .minCurrent, .minPower, .power]

    /// One period's own fields. `sessionOnlyTypes`: whether CURRENT, ENERGY_EXPORT, … (Session only) are allowed.
    func check(_ issues: inout IssueCollector, sessionOnlyTypes: Bool) {
        if dimensions.isEmpty { issues.add("dimensions", "must list at least one CdrDimension") }
        var first: [CdrDimensionType: Int] = [:]
        for (index, dimension) in dimensions.enumerated() {
            issues.within("dimensions[\(index)]") { issues in
                issues.value(dimension.type, "type")
                if !sessionOnlyTypes, CdrDimensionType.sessionOnly.contains(dimension.type.rawValue) {
                    issues.add("type", "is for Sessions only; a CDR's dimensions are ENERGY, MAX_CURRENT, MIN_CURRENT, MAX_POWER, MIN_POWER, PARKING_TIME, RESERVATION_TIME and TIME")
                }
                if let earlier = first[dimension.type] {
                    issues.add("type", "must not repeat a type within one period (dimensions[\(earlier)] is also \(dimension.type))")
                }
                dimension.checkVolume(&issues)
            }
            if first[dimension.type] == nil { first[dimension.type] = index }
        }
        if let tariffID { issues.identifier(tariffID, "tariff_id", max: 36) }
    }
}

extension CdrDimension {
    func checkVolume(_ issues: inout IssueCollector) {
        if ChargingPeriod.mayBeNegative.contains(type) {
            if volume < -Tariff.largestAmount { issues.add("volume", "must be at least -\(Tariff.largestAmount)") }
            issues.atMost(volume, Tariff.largestAmount, "volume")
        } else if type == .stateOfCharge {
            if volume < 0 || volume > 100 {
                issues.add("volume", "is a state of charge in percent and must be between 0 and 100")
            }
        } else {
            if volume < 0 { issues.add("volume", "must not be negative for \(type)") }
            issues.atMost(volume, Tariff.largestAmount, "volume")
        }
    }
}

extension DraftAssembly {
    /// A cost in the other version's shape is refused, not guessed (as Tariff's min_price and max_price are).
    mutating func costShape(_ price: Price?, _ field: String) {
        switch (price?.wire, speaks2_3) {
        case (.price221?, true): issues.add("\(field).before_taxes", "is required (excl_vat and incl_vat are OCPI 2.2.1's)")
        case (.price230?, false): issues.add("\(field).excl_vat", "is required (before_taxes and taxes are OCPI 2.3.0's)")
        default: break
        }
    }

    /// The body's decoding issues, those of a cost read in 2.2.1's terms: a cost without `before_taxes` or
    /// `excl_vat` fails to decode as missing `before_taxes`, which a 2.2.1 client calls `excl_vat`.
    mutating func decoded(_ found: [ValidationError.Issue], costs: Set<String>) {
        let renamed = found.map { issue -> ValidationError.Issue in
            guard !speaks2_3, issue.field.hasSuffix(".before_taxes"),
                costs.contains(String(issue.field.dropLast(".before_taxes".count)))
            else { return issue }
            return ValidationError.Issue(field: String(issue.field.dropLast("before_taxes".count)) + "excl_vat", rule: issue.rule)
        }
        decoded(renamed, fieldsAddedIn2_3_0: [])
    }

    /// A required field whose value is not a draft: like `required`, but a field that was present and malformed
    /// inside (`total_cost.taxes[0].amount must be a number`) is not also reported missing.
    mutating func requiredValue<T>(_ value: T?, _ field: String, placeholder: T) -> T {
        if value == nil, issues.issues.contains(where: { $0.field.hasPrefix(field + ".") || $0.field.hasPrefix(field + "[") }) {
            return placeholder
        }
        return required(value, field, placeholder: placeholder)
    }

    /// A required `cdr_token`, built from its draft with its issues under `cdr_token`.
    mutating func cdrToken(_ draft: CdrTokenDraft?) -> CdrToken {
        let placeholder = CdrToken(countryCode: "", partyID: "", uid: "", type: TokenType(rawValue: ""), contractID: "")
        guard let draft else { return required(nil, "cdr_token", placeholder: placeholder) }
        let (token, found) = CdrToken.assemble(draft, context)
        issues.add(found, under: "cdr_token")
        return token
    }
}

extension Price {
    /// This cost as it is stored: 2.3.0's shape, the same amounts.
    var stored: Price { rendered(for: .v2_3_0) }
}
