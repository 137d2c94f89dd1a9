#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation

/// pgbench equivalents of the two writes: the statements LocationReceiver sends for a whole-location PUT and an
/// EVSE PATCH (lock, read, upserts, outbox), in one transaction. The JSON the service would pass as a parameter
/// is read from `bench_templates`, because pgbench would take its `:` for variables.
extension Scripts {
    static let lockKey = "(ARRAY['DE*BN1', 'NL*BN2', 'FR*BN3'])[:t] || '/' || lower(\(idExpression))"
    static let loadStatement = """
        SELECT l.doc_230 FROM locations l WHERE l.country_code = \(countryExpression) AND l.party_id = \(partyExpression) AND l.id_key = lower(\(idExpression));
        """

    static let refreshStatement = "SELECT ocpi_refresh_location(\(countryExpression), \(partyExpression), lower(\(idExpression)));"

    static func pgPutLocation(_ fixture: BenchFixture) -> String {
        pgPrelude(fixture) + """
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0));
            \(loadStatement)
            INSERT INTO locations AS t (country_code, party_id, id, publish, publish_allowed_to, name, address, city, postal_code, state, country, latitude, longitude, related_locations, parking_type, parking_places, directions, operator, suboperator, owner, facilities, time_zone, opening_times, charging_when_closed, images, energy_mix, help_phone, last_updated) SELECT \(countryExpression), \(partyExpression), j->>'id', (j->>'publish')::boolean, j->'publish_allowed_to', j->>'name', j->>'address', j->>'city', j->>'postal_code', j->>'state', j->>'country', j->'coordinates'->>'latitude', j->'coordinates'->>'longitude', j->'related_locations', j->>'parking_type', j->'parking_places', j->'directions', j->'operator', j->'suboperator', j->'owner', j->'facilities', j->>'time_zone', j->'opening_times', (j->>'charging_when_closed')::boolean, j->'images', j->'energy_mix', j->>'help_phone', now() FROM (SELECT jsonb_set((SELECT body FROM bench_templates WHERE name = 'location'), '{id}', to_jsonb(\(idExpression))) AS j) AS input ON CONFLICT (country_code, party_id, id_key) DO UPDATE SET publish = EXCLUDED.publish, publish_allowed_to = EXCLUDED.publish_allowed_to, name = EXCLUDED.name, address = EXCLUDED.address, city = EXCLUDED.city, postal_code = EXCLUDED.postal_code, state = EXCLUDED.state, country = EXCLUDED.country, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, related_locations = EXCLUDED.related_locations, parking_type = EXCLUDED.parking_type, parking_places = EXCLUDED.parking_places, directions = EXCLUDED.directions, operator = EXCLUDED.operator, suboperator = EXCLUDED.suboperator, owner = EXCLUDED.owner, facilities = EXCLUDED.facilities, time_zone = EXCLUDED.time_zone, opening_times = EXCLUDED.opening_times, charging_when_closed = EXCLUDED.charging_when_closed, images = EXCLUDED.images, energy_mix = EXCLUDED.energy_mix, help_phone = EXCLUDED.help_phone, last_updated = EXCLUDED.last_updated RETURNING (xmax = 0);
            \(upsertEVSEs(reorder: true))
            \(deleteConnectors)
            \(upsertConnectors)
            \(refreshStatement)
            SELECT ocpi_record_change(\(countryExpression), \(partyExpression), 'locations', \(idExpression), '{}'::text[], 'replaced', '{}'::text[], now(), true, true, NULL);
            COMMIT;
            """
    }

    static func pgPatchEVSE(_ fixture: BenchFixture) -> String {
        pgPrelude(fixture) + """
            BEGIN;
            SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0));
            \(loadStatement)
            \(upsertEVSEs(reorder: false, template: "evse"))
            \(deleteConnectors.replacingOccurrences(of: "name = 'evses'", with: "name = 'evse'"))
            \(upsertConnectors.replacingOccurrences(of: "name = 'evses'", with: "name = 'evse'"))
            UPDATE locations SET last_updated = now() WHERE country_code = \(countryExpression) AND party_id = \(partyExpression) AND id_key = lower(\(idExpression));
            \(refreshStatement)
            SELECT ocpi_record_change(\(countryExpression), \(partyExpression), 'locations', \(idExpression), ARRAY['E1'], 'patched', ARRAY['last_updated', 'status'], now(), true, true, NULL);
            COMMIT;
            """
    }

