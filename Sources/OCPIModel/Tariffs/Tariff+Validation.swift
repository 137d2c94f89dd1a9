#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Tariff {
    /// Refuses what the spec of `version` does not allow, listing every issue.
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    func check(_ issues: inout IssueCollector) {
        issues.ciString(countryCode, "country_code", max: 2)
        issues.ciString(partyID, "party_id", max: 3)
        issues.identifier(id, "id", max: 36)
        issues.currency(currency, "currency")
        issues.value(type, "type")
        issues.each(tariffAltText, "tariff_alt_text") { issues, text in text.check(&issues) }
        issues.url(tariffAltURL, "tariff_alt_url")
        issues.atMost(preauthorizeAmount, Tariff.largestAmount, "preauthorize_amount")
        issues.priceLimit(minPrice, "min_price")
        issues.priceLimit(maxPrice, "max_price")
        if let minPrice, let maxPrice, minPrice.beforeTaxes > maxPrice.beforeTaxes {
            issues.add("min_price", "must not exceed max_price")
        }
        if elements.isEmpty { issues.add("elements", "must list at least one TariffElement") }
        issues.each(elements, "elements") { issues, element in element.check(&issues) }
        if issues.speaks2_3 {
            issues.value(taxIncluded, "tax_included")
            issues.nonNegative(preauthorizeAmount, "preauthorize_amount")
            if taxIncluded == .notApplicable, elements.contains(where: { $0.priceComponents.contains { $0.vat != nil } }) {
                issues.add("tax_included", "is N/A (no taxes apply), so no price component may give a vat")
            }
        }
        if let startDateTime, let endDateTime, endDateTime <= startDateTime {
            issues.add("end_date_time", "must be after start_date_time")
        }
        if let energyMix { issues.within("energy_mix") { energyMix.check(&$0) } }
    }
}

extension TariffElement {
    func check(_ issues: inout IssueCollector) {
        if priceComponents.isEmpty { issues.add("price_components", "must list at least one PriceComponent") }
        issues.each(priceComponents, "price_components") { issues, component in component.check(&issues) }
        if let restrictions {
            issues.within("restrictions") { restrictions.check(&$0) }
            if restrictions.reservation != nil {
                for (index, component) in priceComponents.enumerated() where component.type != .flat && component.type != .time {
                    issues.add("price_components[\(index)].type", "must be FLAT or TIME in an element with a reservation restriction")
                }
            }
        }
    }
}

extension PriceComponent {
    func check(_ issues: inout IssueCollector) {
        issues.value(type, "type")
        issues.nonNegative(price, "price")
        issues.atMost(price, Tariff.largestAmount, "price")
        issues.nonNegative(vat, "vat")
        if let vat, vat > 100 { issues.add("vat", "is a percentage and must be at most 100") }
        issues.nonNegative(stepSize, "step_size")
        issues.atMost(stepSize, Tariff.largestInteger, "step_size")
    }
}

extension TariffRestrictions {
    func check(_ issues: inout IssueCollector) {
        issues.timeOfDay(startTime, "start_time")
        issues.timeOfDay(endTime, "end_time")
        issues.calendarDate(startDate, "start_date")
        issues.calendarDate(endDate, "end_date")
        if let startDate, let endDate, CalendarDate(startDate) != nil, CalendarDate(endDate) != nil, endDate <= startDate {
            issues.add("end_date", "must be after start_date (end_date is exclusive)")
        }
        issues.range(minKWh, maxKWh, "kwh", largest: Tariff.largestAmount)
        issues.range(minCurrent, maxCurrent, "current", largest: Tariff.largestAmount)
        issues.range(minPower, maxPower, "power", largest: Tariff.largestAmount)
        issues.range(minDuration, maxDuration, "duration", largest: Tariff.largestInteger)
        issues.values(dayOfWeek, "day_of_week")
        issues.value(reservation, "reservation")
    }
}

extension Tariff {
    /// The largest amount, price or quantity a tariff may state: far beyond any real one, and small enough that no
    /// sum or product the pricing makes of it can overflow `Decimal`'s 38 digits.
    public static let largestAmount: Decimal = 1_000_000_000
    /// The largest step size or duration: 2³¹ − 1 (68 years of seconds), so that no arithmetic on it overflows.
    public static let largestInteger = Int(Int32.max)
}

extension IssueCollector {
    /// At most `largest` (see `Tariff.largestAmount`).
    mutating func atMost<N: Comparable>(_ value: N?, _ largest: N, _ field: String) {
        if let value, value > largest { add(field, "must be at most \(largest)") }
    }

    /// ISO 4217: a currency code the standard lists (`ISO4217.codes`), in capitals.
    mutating func currency(_ value: String?, _ field: String) {
        guard let value else { return }
        if value.unicodeScalars.count != 3 || !value.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) {
            add(field, "must be an ISO 4217 currency code of three capital letters, such as EUR")
        } else if !ISO4217.codes.contains(value) {
            add(field, "must be an ISO 4217 currency code; \(value) is not one (such as EUR, GBP, USD)")
        }
    }

    /// A Tariff's min_price or max_price, in the shape of this version.
    mutating func priceLimit(_ limit: PriceLimit?, _ field: String) {
        guard let limit else { return }
        switch (limit.wire, speaks2_3) {
        case (.price221, true): add("\(field).before_taxes", "is required (excl_vat and incl_vat are OCPI 2.2.1's)")
        case (.priceLimit, false): add("\(field).excl_vat", "is required (before_taxes and after_taxes are OCPI 2.3.0's)")
        default: break
        }
        let (before, after) = speaks2_3 ? ("before_taxes", "after_taxes") : ("excl_vat", "incl_vat")
        nonNegative(limit.beforeTaxes, "\(field).\(before)")
        nonNegative(limit.afterTaxes, "\(field).\(after)")
        atMost(limit.beforeTaxes, Tariff.largestAmount, "\(field).\(before)")
        atMost(limit.afterTaxes, Tariff.largestAmount, "\(field).\(after)")
        if let afterTaxes = limit.afterTaxes, afterTaxes < limit.beforeTaxes {
            add("\(field).\(after)", "must not be less than \(before)")
        }
    }

    /// `HH:MM`, 24-hour, leading zeros.
    mutating func timeOfDay(_ value: String?, _ field: String) {
        guard let value else { return }
        if TimeOfDay(value) == nil { add(field, "must be a time of day as HH:MM (00:00 to 23:59), such as 08:30") }
    }

    /// `YYYY-MM-DD`, a real calendar day.
    mutating func calendarDate(_ value: String?, _ field: String) {
        guard let value else { return }
        if CalendarDate(value) == nil { add(field, "must be a date as YYYY-MM-DD, such as 2026-12-24") }
    }

    /// `min_<name>` and `max_<name>`: not negative, at most `largest`, and the minimum below the maximum (else the
    /// element never applies).
    mutating func range<N: Comparable & ExpressibleByIntegerLiteral>(_ minimum: N?, _ maximum: N?, _ name: String, largest: N) {
        nonNegative(minimum, "min_\(name)")
        nonNegative(maximum, "max_\(name)")
        atMost(minimum, largest, "min_\(name)")
        atMost(maximum, largest, "max_\(name)")
        if let minimum, let maximum, minimum >= maximum {
            add("min_\(name)", "must be below max_\(name) (the maximum is exclusive), or the element never applies")
        }
    }
}
