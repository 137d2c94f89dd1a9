/// A kind of environmental impact in an EnergyMix.
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct EnvironmentalImpactCategory: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let nuclearWaste = Self(rawValue: "NUCLEAR_WASTE")
    public static let carbonDioxide = Self(rawValue: "CARBON_DIOXIDE")

    public static let known: Set<String> = [
        "NUCLEAR_WASTE", "CARBON_DIOXIDE",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}
