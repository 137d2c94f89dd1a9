import OCPIModel

/// A tariff arranged for pricing: its restrictions parsed, and for each dimension the elements that can price it,
/// in tariff order. "Per dimension, the first element whose restrictions match and that has a component of that
/// dimension" is then a walk down one short list.
struct PreparedTariff: Sendable {
    var restrictions: [PreparedRestrictions]
    /// Elements without a reservation restriction: they price the charging session itself.
    var energy: [PriceSource] = []
    var time: [PriceSource] = []
    var parking: [PriceSource] = []
    var flat: [PriceSource] = []
    /// RESERVATION elements: their TIME components price RESERVATION_TIME, their FLAT is the reservation fee.
    var reservationTime: [PriceSource] = []
    var reservationFlat: [PriceSource] = []
    /// For a reservation that expired unused: RESERVATION_EXPIRES elements first, then RESERVATION ones (the spec
    /// has the expiry element's TIME win when both have one; the same precedence is used for FLAT).
    var expiredTime: [PriceSource] = []
    var expiredFlat: [PriceSource] = []
    /// Whether any element has a time, date or day restriction (else no local time is ever computed).
    var needsLocalTime = false
    /// Whether any element has min_kwh or max_kwh (else the energy before each period is not counted).
    var needsEnergyBefore = false
    var taxes: TaxTreatment
    var rates = TaxRates()

    init(_ tariff: Tariff) {
        restrictions = tariff.elements.map { PreparedRestrictions($0.restrictions) }
        let taxes = TaxTreatment(tariff.taxIncluded)
        self.taxes = taxes
        var rates = TaxRates()
        needsLocalTime = restrictions.contains { $0.needsLocalTime }
        needsEnergyBefore = restrictions.contains { $0.minKWh != nil || $0.maxKWh != nil }
        var expiresTime: [PriceSource] = []
        var expiresFlat: [PriceSource] = []
        for (index, element) in tariff.elements.enumerated() {
            func source(_ type: TariffDimensionType) -> PriceSource? {
                guard let position = element.priceComponents.firstIndex(where: { $0.type == type }) else { return nil }
                let component = element.priceComponents[position]
                let vat = taxes == .notApplicable ? nil : component.vat
                return PriceSource(
                    element: index, component: position, price: component.price, vat: vat,
                    stepSize: component.stepSize, rate: vat.map { rates.index(of: $0) })
            }
            switch element.restrictions?.reservation {
            case nil:
                if let found = source(.energy) { energy.append(found) }
                if let found = source(.time) { time.append(found) }
                if let found = source(.parkingTime) { parking.append(found) }
                if let found = source(.flat) { flat.append(found) }
            case .reservation?:
                if let found = source(.time) { reservationTime.append(found) }
                if let found = source(.flat) { reservationFlat.append(found) }
            case .reservationExpires?:
                if let found = source(.time) { expiresTime.append(found) }
                if let found = source(.flat) { expiresFlat.append(found) }
            default:
                break  // An unknown reservation type: validation refuses it; such an element prices nothing.
            }
        }
        self.rates = rates
        expiredTime = expiresTime + reservationTime
        expiredFlat = expiresFlat + reservationFlat
    }

    /// The first source in `sources` whose element is active for `facts`.
    func first(_ sources: [PriceSource], _ facts: PeriodFacts) -> PriceSource? {
        for source in sources where restrictions[source.element].matches(facts) {
            return source
        }
        return nil
    }
}
