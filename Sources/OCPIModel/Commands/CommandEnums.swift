/// The commands an EMSP may send a CPO. OpenEnum in 2.3.0: a command we do not know is answered NOT_SUPPORTED there.
public struct CommandType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let cancelReservation = Self(rawValue: "CANCEL_RESERVATION")
    public static let reserveNow = Self(rawValue: "RESERVE_NOW")
    public static let startSession = Self(rawValue: "START_SESSION")
    public static let stopSession = Self(rawValue: "STOP_SESSION")
    public static let unlockConnector = Self(rawValue: "UNLOCK_CONNECTOR")

    public static let known: Set<String> = ["CANCEL_RESERVATION", "RESERVE_NOW", "START_SESSION", "STOP_SESSION", "UNLOCK_CONNECTOR"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}

/// The CPO's immediate answer to a command: whether it was accepted and passed on, not whether it worked.
public struct CommandResponseType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let accepted = Self(rawValue: "ACCEPTED")
    public static let notSupported = Self(rawValue: "NOT_SUPPORTED")
    public static let rejected = Self(rawValue: "REJECTED")
    public static let unknownSession = Self(rawValue: "UNKNOWN_SESSION")

    public static let known: Set<String> = ["ACCEPTED", "NOT_SUPPORTED", "REJECTED", "UNKNOWN_SESSION"]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}

/// What happened at the charger, reported later to the EMSP's `response_url`.
public struct CommandResultType: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let accepted = Self(rawValue: "ACCEPTED")
    public static let timeout = Self(rawValue: "TIMEOUT")

    public static let known: Set<String> = [
        "ACCEPTED", "CANCELED_RESERVATION", "EVSE_OCCUPIED", "EVSE_INOPERATIVE", "FAILED", "NOT_SUPPORTED", "REJECTED", "TIMEOUT",
        "UNKNOWN_RESERVATION",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = false
}
