import OCPIModel
import PGClient

/// Writes a Location's rows inside a caller's transaction. The model's own JSON is the input: PostgreSQL takes
/// each column from it (`->>`, `->`), so the bytes stored in the JSONB columns are exactly what the model encoded
/// and what `ocpi_location_text()` later renders.
struct LocationRows {
    let transaction: PGSession
    let tenant: TenantID

    /// Inserts or replaces the location row.
    func saveLocation(_ location: PGJSON) async throws {
        try await transaction.query(
            """
            INSERT INTO locations AS t (country_code, party_id, id, publish, publish_allowed_to, name, address, city,
                postal_code, state, country, latitude, longitude, related_locations, parking_type, parking_places,
                directions, operator, suboperator, owner, facilities, time_zone, opening_times, charging_when_closed,
                images, energy_mix, help_phone, last_updated)
            SELECT \(tenant.countryCode), \(tenant.partyID), j->>'id', (j->>'publish')::boolean, j->'publish_allowed_to',
                   j->>'name', j->>'address', j->>'city', j->>'postal_code', j->>'state', j->>'country',
                   j->'coordinates'->>'latitude', j->'coordinates'->>'longitude', j->'related_locations', j->>'parking_type',
                   j->'parking_places', j->'directions', j->'operator', j->'suboperator', j->'owner', j->'facilities',
                   j->>'time_zone', j->'opening_times', (j->>'charging_when_closed')::boolean, j->'images', j->'energy_mix',
                   j->>'help_phone', (j->>'last_updated')::timestamptz
              FROM (SELECT \(location)::jsonb AS j) AS input
            ON CONFLICT (country_code, party_id, id_key) DO UPDATE SET
                publish = EXCLUDED.publish, publish_allowed_to = EXCLUDED.publish_allowed_to, name = EXCLUDED.name,
                address = EXCLUDED.address, city = EXCLUDED.city, postal_code = EXCLUDED.postal_code, state = EXCLUDED.state,
                country = EXCLUDED.country, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
                related_locations = EXCLUDED.related_locations, parking_type = EXCLUDED.parking_type,
                parking_places = EXCLUDED.parking_places, directions = EXCLUDED.directions, operator = EXCLUDED.operator,
                suboperator = EXCLUDED.suboperator, owner = EXCLUDED.owner, facilities = EXCLUDED.facilities,
                time_zone = EXCLUDED.time_zone, opening_times = EXCLUDED.opening_times,
                charging_when_closed = EXCLUDED.charging_when_closed, images = EXCLUDED.images,
                energy_mix = EXCLUDED.energy_mix, help_phone = EXCLUDED.help_phone, last_updated = EXCLUDED.last_updated
            """
        )
    }

    /// Sets the location's last_updated (after a change to one of its EVSEs or connectors).
    func touchLocation(_ locationID: String, lastUpdated: DateTime) async throws {
        try await transaction.query(
            """
            UPDATE locations SET last_updated = \(lastUpdated)
             WHERE country_code = \(tenant.countryCode) AND party_id = \(tenant.partyID) AND id_key = lower(\(locationID))
            """)
    }

