#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A parking space (or the parking rules near an EVSE) of a Location, for AFIR reporting to NAPs. 2.3.0 only.
public struct Parking: Codable, Sendable, Hashable {
    /// CiString(36), unique among the Location's parking places.
    public var id: String
    /// string(12), as painted on site.
    public var physicalReference: String?
    /// At least one.
    public var vehicleTypes: [VehicleType]
    /// kg.
    public var maxVehicleWeight: Decimal?
    /// cm.
    public var maxVehicleHeight: Decimal?
    /// cm.
    public var maxVehicleLength: Decimal?
    /// cm.
    public var maxVehicleWidth: Decimal?
    /// cm.
    public var parkingSpaceLength: Decimal?
    /// cm.
    public var parkingSpaceWidth: Decimal?
    public var dangerousGoodsAllowed: Bool?
    public var direction: ParkingDirection?
    public var driveThrough: Bool?
    public var restrictedToType: Bool
    public var reservationRequired: Bool
    /// Minutes.
    public var timeLimit: Decimal?
    public var roofed: Bool?
    public var images: [Image]?
    public var lighting: Bool?
    public var refrigerationOutlet: Bool?
    /// CiString(36) each, such as PAS 1899.
    public var standards: [String]?
    /// CiString, an Alliance for Parking Data Standards reference.
    public var apdsReference: String?

    public init(
        id: String, physicalReference: String? = nil, vehicleTypes: [VehicleType], maxVehicleWeight: Decimal? = nil,
        maxVehicleHeight: Decimal? = nil, maxVehicleLength: Decimal? = nil, maxVehicleWidth: Decimal? = nil,
        parkingSpaceLength: Decimal? = nil, parkingSpaceWidth: Decimal? = nil, dangerousGoodsAllowed: Bool? = nil,
        direction: ParkingDirection? = nil, driveThrough: Bool? = nil, restrictedToType: Bool,
        reservationRequired: Bool, timeLimit: Decimal? = nil, roofed: Bool? = nil, images: [Image]? = nil,
        lighting: Bool? = nil, refrigerationOutlet: Bool? = nil, standards: [String]? = nil,
        apdsReference: String? = nil
    ) {
        self.id = id
        self.physicalReference = physicalReference
        self.vehicleTypes = vehicleTypes
        self.maxVehicleWeight = maxVehicleWeight
        self.maxVehicleHeight = maxVehicleHeight
        self.maxVehicleLength = maxVehicleLength
        self.maxVehicleWidth = maxVehicleWidth
        self.parkingSpaceLength = parkingSpaceLength
        self.parkingSpaceWidth = parkingSpaceWidth
        self.dangerousGoodsAllowed = dangerousGoodsAllowed
        self.direction = direction
        self.driveThrough = driveThrough
        self.restrictedToType = restrictedToType
        self.reservationRequired = reservationRequired
        self.timeLimit = timeLimit
        self.roofed = roofed
        self.images = images
        self.lighting = lighting
        self.refrigerationOutlet = refrigerationOutlet
        self.standards = standards
        self.apdsReference = apdsReference
    }

    enum CodingKeys: String, CodingKey {
        case id
        case physicalReference = "physical_reference"
        case vehicleTypes = "vehicle_types"
        case maxVehicleWeight = "max_vehicle_weight"
        case maxVehicleHeight = "max_vehicle_height"
        case maxVehicleLength = "max_vehicle_length"
        case maxVehicleWidth = "max_vehicle_width"
        case parkingSpaceLength = "parking_space_length"
        case parkingSpaceWidth = "parking_space_width"
        case dangerousGoodsAllowed = "dangerous_goods_allowed"
        case direction
        case driveThrough = "drive_through"
        case restrictedToType = "restricted_to_type"
        case reservationRequired = "reservation_required"
        case timeLimit = "time_limit"
        case roofed, images, lighting
        case refrigerationOutlet = "refrigeration_outlet"
        case standards
        case apdsReference = "apds_reference"
    }
}
