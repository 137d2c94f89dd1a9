// The C maths library, for the trigonometry of great-circle distances (FoundationEssentials does not export it).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Derives a Location's `time_zone` from its country and coordinates, for tenants that leave it out.
///
/// Reads tzdata's `zone.tab` (not `zone1970.tab`, whose rows span several countries and whose zones need not be
/// the country's own): one row per zone, with the country's alpha-2 code and the coordinates of the zone's
/// principal city. Of the country's zones it picks the one whose city is nearest to the Location. The caller reads
/// the file; the model only parses the text it is given.
///
/// Nearest-city works where a country's zones split its land roughly around their cities. It fails for a zone that
/// covers only an exclave: Büsingen's city lies nearer than Berlin to all of south-west Germany, Ceuta's nearer than
/// Madrid to Andalusia, Kaliningrad's nearer than Moscow to Pskov. Such a zone (`exclaves`) is a candidate only
/// for a Location inside the exclave's own small area, so the mainland never gets it. No tz boundary data is
/// shipped with tzdata or Debian; see DECISIONS.md.
public struct TimeZoneResolver: Sendable {
    struct Zone: Sendable {
        var name: String
        var latitude: Double
        var longitude: Double
    }

    /// A circle on the ground: a centre and a radius in kilometres.
    struct Area: Sendable {
        var latitude: Double
        var longitude: Double
        var radiusKilometres: Double
    }

    /// Zones of `zone.tab` that cover only land cut off from the rest of their country, with the areas they cover.
    /// Outside these areas the zone is never picked.
    static let exclaves: [String: [Area]] = [
        // Büsingen am Hochrhein, a German village of 7.6 km² inside Switzerland.
        "Europe/Busingen": [Area(latitude: 47.697, longitude: 8.690, radiusKilometres: 3)],
        // Ceuta and Melilla, Spanish cities of 19 and 12 km² on the African coast.
        "Africa/Ceuta": [
            Area(latitude: 35.889, longitude: -5.319, radiusKilometres: 10),
            Area(latitude: 35.292, longitude: -2.938, radiusKilometres: 10),
        ],
        // Kaliningrad Oblast, between Poland and Lithuania: under 120 km from this point, over 400 km from the rest
        // of Russia.
        "Europe/Kaliningrad": [Area(latitude: 54.80, longitude: 21.25, radiusKilometres: 120)],
    ]

    /// The Earth's mean radius, to turn an arc into kilometres.
    static let earthRadiusKilometres = 6371.0

    /// Zones by ISO 3166-1 alpha-2 country code, in file order.
    let zonesByCountry: [String: [Zone]]

    /// Parses `zone.tab`: `#` comments, then tab-separated code, ISO 6709 coordinates, TZ name, optional comment.
    /// Malformed rows are skipped.
    public init(zoneTab: String) {
        var zones: [String: [Zone]] = [:]
        for line in zoneTab.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 3, let (latitude, longitude) = Self.coordinates(columns[1]) else { continue }
            let code = String(columns[0]).uppercased()
            zones[code, default: []].append(Zone(name: String(columns[2]), latitude: latitude, longitude: longitude))
        }
        zonesByCountry = zones
    }

    /// The zone of the country (ISO 3166-1 alpha-3) nearest to the point; nil when the country is unknown or has no
    /// zone. A country with a single zone gets it even when the coordinates do not parse.
    public func zone(countryAlpha3: String, latitude: String, longitude: String) -> String? {
        guard let alpha2 = ISO3166.alpha2ByAlpha3[countryAlpha3.uppercased()],
            let zones = zonesByCountry[alpha2], let first = zones.first
        else { return nil }
        if zones.count == 1 { return first.name }
        guard let lat = Double(latitude), let lon = Double(longitude) else { return nil }
        let candidates = zones.filter { zone in
            guard let areas = Self.exclaves[zone.name] else { return true }
            return areas.contains { Self.distance(lat, lon, $0.latitude, $0.longitude) * Self.earthRadiusKilometres <= $0.radiusKilometres }
        }
        return candidates.min {
            Self.distance(lat, lon, $0.latitude, $0.longitude) < Self.distance(lat, lon, $1.latitude, $1.longitude)
        }?.name
    }

    /// Great-circle distance (haversine, in radians of arc) between two points.
    static func distance(_ latitude: Double, _ longitude: Double, _ otherLatitude: Double, _ otherLongitude: Double) -> Double {
        let radians = Double.pi / 180
        let (phi1, phi2) = (latitude * radians, otherLatitude * radians)
        let deltaPhi = phi2 - phi1
        let deltaLambda = (otherLongitude - longitude) * radians
        let a = pow(sin(deltaPhi / 2), 2) + cos(phi1) * cos(phi2) * pow(sin(deltaLambda / 2), 2)
        return 2 * asin(min(1, sqrt(a)))
    }

    /// ISO 6709 `±DDMM±DDDMM` or `±DDMMSS±DDDMMSS` as decimal degrees.
    static func coordinates(_ text: Substring) -> (Double, Double)? {
        let bytes = Array(text.utf8)
        guard let split = bytes.indices.dropFirst().first(where: { bytes[$0] == 43 || bytes[$0] == 45 }) else {
            return nil
        }
        guard let latitude = angle(bytes[..<split], degreeDigits: 2),
            let longitude = angle(bytes[split...], degreeDigits: 3)
        else { return nil }
        return (latitude, longitude)
    }

    /// `±D…DMM[SS]` as decimal degrees.
    private static func angle(_ bytes: ArraySlice<UInt8>, degreeDigits: Int) -> Double? {
        guard let sign = bytes.first, sign == 43 || sign == 45 else { return nil }
        let digits = bytes.dropFirst()
        guard digits.count == degreeDigits + 2 || digits.count == degreeDigits + 4,
            digits.allSatisfy({ (48...57).contains($0) })
        else { return nil }
        let values = digits.map { Double($0 - 48) }
        func number(_ range: Range<Int>) -> Double { values[range].reduce(0) { $0 * 10 + $1 } }
        var degrees = number(0..<degreeDigits) + number(degreeDigits..<degreeDigits + 2) / 60
        if values.count == degreeDigits + 4 { degrees += number(degreeDigits + 2..<degreeDigits + 4) / 3600 }
        return sign == 45 ? -degrees : degrees
    }
}
