/// Whether a 2.3.0 Tariff's prices include taxes. The wire value of `notApplicable` is `N/A`, with a slash.
/// A closed enum: unknown values are refused. 2.3.0 only: a 2.2.1 Tariff has no such field.
public struct TaxIncluded: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let yes = Self(rawValue: "YES")
    public static let no = Self(rawValue: "NO")
    public static let notApplicable = Self(rawValue: "N/A")

    public static let known: Set<String> = ["YES", "NO", "N/A"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
