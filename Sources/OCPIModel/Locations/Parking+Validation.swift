#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Parking {
    func check(_ issues: inout IssueCollector) {
        issues.identifier(id, "id", max: 36)
        issues.string(physicalReference, "physical_reference", max: 12)
        if vehicleTypes.isEmpty { issues.add("vehicle_types", "must contain at least one entry") }
        issues.values(vehicleTypes, "vehicle_types")
        let sizes: [(Decimal?, String)] = [
            (maxVehicleWeight, "max_vehicle_weight"), (maxVehicleHeight, "max_vehicle_height"),
            (maxVehicleLength, "max_vehicle_length"), (maxVehicleWidth, "max_vehicle_width"),
            (parkingSpaceLength, "parking_space_length"), (parkingSpaceWidth, "parking_space_width"),
            (timeLimit, "time_limit"),
        ]
        for (value, field) in sizes { issues.nonNegative(value, field) }
        issues.value(direction, "direction")
        issues.each(images, "images") { issues, image in image.check(&issues) }
        issues.each(standards, "standards") { issues, standard in issues.ciString(standard, "", max: 36) }
        issues.ciString(apdsReference, "apds_reference", max: nil)
    }
}

extension EVSEParking {
    func check(_ issues: inout IssueCollector) {
        issues.identifier(parkingID, "parking_id", max: 36)
        issues.value(evsePosition, "evse_position")
    }
}
