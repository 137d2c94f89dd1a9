import OCPIModel

/// Prices charging sessions against one Tariff, following the OCPI 2.2.1 and 2.3.0 Tariffs and CDRs chapters.
///
/// Build one per tariff (it parses the restrictions once) and call `price(_:)` per session; it is a value, safe to
/// share. The tariff is taken as given: choosing it (tariff_ids, type, start/end_date_time) happens before.
///
/// Per dimension and period, the first element whose restrictions all match and that has a component of that
/// dimension prices it; with none, the dimension is free for that period. Periods whose `tariff_id` names another
/// tariff are left to that tariff (a period without one is priced by this one). See `PreparedRestrictions` for the
/// restrictions, `StepTracker` for step_size, `TaxTreatment` for taxes, `PriceLimits` for min/max price, and
/// `PricedSession` for rounding.
///
/// Flat fees: the charging session's FLAT is charged once, from the first element with a FLAT component that is
/// active in the first charging period where one is (normally the first period: a start fee). A session without
/// any period is checked once, at its start. A reservation's FLAT is charged once likewise, from the reservation
/// elements, in the reservation periods.
///
/// Reservations: a period is a reservation period when it reports RESERVATION_TIME and no energy, charging or
/// parking time. RESERVATION_TIME is priced by the TIME components of elements with a `reservation` restriction
/// (never by the others, which never price it). The reservation expired when the session has ended, had
/// reservation periods, and no period consumed energy, charging or parking time: then RESERVATION_EXPIRES
/// elements come first for both TIME and FLAT, then RESERVATION ones.
public struct TariffPricer: Sendable {
    public let tariff: Tariff
    let prepared: PreparedTariff

    public init(tariff: Tariff) {
        self.tariff = tariff
        prepared = PreparedTariff(tariff)
    }

    public func price(_ input: PricingInput) -> PricedSession {
        var run = PricingRun(prepared: prepared, input: input, tariffID: tariff.id)
        run.priceEveryPeriod()
        run.addStepSizeExtras()
        return run.finish(minimum: tariff.minPrice, maximum: tariff.maxPrice, currency: tariff.currency)
    }
}