    /// Inserts or replaces EVSEs (a JSON array of EVSE objects) with their connectors. With `reorder`, positions
    /// follow the array (a whole Location was written); otherwise existing EVSEs keep theirs and new ones go last.
    func saveEVSEs(_ evses: PGJSON, locationID: String, reorder: Bool) async throws {
        try await transaction.query(
            """
            INSERT INTO evses AS t (country_code, party_id, location_key, uid, position, evse_id, status, status_schedule,
                capabilities, floor_level, latitude, longitude, physical_reference, directions, parking_restrictions,
                parking, images, accepted_service_providers, last_updated)
            SELECT \(tenant.countryCode), \(tenant.partyID), lower(\(locationID)), e->>'uid',
                   CASE WHEN \(reorder) THEN ord::integer
                        ELSE (SELECT coalesce(max(x.position), 0) FROM evses x
                               WHERE x.country_code = \(tenant.countryCode) AND x.party_id = \(tenant.partyID)
                                 AND x.location_key = lower(\(locationID))) + ord::integer END,
                   e->>'evse_id', e->>'status', e->'status_schedule', e->'capabilities', e->>'floor_level',
                   e->'coordinates'->>'latitude', e->'coordinates'->>'longitude', e->>'physical_reference', e->'directions',
                   e->'parking_restrictions', e->'parking', e->'images', e->'accepted_service_providers',
                   (e->>'last_updated')::timestamptz
              FROM jsonb_array_elements(\(evses)::jsonb) WITH ORDINALITY AS input(e, ord)
            ON CONFLICT (country_code, party_id, location_key, uid_key) DO UPDATE SET
                position = CASE WHEN \(reorder) THEN EXCLUDED.position ELSE t.position END,
                evse_id = EXCLUDED.evse_id, status = EXCLUDED.status, status_schedule = EXCLUDED.status_schedule,
                capabilities = EXCLUDED.capabilities, floor_level = EXCLUDED.floor_level, latitude = EXCLUDED.latitude,
                longitude = EXCLUDED.longitude, physical_reference = EXCLUDED.physical_reference,
                directions = EXCLUDED.directions, parking_restrictions = EXCLUDED.parking_restrictions,
                parking = EXCLUDED.parking, images = EXCLUDED.images,
                accepted_service_providers = EXCLUDED.accepted_service_providers, last_updated = EXCLUDED.last_updated
            """)
        // Connectors: replace each written EVSE's list exactly (a connector left out of a PUT is gone).
        try await transaction.query(
            """
            DELETE FROM connectors c
             USING jsonb_array_elements(\(evses)::jsonb) AS input(e)
             WHERE c.country_code = \(tenant.countryCode) AND c.party_id = \(tenant.partyID)
               AND c.location_key = lower(\(locationID)) AND c.evse_key = lower(e->>'uid')
               AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e->'connectors') AS k(c2) WHERE lower(k.c2->>'id') = c.id_key)
            """)
        try await saveConnectors(evses, locationID: locationID)
    }

    /// Inserts or replaces the connectors of the given EVSEs (a JSON array of EVSE objects), positions following
    /// each EVSE's list.
    func saveConnectors(_ evses: PGJSON, locationID: String) async throws {
        try await transaction.query(
            """
            INSERT INTO connectors AS t (country_code, party_id, location_key, evse_key, id, position, standard, format,
                power_type, max_voltage, max_amperage, max_electric_power, tariff_ids, terms_and_conditions, capabilities,
                last_updated)
            SELECT \(tenant.countryCode), \(tenant.partyID), lower(\(locationID)), lower(e->>'uid'), c->>'id', ord::integer,
                   c->>'standard', c->>'format', c->>'power_type', (c->>'max_voltage')::bigint, (c->>'max_amperage')::bigint,
                   (c->>'max_electric_power')::bigint, c->'tariff_ids', c->>'terms_and_conditions', c->'capabilities',
                   (c->>'last_updated')::timestamptz
              FROM jsonb_array_elements(\(evses)::jsonb) AS evse(e),
                   jsonb_array_elements(e->'connectors') WITH ORDINALITY AS input(c, ord)
            ON CONFLICT (country_code, party_id, location_key, evse_key, id_key) DO UPDATE SET
                position = EXCLUDED.position, standard = EXCLUDED.standard, format = EXCLUDED.format,
                power_type = EXCLUDED.power_type, max_voltage = EXCLUDED.max_voltage, max_amperage = EXCLUDED.max_amperage,
                max_electric_power = EXCLUDED.max_electric_power, tariff_ids = EXCLUDED.tariff_ids,
                terms_and_conditions = EXCLUDED.terms_and_conditions, capabilities = EXCLUDED.capabilities,
                last_updated = EXCLUDED.last_updated
            """)
    }
}
