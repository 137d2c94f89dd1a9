// What a peer of a given version gets to see. 2.2.1 and 2.3.0 CDRs have the same fields; a CDR is stored in 2.3.0's
// shape and a 2.2.1 reader gets, for data stored through 2.3.0:
//   * every cost (total_cost and the five part costs) as 2.2.1's Price: excl_vat = before_taxes, incl_vat =
//     before_taxes plus every tax's amount. The taxes' names, percentages and account numbers are lost (2.2.1 has
//     only the sum);
//   * tariffs as a 2.2.1 reader of the Tariffs module gets them (Tariff+Rendering.swift): no tax_included and no
//     preauthorize_amount, min_price/max_price as excl_vat/incl_vat, tax-inclusive prices without their VAT;
//   * cdr_token.type OTHER when the type is one 2.2.1 lacks (EMAID, or a custom value of 2.3.0's OpenEnum), as for
//     Sessions (Session+Rendering.swift);
//   * cdr_location.connector_standard kept as it is, even when 2.2.1 lacks it (MCS, SAE_J3400, a custom value): the
//     field is required, 2.2.1 has no "other" standard, and a CDR is a bill that must reach its payer, so neither
//     dropping the CDR nor naming another plug on it is acceptable. A strict 2.2.1 receiver refuses it visibly
//     (2001 in the push's answer) instead.
// A 2.3.0 reader gets the CDR as stored.

extension CDR: OCPIObject {
    /// The CDR as `version` shows it. Always present.
    public func rendered(for version: VersionNumber) -> CDR? {
        var copy = self
        copy.cdrToken = cdrToken.rendered(for: version)
        copy.tariffs = tariffs?.compactMap { $0.rendered(for: version) }
        copy.totalCost = totalCost.rendered(for: version)
        copy.totalFixedCost = totalFixedCost?.rendered(for: version)
        copy.totalEnergyCost = totalEnergyCost?.rendered(for: version)
        copy.totalTimeCost = totalTimeCost?.rendered(for: version)
        copy.totalParkingCost = totalParkingCost?.rendered(for: version)
        copy.totalReservationCost = totalReservationCost?.rendered(for: version)
        return copy
    }
}
