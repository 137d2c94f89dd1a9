#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage
import PGClient

/// The Sessions and CDRs modules' hot paths: a back-office's session PATCH that appends a charging period (what a
/// live session sends most), and its CDR POST without totals (priced by the platform from the connector's tariff).
/// Each tenant gets `perTenant` ACTIVE sessions, `S-00001`…, at its first locations, for tokens of the fixture's
/// EMSP (`NL*BPR`), which may therefore read them and set their charging profiles (`ChargingProfileBench`).
struct SessionBench {
    static let perTenant = 300
    /// wrk's threads each PATCH their own sessions (number modulo this), so that one session's periods are
    /// appended in order by one thread.
    static let threadSlots = 8

    static func sessionID(_ number: Int) -> String {
        "S-" + String(format: "%05d", number)
    }

    static func sessionBody(tenant: Int, number: Int) -> String {
        let key = BenchFixture.tenants[tenant]
        return #"""
            {"country_code": "\#(key.countryCode)", "party_id": "\#(key.partyID)", "id": "\#(sessionID(number))",
             "start_date_time": "2026-12-01T00:00:00Z", "kwh": 0, "currency": "EUR", "status": "ACTIVE", "auth_method": "WHITELIST",
             "cdr_token": {"country_code": "NL", "party_id": "BPR", "uid": "TOKEN\#(number)", "type": "RFID", "contract_id": "NL-BPR-C\#(number)"},
             "location_id": "\#(BenchFixture.locationID(tenant: tenant, number: number))", "evse_uid": "E1", "connector_id": "1",
             "charging_periods": [{"start_date_time": "2026-12-01T00:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 0}]}]}
            """#
    }

    /// Creates every tenant's sessions through the writer, as a PUT would (the fixture must hold at least
    /// `perTenant` locations per tenant), and one CDR per tenant, priced by the platform.
    static func seed(_ pool: PGPool) async throws {
        let sessions = ObjectWriter<Sessions>(pool: pool)
        let cdrs = ObjectWriter<CDRs>(pool: pool)
        let context = ObjectContext(version: .v2_3_0, defaultLastUpdated: .now(), timeZones: nil)
        for tenant in 0..<3 {
            for number in 1...perTenant {
                let draft = try OCPIJSON.decoder.decode(SessionDraft.self, from: Data(sessionBody(tenant: tenant, number: number).utf8))
                let address = ObjectAddress(tenant: BenchFixture.tenants[tenant], ids: [sessionID(number)])
                _ = try await sessions.write(ObjectWrite(method: .put, address: address, body: draft, context: context))
            }
            let id = "CDR-SEED-\(tenant)"
            let body = cdrBody(tenant: tenant).replacingOccurrences(of: "%s", with: id).replacingOccurrences(of: "%%", with: "%")
            let draft = try CDRs.decodeBody(Data(body.utf8), depth: 1)
            _ = try await cdrs.write(
                ObjectWrite(method: .post, address: ObjectAddress(tenant: BenchFixture.tenants[tenant], ids: [id]), body: draft, context: context))
        }
        // What a PATCH and a POST store, for the pgbench scripts: the service's own documents.
        for (table, prefix) in [("sessions", "session_"), ("cdrs", "cdr_")] {
            for column in ["document", "doc_221", "doc_230"] {
                try await pool.query(
                    PGQuery(unsafeSQL: "INSERT INTO bench_templates SELECT '\(prefix + column)', \(column)::text FROM \(table) ORDER BY seq DESC LIMIT 1"))
            }
        }
    }

    /// A CDR body without totals (a `string.format` template: `%s` is its id), two hours at location 1's first
    /// connector, which lists TARIFF-AC.
    static func cdrBody(tenant: Int) -> String {
        let key = BenchFixture.tenants[tenant]
        return #"""
            {"country_code": "\#(key.countryCode)", "party_id": "\#(key.partyID)", "id": "%s",
             "start_date_time": "2026-12-01T18:00:00Z", "end_date_time": "2026-12-01T20:00:00Z", "currency": "EUR", "auth_method": "WHITELIST",
             "cdr_token": {"country_code": "NL", "party_id": "EMS", "uid": "TOKEN1", "type": "RFID", "contract_id": "NL-EMS-C1"},
             "cdr_location": {"id": "\#(BenchFixture.locationID(tenant: tenant, number: 1))", "address": "Main Street 1", "city": "Berlin",
               "country": "DEU", "coordinates": {"latitude": "52.520008", "longitude": "13.404954"}, "evse_uid": "E1", "evse_id": "DE*BN1*E11",
               "connector_id": "1", "connector_standard": "IEC_62196_T2", "connector_format": "SOCKET", "connector_power_type": "AC_3_PHASE"},
             "charging_periods": [
               {"start_date_time": "2026-12-01T18:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 11.5}, {"type": "TIME", "volume": 1.0}]},
               {"start_date_time": "2026-12-01T19:00:00Z", "dimensions": [{"type": "ENERGY", "volume": 9.25}, {"type": "TIME", "volume": 0.75}, {"type": "PARKING_TIME", "volume": 0.25}]}]}
            """#
    }

    static let threadSetup = """
        local slot = 0
        function setup(thread)
          thread:set("slot", slot)
          slot = slot + 1
        end

        """

    /// PATCH of a session by its owner: one new charging period (each thread appends to its own sessions, one
    /// second later each time) and the new kWh.
    static func wrkPatch() -> String {
        threadSetup + TariffBench.luaPrelude + """
            local tokens = {"\(Scripts.authorization(BenchFixture.ownerToken(0)))", "\(Scripts.authorization(BenchFixture.ownerToken(1)))", "\(Scripts.authorization(BenchFixture.ownerToken(2)))"}
            local count = 0
            request = function()
              count = count + 1
              local t = math.random(1, 3)
              local n = (math.random(0, \(perTenant / threadSlots - 1))) * \(threadSlots) + (slot or 0) + 1
              local at = os.date("!%Y-%m-%dT%H:%M:%SZ", 1798761600 + count)
              local body = string.format('{"kwh": %d, "charging_periods": [{"start_date_time": "%s", "dimensions": [{"type": "ENERGY", "volume": 0.5}, {"type": "TIME", "volume": 0.01}]}]}', count, at)
              return wrk.format("PATCH", "/ocpi/cpo/2.3.0/sessions/" .. tenants[t][1] .. "/" .. tenants[t][2] .. "/" .. string.format("S-%05d", n),
                {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    static func pgPatch() -> String {
        """
        \\set t random(1, 3)
        \\set n random(1, \(perTenant))

        """ + Scripts.pgWrite(
            Sessions.self, change: .patched(fields: ["charging_periods[1:2]", "kwh", "last_updated"]), subIDs: [],
            id: "'S-' || lpad(:n::text, 5, '0')", templatePrefix: "session_")
    }

    /// POST of a new CDR without totals by its owner: the platform prices it from the connector's tariff.
    static func wrkPost() -> String {
        let templates = (0..<3).map { "[[" + cdrBody(tenant: $0).replacingOccurrences(of: "\n", with: " ") + "]]" }
        return threadSetup + TariffBench.luaPrelude + """
            local tokens = {"\(Scripts.authorization(BenchFixture.ownerToken(0)))", "\(Scripts.authorization(BenchFixture.ownerToken(1)))", "\(Scripts.authorization(BenchFixture.ownerToken(2)))"}
            local templates = {\(templates.joined(separator: ", "))}
            local count = 0
            local run = math.random(1, 999999999)
            request = function()
              count = count + 1
              local t = math.random(1, 3)
              local body = string.format(templates[t], string.format("C%d-%d-%d", slot or 0, run, count))
              return wrk.format("POST", "/ocpi/cpo/2.3.0/cdrs", {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    /// The same SQL as a CDR POST: lock, load, the pricing reads (location and connector, tariffs), the creation
    /// lock, the insert and the outbox record.
    static func pgPost() -> String {
        let id = "'C' || :r1 || '-' || :r2"
        let tenant = BenchFixture.tenants[0]
        let address = ObjectAddress(tenant: tenant, ids: ["X"])
        let template = { (name: String) in "(SELECT body FROM bench_templates WHERE name = 'cdr_\(name)')" }
        let location = "'L' || :t || '-00001'"
        let insert = ObjectStatements<CDRs>.insert(
            .init(tenant: tenant, id: "X", document: PGJSON("{}"), doc221: "", doc230: "", shared: true, lastUpdated: .now()))
        let record = OutboxRecorder.statement(
            ObjectChange(
                module: CDRs.id, address: address, kind: .replaced, lastUpdated: .now(), visibility: .init(before: false, after: true),
                reader: PartyCode(countryCode: "NL", partyID: "EMS")))
        let country = [1: Scripts.countryExpression, 2: Scripts.partyExpression]
        let lock = "'cdrs/' || (ARRAY['DE*BN1', 'NL*BN2', 'FR*BN3'])[:t] || '/' || lower(\(id))"
        return [
            "\\set t random(1, 3)", "\\set r1 random(1, 2000000000)", "\\set r2 random(1, 2000000000)", "BEGIN;",
            Scripts.pgbench(ObjectStatements<CDRs>.lock(address), [1: lock]),
            Scripts.pgbench(ObjectStatements<CDRs>.load(address), country.merging([3: id]) { $1 }),
            // Bound in text order: EVSE, connector, tenant, location; then the ids, tenant.
            Scripts.pgbench(
                CDRStatements.pricingPlace(tenant: tenant, location: "X", evse: "E1", connector: "1"),
                [3: Scripts.countryExpression, 4: Scripts.partyExpression, 5: location]),
            Scripts.pgbench(
                CDRStatements.tariffs(tenant: tenant, ids: ["TARIFF-AC", "TARIFF-DC"]), [2: Scripts.countryExpression, 3: Scripts.partyExpression]),
            Scripts.pgbench(ObjectStatements<CDRs>.creationLock, [:]),
            Scripts.pgbench(insert, country.merging([3: id, 4: template("document"), 5: template("doc_221"), 6: template("doc_230"), 8: "now()"]) { $1 }),
            Scripts.pgbench(record, country.merging([4: id, 8: "now()"]) { $1 }),
            "COMMIT;",
        ].joined(separator: "\n")
    }
}
