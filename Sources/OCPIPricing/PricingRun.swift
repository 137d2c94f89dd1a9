#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import OCPIModel

/// The state of pricing one session: a single walk over its periods, then step_size, then limits and totals.
/// Rules are documented on `TariffPricer`.
struct PricingRun {
    let prepared: PreparedTariff
    let input: PricingInput
    let clock: LocalClock
    let tariffID: String

    var parts: [PricedPart] = []
    var ledger: TaxLedger
    var energySteps = StepTracker()
    var timeSteps = StepTracker()
    var parkingSteps = StepTracker()
    var reservationSteps = StepTracker()
    var flatCharged = false
    var reservationFlatCharged = false
    let reservationExpired: Bool

    var energyBefore: Decimal = 0
    var totalEnergy: Decimal = 0
    var totalTime: Decimal = 0
    var totalParking: Decimal = 0
    var totalReservation: Decimal = 0
    /// Quantities no element priced: step_size rounds only what was priced.
    var freeEnergy: Decimal = 0
    var freeTime: Decimal = 0
    var freeParking: Decimal = 0
    var freeReservation: Decimal = 0
    var reportsTime = false
    var firstChargingStart: DateTime?

    init(prepared: PreparedTariff, input: PricingInput, tariffID: String) {
        self.prepared = prepared
        self.input = input
        self.tariffID = tariffID
        clock = LocalClock(input.timeZone)
        ledger = TaxLedger(rates: prepared.rates)
        parts.reserveCapacity(input.chargingPeriods.count * 2 + 4)
        reservationExpired = Self.reservationExpired(input, tariffID: tariffID)
    }

    /// Ended, had reservation time, and never consumed energy, charging or parking time.
    private static func reservationExpired(_ input: PricingInput, tariffID: String) -> Bool {
        guard input.endDateTime != nil else { return false }
        var reserved = false
        for period in input.chargingPeriods where period.tariffID == nil || period.tariffID == tariffID {
            for dimension in period.dimensions {
                switch dimension.type {
                case .reservationTime: reserved = true
                case .energy, .time, .parkingTime: if dimension.volume.isPositive { return false }
                default: break
                }
            }
        }
        return reserved
    }

    mutating func priceEveryPeriod() {
        let periods = input.chargingPeriods
        for index in periods.indices {
            let start = periods[index].startDateTime
            let end = index + 1 < periods.count ? periods[index + 1].startDateTime : input.endDateTime
            var facts = PeriodFacts(
                start: start, lengthMillis: end.map { $0.millisecondsSinceEpoch - start.millisecondsSinceEpoch },
                sinceSessionStartMillis: start.millisecondsSinceEpoch - input.startDateTime.millisecondsSinceEpoch,
                energyBefore: energyBefore)
            facts.read(periods[index].dimensions)
            // Energy counts toward min_kwh/max_kwh whichever tariff prices it.
            if prepared.needsEnergyBefore, !facts.energy.isZero { energyBefore += facts.energy }
            if let id = periods[index].tariffID, id != tariffID { continue }
            if prepared.needsLocalTime { facts.local = clock.localTime(at: start) }
            price(facts, period: index)
        }
        if periods.isEmpty {
            // A session without periods still owes its flat fee, checked at its start.
            let start = input.startDateTime
            let length = input.endDateTime.map { $0.millisecondsSinceEpoch - start.millisecondsSinceEpoch }
            var facts = PeriodFacts(start: start, lengthMillis: length, sinceSessionStartMillis: 0, energyBefore: 0)
            if prepared.needsLocalTime { facts.local = clock.localTime(at: input.startDateTime) }
            chargeFlat(facts, period: nil)
        }
    }

    private mutating func price(_ facts: PeriodFacts, period: Int) {
        if facts.reportsReservation && !facts.hasChargingVolume {
            chargeReservationFlat(facts, period: period)
        } else {
            if firstChargingStart == nil { firstChargingStart = facts.start }
            chargeFlat(facts, period: period)
        }
        bill(facts.energy, of: .energy, in: .energy, from: prepared.energy, facts, period, tracker: \.energySteps)
        bill(facts.time, of: .time, in: .time, from: prepared.time, facts, period, tracker: \.timeSteps)
        let parking = prepared.parking
        bill(facts.parking, of: .parkingTime, in: .parking, from: parking, facts, period, tracker: \.parkingSteps)
        bill(
            facts.reservation, of: .reservationTime, in: .reservation,
            from: reservationExpired ? prepared.expiredTime : prepared.reservationTime, facts, period,
            tracker: \.reservationSteps)
    }

    private mutating func chargeFlat(_ facts: PeriodFacts, period: Int?) {
        guard !flatCharged, let source = prepared.first(prepared.flat, facts) else { return }
        flatCharged = true
        add(kind: .flat, quantity: 1, of: nil, in: .fixed, by: source, period: period, start: facts.start)
    }

    private mutating func chargeReservationFlat(_ facts: PeriodFacts, period: Int) {
        let sources = reservationExpired ? prepared.expiredFlat : prepared.reservationFlat
        guard !reservationFlatCharged, let source = prepared.first(sources, facts) else { return }
        reservationFlatCharged = true
        add(kind: .flat, quantity: 1, of: nil, in: .reservation, by: source, period: period, start: facts.start)
    }

