#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// ocpi:draft: `TariffDraft`, the form a request body takes, is generated from this type (Plugins/DraftGenerator).
/// What charging costs at a tenant's connectors (they name tariffs in `tariff_ids`). Stored in 2.3.0's shape, the
/// superset: a tariff written through 2.2.1 is stored with `tax_included` NO, because 2.2.1 prices exclude VAT.
public struct Tariff: Codable, Sendable, Hashable {
    /// CiString(2), the tenant's.
    public var countryCode: String
    /// CiString(3), the tenant's.
    public var partyID: String
    /// CiString(36), kept exactly as first written.
    public var id: String
    /// ISO 4217, three capital letters.
    public var currency: String
    /// Omitted: the tariff is valid for every session.
    public var type: TariffType?
    public var tariffAltText: [DisplayText]?
    /// URL.
    public var tariffAltURL: String?
    public var minPrice: PriceLimit?
    public var maxPrice: PriceLimit?
    /// At least one. Per dimension, the first element whose restrictions match prices it.
    public var elements: [TariffElement]
    /// Required in 2.3.0; 2.2.1 has no such field (its prices exclude VAT).
    public var taxIncluded: TaxIncluded?
    /// UTC; the tariff applies from then on.
    public var startDateTime: DateTime?
    /// UTC; the tariff no longer applies after then.
    public var endDateTime: DateTime?
    public var energyMix: EnergyMix?
    /// The Payments extension of 2.3.0: what a payment terminal pre-authorizes. 2.3.0 only.
    public var preauthorizeAmount: Decimal?
    public var lastUpdated: DateTime

    public init(
        countryCode: String, partyID: String, id: String, currency: String, type: TariffType? = nil,
        tariffAltText: [DisplayText]? = nil, tariffAltURL: String? = nil, minPrice: PriceLimit? = nil,
        maxPrice: PriceLimit? = nil, elements: [TariffElement], taxIncluded: TaxIncluded? = nil,
        startDateTime: DateTime? = nil, endDateTime: DateTime? = nil, energyMix: EnergyMix? = nil,
        preauthorizeAmount: Decimal? = nil, lastUpdated: DateTime
    ) {
        self.countryCode = countryCode
        self.partyID = partyID
        self.id = id
        self.currency = currency
        self.type = type
        self.tariffAltText = tariffAltText
        self.tariffAltURL = tariffAltURL
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.elements = elements
        self.taxIncluded = taxIncluded
        self.startDateTime = startDateTime
        self.endDateTime = endDateTime
        self.energyMix = energyMix
        self.preauthorizeAmount = preauthorizeAmount
        self.lastUpdated = lastUpdated
    }

    enum CodingKeys: String, CodingKey {
        case countryCode = "country_code"
        case partyID = "party_id"
        case id, currency, type
        case tariffAltText = "tariff_alt_text"
        case tariffAltURL = "tariff_alt_url"
        case minPrice = "min_price"
        case maxPrice = "max_price"
        case elements
        case taxIncluded = "tax_included"
        case startDateTime = "start_date_time"
        case endDateTime = "end_date_time"
        case energyMix = "energy_mix"
        case preauthorizeAmount = "preauthorize_amount"
        case lastUpdated = "last_updated"
    }
}
