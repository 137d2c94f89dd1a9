import Foundation

/// The request bodies of the seed tutorial (`/work/shared/seed/managing-locations.txt`), turned from Python dicts
/// into JSON (`True` → `true`, comments dropped) and otherwise untouched: no `time_zone`, 4-decimal coordinates.
/// One copy for every test target; the locations take the tenant to write them for.
public enum Seed {
    public static let basicLocation = basicLocation()
    public static let madridLocation = madridLocation()

    public static func basicLocation(countryCode: String = "DE", partyID: String = "ABC") -> String {
        """
        {
            "country_code": "\(countryCode)",
            "party_id": "\(partyID)",
            "id": "LOC001",
            "publish": true,
            "name": "Berlin Central Charging Station",
            "address": "Unter den Linden 1",
            "city": "Berlin",
            "postal_code": "10117",
            "country": "DEU",
            "coordinates": {
                "latitude": "52.5200",
                "longitude": "13.4050"
            },
            "evses": [],
            "last_updated": "2024-01-01T00:00:00Z"
        }
        """
    }

    public static func madridLocation(countryCode: String = "ES", partyID: String = "ABC") -> String {
        """
        {
            "country_code": "\(countryCode)",
            "party_id": "\(partyID)",
            "id": "LOC001",
            "publish": true,
            "name": "Madrid Premium Charging Hub",
            "address": "Gran Vía 1",
            "city": "Madrid",
            "postal_code": "28013",
            "country": "ESP",
            "coordinates": {
                "latitude": "40.4168",
                "longitude": "-3.7038"
            },
            "evses": [
                {
                    "uid": "EVSE001",
                    "evse_id": "EVSE001",
                    "status": "AVAILABLE",
                    "capabilities": ["CREDIT_CARD_PAYABLE"],
                    "connectors": [
                        {
                            "id": "CONN001",
                            "standard": "IEC_62196_T2",
                            "format": "SOCKET",
                            "power_type": "AC_3_PHASE",
                            "max_voltage": 400,
                            "max_amperage": 32,
                            "max_electric_power": 22000,
                            "tariff_ids": ["TARIFF001"],
                            "last_updated": "2024-01-01T00:00:00Z"
                        }
                    ],
                    "last_updated": "2024-01-01T00:00:00Z"
                }
            ],
            "last_updated": "2024-01-01T00:00:00Z"
        }
        """
    }

    public static let openingTimes = """
        {
            "twentyfourseven": false,
            "regular_hours": [
                {
                    "weekday": 1,
                    "period_begin": "08:00",
                    "period_end": "22:00"
                }
            ],
            "exceptional_openings": [],
            "exceptional_closings": []
        }
        """

    public static let energyMix = """
        {
            "is_green_energy": true,
            "energy_sources": [
                {"source": "SOLAR", "percentage": 60},
                {"source": "WIND", "percentage": 40}
            ],
            "supplier_name": "Green Energy Co",
            "energy_product_name": "100% Renewable"
        }
        """

    public static let images = """
        [
            {
                "url": "https://example.com/location.jpg",
                "thumbnail": "https://example.com/location-thumb.jpg",
                "category": "NETWORK",
                "type": "jpeg",
                "width": 1920,
                "height": 1080
            }
        ]
        """

    public static let namePatch = #"{"name": "Updated Location Name"}"#

    /// The basic location without its `evses`, ready for a test to append fields: `withoutEVSEs + #", …}"#`.
    public static var withoutEVSEs: String {
        String(basicLocation().replacingOccurrences(of: #""evses": [],"#, with: "").dropLast())
    }

    /// The basic location with the tutorial's "advanced features" set, as its `location_data[...] = …` lines do.
    public static var basicLocationWithExtras: String {
        String(basicLocation().dropLast())
            + #", "opening_times": \#(openingTimes), "energy_mix": \#(energyMix), "images": \#(images)}"#
    }
}