    static func upsertEVSEs(reorder: Bool, template: String = "evses") -> String {
        """
        INSERT INTO evses AS t (country_code, party_id, location_key, uid, position, evse_id, status, status_schedule, capabilities, floor_level, latitude, longitude, physical_reference, directions, parking_restrictions, parking, images, accepted_service_providers, last_updated) SELECT \(countryExpression), \(partyExpression), lower(\(idExpression)), e->>'uid', CASE WHEN \(reorder) THEN ord::integer ELSE (SELECT coalesce(max(x.position), 0) FROM evses x WHERE x.country_code = \(countryExpression) AND x.party_id = \(partyExpression) AND x.location_key = lower(\(idExpression))) + ord::integer END, e->>'evse_id', e->>'status', e->'status_schedule', e->'capabilities', e->>'floor_level', e->'coordinates'->>'latitude', e->'coordinates'->>'longitude', e->>'physical_reference', e->'directions', e->'parking_restrictions', e->'parking', e->'images', e->'accepted_service_providers', now() FROM jsonb_array_elements((SELECT body FROM bench_templates WHERE name = '\(template)')) WITH ORDINALITY AS input(e, ord) ON CONFLICT (country_code, party_id, location_key, uid_key) DO UPDATE SET position = CASE WHEN \(reorder) THEN EXCLUDED.position ELSE t.position END, evse_id = EXCLUDED.evse_id, status = EXCLUDED.status, status_schedule = EXCLUDED.status_schedule, capabilities = EXCLUDED.capabilities, floor_level = EXCLUDED.floor_level, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, physical_reference = EXCLUDED.physical_reference, directions = EXCLUDED.directions, parking_restrictions = EXCLUDED.parking_restrictions, parking = EXCLUDED.parking, images = EXCLUDED.images, accepted_service_providers = EXCLUDED.accepted_service_providers, last_updated = EXCLUDED.last_updated;
        """
    }

    static let deleteConnectors = """
        DELETE FROM connectors c USING jsonb_array_elements((SELECT body FROM bench_templates WHERE name = 'evses')) AS input(e) WHERE c.country_code = \(countryExpression) AND c.party_id = \(partyExpression) AND c.location_key = lower(\(idExpression)) AND c.evse_key = lower(e->>'uid') AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(e->'connectors') AS k(c2) WHERE lower(k.c2->>'id') = c.id_key);
        """

    static let upsertConnectors = """
        INSERT INTO connectors AS t (country_code, party_id, location_key, evse_key, id, position, standard, format, power_type, max_voltage, max_amperage, max_electric_power, tariff_ids, terms_and_conditions, capabilities, last_updated) SELECT \(countryExpression), \(partyExpression), lower(\(idExpression)), lower(e->>'uid'), c->>'id', ord::integer, c->>'standard', c->>'format', c->>'power_type', (c->>'max_voltage')::integer, (c->>'max_amperage')::integer, (c->>'max_electric_power')::integer, c->'tariff_ids', c->>'terms_and_conditions', c->'capabilities', now() FROM jsonb_array_elements((SELECT body FROM bench_templates WHERE name = 'evses')) AS evse(e), jsonb_array_elements(e->'connectors') WITH ORDINALITY AS input(c, ord) ON CONFLICT (country_code, party_id, location_key, evse_key, id_key) DO UPDATE SET position = EXCLUDED.position, standard = EXCLUDED.standard, format = EXCLUDED.format, power_type = EXCLUDED.power_type, max_voltage = EXCLUDED.max_voltage, max_amperage = EXCLUDED.max_amperage, max_electric_power = EXCLUDED.max_electric_power, tariff_ids = EXCLUDED.tariff_ids, terms_and_conditions = EXCLUDED.terms_and_conditions, capabilities = EXCLUDED.capabilities, last_updated = EXCLUDED.last_updated;
        """
}
