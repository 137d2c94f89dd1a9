// What a peer of a given version gets to see. 2.2.1 and 2.3.0 Sessions have the same fields; a Session is stored in
// 2.3.0's shape and a 2.2.1 reader gets, for data stored through 2.3.0:
//   * total_cost as 2.2.1's Price: excl_vat = before_taxes, incl_vat = before_taxes plus every tax's amount. The
//     taxes' names, percentages and account numbers are lost (2.2.1 has only the sum);
//   * cdr_token.type OTHER when the type is one 2.2.1 lacks (EMAID, or a custom value of 2.3.0's OpenEnum): the
//     field is required and OTHER ("other type of token") is the true 2.2.1 statement; uid and contract_id still
//     name the token.
// Nothing else differs: SessionStatus, AuthMethod and CdrDimensionType are the same closed enums in both versions.
// A 2.3.0 reader gets the Session as stored.

extension Session: OCPIObject {
    /// The Session as `version` shows it. Always present.
    public func rendered(for version: VersionNumber) -> Session? {
        var copy = self
        copy.totalCost = totalCost?.rendered(for: version)
        copy.cdrToken = cdrToken.rendered(for: version)
        return copy
    }
}

extension CdrToken {
    /// The token as `version` shows it: a type 2.2.1 lacks reads OTHER there.
    public func rendered(for version: VersionNumber) -> CdrToken {
        guard !type.isKnown(in: version), version < .v2_3_0 else { return self }
        var copy = self
        copy.type = .other
        return copy
    }
}
