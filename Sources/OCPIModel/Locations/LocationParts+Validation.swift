#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The checks of the small classes a Location is made of. Paths are relative to the class; callers nest them.

extension AdditionalGeoLocation {
    func check(_ issues: inout IssueCollector) {
        point.check(&issues)
        if let name { issues.within("name") { name.check(&$0) } }
    }
}

extension BusinessDetails {
    func check(_ issues: inout IssueCollector) {
        issues.string(name, "name", max: 100)
        issues.url(website, "website")
        if let logo { issues.within("logo") { logo.check(&$0) } }
    }
}

extension Image {
    /// int(5): at most five digits.
    static let dimensions = 0...99_999

    func check(_ issues: inout IssueCollector) {
        issues.url(url, "url")
        issues.url(thumbnail, "thumbnail")
        issues.value(category, "category")
        issues.identifier(type, "type", max: 4)
        for (value, field) in [(width, "width"), (height, "height")] {
            if let value, !Self.dimensions.contains(value) {
                issues.add(field, "must be an integer of at most 5 digits (0 to 99999)")
            }
        }
    }
}

extension EnergyMix {
    func check(_ issues: inout IssueCollector) {
        issues.each(energySources, "energy_sources") { issues, source in
            issues.value(source.source, "source")
            if source.percentage < 0 || source.percentage > 100 {
                issues.add("percentage", "must be between 0 and 100")
            }
        }
        issues.each(environImpact, "environ_impact") { issues, impact in
            issues.value(impact.category, "category")
            issues.nonNegative(impact.amount, "amount")
        }
        issues.string(supplierName, "supplier_name", max: 64)
        issues.string(energyProductName, "energy_product_name", max: 64)
    }
}

extension StatusSchedule {
    func check(_ issues: inout IssueCollector) {
        if let periodEnd, periodEnd <= periodBegin {
            issues.add("period_end", "must be later than period_begin")
        }
        issues.value(status, "status")
    }
}

extension PublishTokenType {
    /// The spec's SHALLs: at least one of uid, visual_number, group_id; uid needs type; visual_number needs issuer.
    func check(_ issues: inout IssueCollector) {
        if uid == nil, visualNumber == nil, groupID == nil {
            issues.add("", "must set at least one of uid, visual_number or group_id")
        }
        issues.ciString(uid, "uid", max: 36)
        if uid != nil, type == nil { issues.add("type", "is required when uid is set") }
        issues.value(type, "type")
        issues.string(visualNumber, "visual_number", max: 64)
        if visualNumber != nil, issuer == nil { issues.add("issuer", "is required when visual_number is set") }
        issues.string(issuer, "issuer", max: 64)
        issues.ciString(groupID, "group_id", max: 36)
    }
}
