/// A facility a Location belongs to.
/// OpenEnum in 2.3.0: unknown values are kept on 2.3.0 and refused on 2.2.1.
public struct Facility: OCPIEnum {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let hotel = Self(rawValue: "HOTEL")
    public static let restaurant = Self(rawValue: "RESTAURANT")
    public static let cafe = Self(rawValue: "CAFE")
    public static let mall = Self(rawValue: "MALL")
    public static let supermarket = Self(rawValue: "SUPERMARKET")
    public static let sport = Self(rawValue: "SPORT")
    public static let recreationArea = Self(rawValue: "RECREATION_AREA")
    public static let nature = Self(rawValue: "NATURE")
    public static let museum = Self(rawValue: "MUSEUM")
    public static let bikeSharing = Self(rawValue: "BIKE_SHARING")
    public static let busStop = Self(rawValue: "BUS_STOP")
    public static let taxiStand = Self(rawValue: "TAXI_STAND")
    public static let tramStop = Self(rawValue: "TRAM_STOP")
    public static let metroStation = Self(rawValue: "METRO_STATION")
    public static let trainStation = Self(rawValue: "TRAIN_STATION")
    public static let airport = Self(rawValue: "AIRPORT")
    public static let parkingLot = Self(rawValue: "PARKING_LOT")
    public static let carpoolParking = Self(rawValue: "CARPOOL_PARKING")
    public static let fuelStation = Self(rawValue: "FUEL_STATION")
    public static let wifi = Self(rawValue: "WIFI")

    public static let known: Set<String> = [
        "HOTEL", "RESTAURANT", "CAFE", "MALL", "SUPERMARKET", "SPORT", "RECREATION_AREA", "NATURE", "MUSEUM",
        "BIKE_SHARING", "BUS_STOP", "TAXI_STAND", "TRAM_STOP", "METRO_STATION", "TRAIN_STATION", "AIRPORT",
        "PARKING_LOT", "CARPOOL_PARKING", "FUEL_STATION", "WIFI",
    ]
    public static let addedIn2_3_0: Set<String> = []
    public static let isOpenIn2_3_0 = true
}
