import HTTPTypes
import OCPIModel
import PGClient
import Testing
import TestSupport

/// Many writers and readers on one location at once, through HTTP: no update is lost, and no reader ever sees a
/// half-written location.
@Suite(.timeLimit(.minutes(1)))
struct LocationsHTTPConcurrencyTests {
    static let statuses = ["AVAILABLE", "CHARGING", "BLOCKED", "RESERVED", "INOPERATIVE", "OUTOFORDER", "UNKNOWN"]

    /// 10 EVSEs, 50 PATCHes of their statuses from 10 concurrent clients (each client owns one EVSE and sends its
    /// five changes in order, with increasing last_updated): every change is accepted, each EVSE ends with its
    /// client's last status and time, and the location's last_updated is the latest of them.
    @Test func concurrentPatchesOfDifferentEVSEsAllSurvive() async throws {
        try await LocationsApp.run(connections: 12) { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let uids = (0..<10).map { "EVSE-\($0)" }
            let created = try await http.put(
                Loc.owner(tenant, "HUB"), token: token,
                Bodies.location(tenant, "HUB", evses: uids.map { Bodies.evse($0, lastUpdated: "2024-01-01T00:00:00Z") }))
            #expect(created.status == .created, "\(created.message)")

            // EVSE i's k-th change: status statuses[(i + k) % 7], at 2024-03-01T00:0k:ii.
            func change(_ evse: Int, _ step: Int) -> (status: String, time: String) {
                (Self.statuses[(evse + step) % Self.statuses.count], "2024-03-01T00:0\(step):\(evse < 10 ? "0" : "")\(evse)Z")
            }
            let failures = try await withThrowingTaskGroup(of: [String].self) { group in
                for (index, uid) in uids.enumerated() {
                    group.addTask {
                        var failures: [String] = []
                        for step in 0..<5 {
                            let (status, time) = change(index, step)
                            let reply = try await http.patch(
                                Loc.owner(tenant, "HUB", uid), token: token, #"{"status": "\#(status)", "last_updated": "\#(time)"}"#)
                            if reply.code != 1000 { failures.append("\(uid) step \(step): \(reply.code) \(reply.message)") }
                        }
                        return failures
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures)")

            let location = try #require(try await http.get(Loc.owner(tenant, "HUB"), token: token).data)
            let evses = try #require(location["evses"]?.array)
            #expect(evses.compactMap { $0["uid"]?.string } == uids, "order and membership are unchanged")
            for (index, evse) in evses.enumerated() {
                let (status, time) = change(index, 4)
                #expect(evse["status"]?.string == status, "\(uids[index])")
                #expect(evse["last_updated"]?.string == time, "\(uids[index])")
            }
            #expect(location["last_updated"]?.string == change(9, 4).time, "the latest EVSE change")
        }
    }

    /// 50 PATCHes without last_updated (the owner's "now"), from 50 concurrent clients over 10 EVSEs (5 clients per
    /// EVSE): the platform stamps them, so none of them can be "older than stored" and every one is accepted; the
    /// location ends as late as its latest EVSE.
    @Test func concurrentPatchesWithoutLastUpdatedAreNeverRefusedAsStale() async throws {
        try await LocationsApp.run(connections: 12) { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let uids = (0..<10).map { "E\($0)" }
            let created = try await http.put(
                Loc.owner(tenant, "HUB"), token: token, Bodies.location(tenant, "HUB", evses: uids.map { Bodies.evse($0) }, lastUpdated: nil))
            #expect(created.status == .created, "\(created.message)")

            let replies = try await withThrowingTaskGroup(of: (Int, LocationsReply).self) { group in
                for request in 0..<50 {
                    group.addTask {
                        let uid = uids[request % uids.count]
                        let status = Self.statuses[request % Self.statuses.count]
                        return (request, try await http.patch(Loc.owner(tenant, "HUB", uid), token: token, #"{"status": "\#(status)"}"#))
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            let refused = replies.filter { $0.value.code != 1000 }.map { "#\($0.key): \($0.value.message)" }
            #expect(refused.isEmpty, "\(refused.count) of 50 refused: \(refused.prefix(3))")

            let location = try #require(try await http.get(Loc.owner(tenant, "HUB"), token: token).data)
            let stamps = (location["evses"]?.array ?? []).compactMap { Loc.date($0["last_updated"]) }
            #expect(stamps.count == 10)
            #expect(Loc.date(location["last_updated"]) == stamps.max())
        }
    }

    /// The same for one EVSE: 60 concurrent status PATCHes without last_updated are all accepted (the platform's
    /// "now" must be taken in write order, not before waiting for the location's lock).
    @Test func concurrentPatchesOfOneEVSEWithoutLastUpdatedAreAllAccepted() async throws {
        try await LocationsApp.run(connections: 20) { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "HUB"), token: token, Bodies.location(tenant, "HUB", evses: [Bodies.evse("E1")], lastUpdated: nil)).status == .created)
            let codes = try await withThrowingTaskGroup(of: String.self) { group in
                for request in 0..<60 {
                    group.addTask {
                        let reply = try await http.patch(
                            Loc.owner(tenant, "HUB", "E1"), token: token, #"{"status": "\#(Self.statuses[request % Self.statuses.count])"}"#)
                        return reply.code == 1000 ? "ok" : reply.message
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let refused = codes.filter { $0 != "ok" }
            #expect(refused.isEmpty, "\(refused.count) of 60 refused: \(refused.prefix(2))")
        }
    }

    /// Concurrent PUTs of new EVSEs under one location: every EVSE ends up there (none overwrites another's
    /// insertion), each created once (201).
    @Test func concurrentEVSEInsertionsAllSurvive() async throws {
        try await LocationsApp.run(connections: 12) { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            #expect(try await http.put(Loc.owner(tenant, "HUB"), token: token, Bodies.location(tenant, "HUB")).status == .created)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        try await http.put(Loc.owner(tenant, "HUB", "N\(index)"), token: token, Bodies.evse("N\(index)", lastUpdated: "2024-05-01T00:00:00Z")).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created }, "\(statuses)")
            let location = try #require(try await http.get(Loc.owner(tenant, "HUB"), token: token).data)
            let uids = Set((location["evses"]?.array ?? []).compactMap { $0["uid"]?.string })
            #expect(uids == Set((0..<30).map { "N\($0)" }))
            #expect(location["evses"]?.array?.count == 30)
        }
    }

    /// While one client re-PUTs a whole location again and again (generation g: every one of its 6 EVSEs has the
    /// same status and g % 3 + 1 connectors, and the name says g), readers on both interfaces never see a mix of
    /// two generations.
    @Test func readersNeverSeeAHalfWrittenLocation() async throws {
        try await LocationsApp.run(connections: 12) { http, pool in
            let (tenant, token) = try await TestDatabase.createTenant(pool)
            let peer = try await Loc.registerPeer(pool, granted: [tenant])
            func body(_ generation: Int) -> String {
                let status = Self.statuses[generation % Self.statuses.count]
                let connectors = (0...(generation % 3)).map { Bodies.connector("C\($0)") }
                let evses = (0..<6).map { Bodies.evse("E\($0)", status: status, connectors: connectors) }
                return Bodies.location(tenant, "HOT", evses: evses, lastUpdated: nil, name: "gen-\(generation)")
            }
            #expect(try await http.put(Loc.owner(tenant, "HOT"), token: token, body(0)).status == .created)

            let generations = 40
            let problems = try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    var problems: [String] = []
                    for generation in 1...generations {
                        let reply = try await http.put(Loc.owner(tenant, "HOT"), token: token, body(generation))
                        if reply.code != 1000 { problems.append("writer gen \(generation): \(reply.message)") }
                    }
                    return problems
                }
                for reader in 0..<4 {
                    group.addTask {
                        var problems: [String] = []
                        var seen = Set<String>()
                        var reads = 0
                        while reads < 400, seen.count < generations / 4, !seen.contains("gen-\(generations)") {
                            reads += 1
                            let uri = reader % 2 == 0 ? Loc.owner(tenant, "HOT") : Loc.peer("HOT")
                            let location = try await http.get(uri, token: reader % 2 == 0 ? token : peer).data
                            guard let name = location?["name"]?.string, let generation = Int(name.dropFirst(4)) else {
                                problems.append("reader \(reader): no location")
                                break
                            }
                            seen.insert(name)
                            let evses = location?["evses"]?.array ?? []
                            let expectedStatus = Self.statuses[generation % Self.statuses.count]
                            if evses.count != 6 { problems.append("\(name): \(evses.count) EVSEs") }
                            for evse in evses {
                                if evse["status"]?.string != expectedStatus {
                                    problems.append("\(name): \(evse["uid"]?.string ?? "?") is \(evse["status"]?.string ?? "?")")
                                }
                                if evse["connectors"]?.array?.count != generation % 3 + 1 {
                                    problems.append("\(name): \(evse["uid"]?.string ?? "?") has \(evse["connectors"]?.array?.count ?? -1) connectors")
                                }
                            }
                            if location?["last_updated"] != evses.first?["last_updated"] {
                                problems.append("\(name): location and EVSE last_updated differ")
                            }
                        }
                        return problems
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(problems.isEmpty, "\(problems.prefix(5))")
            let final = try await http.get(Loc.owner(tenant, "HOT"), token: token).data
            #expect(final?["name"]?.string == "gen-\(generations)")
        }
    }
}
