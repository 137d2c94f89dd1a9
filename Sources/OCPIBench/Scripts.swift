#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
import OCPIModel
import OCPIStorage

/// The load scripts: wrk (Lua) for the service, pgbench for the same SQL straight on PostgreSQL. The pgbench
/// statements are the ones the service sends for that request, taken from the code that sends them.
enum Scripts {
    static func authorization(_ token: String) -> String {
        "Token " + Data(token.utf8).base64EncodedString()
    }

    static func luaPrelude(_ fixture: BenchFixture) -> String {
        """
        local counts = {\(fixture.perTenant.map(String.init).joined(separator: ", "))}
        local tenants = {{"DE", "BN1"}, {"NL", "BN2"}, {"FR", "BN3"}}
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local function pick()
          local t = math.random(1, 3)
          return t, string.format("L%d-%05d", t, math.random(1, counts[t]))
        end

        """
    }

    /// GET /locations/{id} as a peer, random ids.
    static func wrkGetLocation(_ fixture: BenchFixture) -> String {
        luaPrelude(fixture) + """
            local headers = {["Authorization"] = "\(authorization(fixture.peerToken))"}
            request = function()
              local _, id = pick()
              return wrk.format("GET", "/ocpi/cpo/2.3.0/locations/" .. id, headers)
            end
            """
    }

    /// GET /ocpi/versions as the same peer: the whole HTTP path (request ids, token check from the cache, envelope)
    /// and no SQL, which bounds what any read can reach on this machine.
    static func wrkVersions(_ fixture: BenchFixture) -> String {
        """
        local headers = {["Authorization"] = "\(authorization(fixture.peerToken))"}
        request = function()
          return wrk.format("GET", "/ocpi/versions", headers)
        end
        """
    }

    /// GET /locations?limit=100&offset=N as a peer.
    static func wrkPage(_ fixture: BenchFixture, offset: Int, afterKey: Int64? = nil) -> String {
        """
        local headers = {["Authorization"] = "\(authorization(fixture.peerToken))"}
        request = function()
          return wrk.format("GET", "/ocpi/cpo/2.3.0/locations?limit=100&offset=\(offset)\(afterKey.map { "&after_key=\($0)" } ?? "")", headers)
        end
        """
    }

    /// PUT of a full location by its owner (random existing location: a replace).
    static func wrkPutLocation(_ fixture: BenchFixture) -> String {
        let template = BenchFixture.body(tenant: 0, number: 1)
            .replacingOccurrences(of: "%", with: "%%")
            .replacingOccurrences(of: "\"L1-00001\"", with: "\"%s\"")
            .replacingOccurrences(of: "\"country_code\": \"DE\", \"party_id\": \"BN1\"", with: "\"country_code\": \"%s\", \"party_id\": \"%s\"")
            .replacingOccurrences(of: "\n", with: " ")
        return luaPrelude(fixture) + """
            local tokens = {"\(authorization(BenchFixture.ownerToken(0)))", "\(authorization(BenchFixture.ownerToken(1)))", "\(authorization(BenchFixture.ownerToken(2)))"}
            local template = [[\(template)]]
            request = function()
              local t, id = pick()
              local body = string.format(template, tenants[t][1], tenants[t][2], id)
              return wrk.format("PUT", "/ocpi/cpo/2.3.0/locations/" .. tenants[t][1] .. "/" .. tenants[t][2] .. "/" .. id,
                {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    /// PATCH of one EVSE's status by its owner.
    static func wrkPatchEVSE(_ fixture: BenchFixture) -> String {
        luaPrelude(fixture) + """
            local tokens = {"\(authorization(BenchFixture.ownerToken(0)))", "\(authorization(BenchFixture.ownerToken(1)))", "\(authorization(BenchFixture.ownerToken(2)))"}
            local statuses = {"AVAILABLE", "CHARGING", "BLOCKED", "OUTOFORDER"}
            request = function()
              local t, id = pick()
              local body = '{"status": "' .. statuses[math.random(1, 4)] .. '"}'
              return wrk.format("PATCH", "/ocpi/cpo/2.3.0/locations/" .. tenants[t][1] .. "/" .. tenants[t][2] .. "/" .. id .. "/E" .. math.random(1, 2),
                {["Authorization"] = tokens[t], ["Content-Type"] = "application/json"}, body)
            end
            """
    }

    static func pgPrelude(_ fixture: BenchFixture) -> String {
        // Ids are drawn from the smallest tenant's range, so every one exists.
        """
        \\set t random(1, 3)
        \\set n random(1, \(fixture.perTenant.min() ?? 1))

        """
    }

    static let idExpression = "'L' || :t || '-' || lpad(:n::text, 5, '0')"
    static let countryExpression = "(ARRAY['DE', 'NL', 'FR'])[:t]"
    static let partyExpression = "(ARRAY['BN1', 'BN2', 'BN3'])[:t]"

    /// ObjectStore.sharedJSON for a location, as a '*' peer sends it.
    static func pgGetLocation(_ fixture: BenchFixture) -> String {
        pgPrelude(fixture) + pgbench(ObjectStore<Locations>.sharedObjectStatement(id: "L1-00001", version: .v2_3_0), [1: idExpression])
    }

    /// ObjectStore.sharedPage for a '*' peer.
    static func pgPage(offset: Int, afterKey: Int64? = nil) -> String {
        pgbench(
            ObjectStore<Locations>.sharedPageStatement(
                scope: .all, request: PageRequest(offset: offset, limit: 100, afterKey: afterKey), version: .v2_3_0), [:])
}
}