    private mutating func bill(
        _ quantity: Decimal, of dimension: CdrDimensionType, in category: PriceCategory, from sources: [PriceSource],
        _ facts: PeriodFacts, _ period: Int, tracker: WritableKeyPath<PricingRun, StepTracker>
    ) {
        guard !quantity.isZero else { return }
        switch category {
        case .energy: totalEnergy += quantity
        case .time: totalTime += quantity; reportsTime = true
        case .parking: totalParking += quantity; reportsTime = true
        default: totalReservation += quantity
        }
        guard let source = prepared.first(sources, facts) else {
            switch category {
            case .energy: freeEnergy += quantity
            case .time: freeTime += quantity
            case .parking: freeParking += quantity
            default: freeReservation += quantity
            }
            parts.append(PricedPart(
                kind: .period, period: period, startDateTime: facts.start, dimension: dimension, countsIn: category,
                quantity: quantity, cost: 0, costBeforeTaxes: 0, tax: 0))
            return
        }
        add(
            kind: .period, quantity: quantity, of: dimension, in: category, by: source, period: period,
            start: facts.start)
        self[keyPath: tracker].record(quantity, by: source, period: period, start: facts.start)
    }

    private mutating func add(
        kind: PricedPart.Kind, quantity: Decimal, of dimension: CdrDimensionType?, in category: PriceCategory,
        by source: PriceSource, period: Int?, start: DateTime?
    ) {
        let cost = quantity * source.price
        let (beforeTaxes, tax) = prepared.taxes.split(cost, rate: source.rate, prepared.rates)
        ledger.add(cost, rate: source.rate, to: category)
        parts.append(PricedPart(
            kind: kind, period: period, startDateTime: start, dimension: dimension, countsIn: category,
            element: source.element, component: source.component, quantity: quantity, unitPrice: source.price,
            vat: source.vat, cost: cost, costBeforeTaxes: beforeTaxes, tax: tax))
    }

    mutating func addStepSizeExtras() {
        addExtra(energySteps, totalEnergy.minus(freeEnergy), of: .energy, in: .energy, baseUnitsPerUnit: 1000)
        // TIME and PARKING_TIME share one rounding: whichever was priced last gets it.
        if parkingSteps.last != nil, parkingSteps.lastPeriod >= timeSteps.lastPeriod {
            addExtra(
                parkingSteps, totalParking.minus(freeParking), of: .parkingTime, in: .parking, baseUnitsPerUnit: 3600)
        } else {
            addExtra(timeSteps, totalTime.minus(freeTime), of: .time, in: .time, baseUnitsPerUnit: 3600)
        }
        addExtra(
            reservationSteps, totalReservation.minus(freeReservation), of: .reservationTime, in: .reservation,
            baseUnitsPerUnit: 3600)
    }

    private mutating func addExtra(
        _ tracker: StepTracker, _ billed: Decimal, of dimension: CdrDimensionType, in category: PriceCategory,
        baseUnitsPerUnit: Decimal
    ) {
        guard let source = tracker.last else { return }
        let extra = tracker.extra(billed: billed, baseUnitsPerUnit: baseUnitsPerUnit)
        guard extra > 0 else { return }
        add(
            kind: .stepSize, quantity: extra, of: dimension, in: category, by: source, period: tracker.lastPeriod,
            start: tracker.lastStart)
    }

    /// The priced session; the run's lines move into its breakdown.
    mutating func finish(minimum: PriceLimit?, maximum: PriceLimit?, currency: String) -> PricedSession {
        let treatment = prepared.taxes
        let unlimited = ledger.price(of: nil, treatment)
        let total = PriceLimits.apply(minimum: minimum, maximum: maximum, to: unlimited)
        var breakdown = parts
        parts = []
        if total.beforeTaxes != unlimited.beforeTaxes || total.taxTotal != unlimited.taxTotal {
            let raised = total.afterTaxes > unlimited.afterTaxes || total.beforeTaxes > unlimited.beforeTaxes
            breakdown.append(PricedPart(
                kind: raised ? .minPrice : .maxPrice,
                cost: total.afterTaxes - unlimited.afterTaxes,
                costBeforeTaxes: total.beforeTaxes - unlimited.beforeTaxes,
                tax: total.taxTotal - unlimited.taxTotal))
        }
        for index in breakdown.indices { breakdown[index] = breakdown[index].reported(treatment) }

        var time = totalTime + totalParking
        if !reportsTime, let firstChargingStart, let end = input.endDateTime {
            time = Decimal(end.millisecondsSinceEpoch - firstChargingStart.millisecondsSinceEpoch) / 3_600_000
        }
        return PricedSession(
            tariffID: tariffID, currency: currency,
            totalCost: total.reported(treatment),
            totalFixedCost: ledger.price(of: .fixed, treatment).reported(treatment),
            totalEnergyCost: ledger.price(of: .energy, treatment).reported(treatment),
            totalTimeCost: ledger.price(of: .time, treatment).reported(treatment),
            totalParkingCost: ledger.price(of: .parking, treatment).reported(treatment),
            totalReservationCost: ledger.price(of: .reservation, treatment).reported(treatment),
            totalEnergy: totalEnergy.reported, totalTime: time.reported, totalParkingTime: totalParking.reported,
            totalReservationTime: totalReservation.reported, reservationExpired: reservationExpired,
            breakdown: breakdown)
    }
}
