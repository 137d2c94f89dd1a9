/// The plug or socket standard of a Connector.
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct ConnectorType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let chademo = Self(rawValue: "CHADEMO")
    public static let chaoji = Self(rawValue: "CHAOJI")
    public static let domesticA = Self(rawValue: "DOMESTIC_A")
    public static let domesticB = Self(rawValue: "DOMESTIC_B")
    public static let domesticC = Self(rawValue: "DOMESTIC_C")
    public static let domesticD = Self(rawValue: "DOMESTIC_D")
    public static let domesticE = Self(rawValue: "DOMESTIC_E")
    public static let domesticF = Self(rawValue: "DOMESTIC_F")
    public static let domesticG = Self(rawValue: "DOMESTIC_G")
    public static let domesticH = Self(rawValue: "DOMESTIC_H")
    public static let domesticI = Self(rawValue: "DOMESTIC_I")
    public static let domesticJ = Self(rawValue: "DOMESTIC_J")
    public static let domesticK = Self(rawValue: "DOMESTIC_K")
    public static let domesticL = Self(rawValue: "DOMESTIC_L")
    public static let domesticM = Self(rawValue: "DOMESTIC_M")
    public static let domesticN = Self(rawValue: "DOMESTIC_N")
    public static let domesticO = Self(rawValue: "DOMESTIC_O")
    public static let gbtAC = Self(rawValue: "GBT_AC")
    public static let gbtDC = Self(rawValue: "GBT_DC")
    public static let iec60309_2Single16 = Self(rawValue: "IEC_60309_2_single_16")
    public static let iec60309_2Three16 = Self(rawValue: "IEC_60309_2_three_16")
    public static let iec60309_2Three32 = Self(rawValue: "IEC_60309_2_three_32")
    public static let iec60309_2Three64 = Self(rawValue: "IEC_60309_2_three_64")
    public static let iec62196T1 = Self(rawValue: "IEC_62196_T1")
    public static let iec62196T1Combo = Self(rawValue: "IEC_62196_T1_COMBO")
    public static let iec62196T2 = Self(rawValue: "IEC_62196_T2")
    public static let iec62196T2Combo = Self(rawValue: "IEC_62196_T2_COMBO")
    public static let iec62196T3A = Self(rawValue: "IEC_62196_T3A")
    public static let iec62196T3C = Self(rawValue: "IEC_62196_T3C")
    public static let mcs = Self(rawValue: "MCS")  // 2.3.0
    public static let nema5_20 = Self(rawValue: "NEMA_5_20")
    public static let nema6_30 = Self(rawValue: "NEMA_6_30")
    public static let nema6_50 = Self(rawValue: "NEMA_6_50")
    public static let nema10_30 = Self(rawValue: "NEMA_10_30")
    public static let nema10_50 = Self(rawValue: "NEMA_10_50")
    public static let nema14_30 = Self(rawValue: "NEMA_14_30")
    public static let nema14_50 = Self(rawValue: "NEMA_14_50")
    public static let pantographBottomUp = Self(rawValue: "PANTOGRAPH_BOTTOM_UP")
    public static let pantographTopDown = Self(rawValue: "PANTOGRAPH_TOP_DOWN")
    public static let saeJ3400 = Self(rawValue: "SAE_J3400")  // 2.3.0
    public static let teslaR = Self(rawValue: "TESLA_R")
    public static let teslaS = Self(rawValue: "TESLA_S")

    public static let known: Set<String> = [
        "CHADEMO", "CHAOJI", "DOMESTIC_A", "DOMESTIC_B", "DOMESTIC_C", "DOMESTIC_D", "DOMESTIC_E", "DOMESTIC_F",
        "DOMESTIC_G", "DOMESTIC_H", "DOMESTIC_I", "DOMESTIC_J", "DOMESTIC_K", "DOMESTIC_L", "DOMESTIC_M",
        "DOMESTIC_N", "DOMESTIC_O", "GBT_AC", "GBT_DC", "IEC_60309_2_single_16", "IEC_60309_2_three_16",
        "IEC_60309_2_three_32", "IEC_60309_2_three_64", "IEC_62196_T1", "IEC_62196_T1_COMBO", "IEC_62196_T2",
        "IEC_62196_T2_COMBO", "IEC_62196_T3A", "IEC_62196_T3C", "MCS", "NEMA_5_20", "NEMA_6_30", "NEMA_6_50",
        "NEMA_10_30", "NEMA_10_50", "NEMA_14_30", "NEMA_14_50", "PANTOGRAPH_BOTTOM_UP", "PANTOGRAPH_TOP_DOWN",
        "SAE_J3400", "TESLA_R", "TESLA_S",
    ]
    public static let addedIn2_3_0: Set<String> = ["MCS", "SAE_J3400"]
    public static let isOpenIn2_3_0 = true
}
