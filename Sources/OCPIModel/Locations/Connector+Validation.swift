extension Connector {
    /// Refuses what the spec of `version` does not allow, listing every issue (paths relative to the Connector).
    public func validate(for version: VersionNumber) throws(ValidationError) {
        try IssueCollector.validate(version) { check(&$0) }
    }

    func check(_ issues: inout IssueCollector) {
        issues.identifier(id, "id", max: 36)
        issues.value(standard, "standard")
        issues.value(format, "format")
        issues.value(powerType, "power_type")
        issues.nonNegative(maxVoltage, "max_voltage")
        issues.nonNegative(maxAmperage, "max_amperage")
        issues.nonNegative(maxElectricPower, "max_electric_power")
        issues.each(tariffIDs, "tariff_ids") { issues, tariff in issues.identifier(tariff, "", max: 36) }
        issues.url(termsAndConditions, "terms_and_conditions")
        if issues.speaks2_3 { issues.values(capabilities, "capabilities") }
    }
}
