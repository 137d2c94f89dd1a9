import HTTPTypes
import HummingbirdTesting
import OCPIModel
import OCPIServer
import Testing
import TestSupport

/// `GET /ocpi/versions` and the details of each version: absolute URLs from PUBLIC_URL, only modules served.
@Suite(.timeLimit(.minutes(1)))
struct VersionsTests {
    @Test func versionsListBothVersionsWithAbsoluteURLs() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions", method: .get, headers: .token(token)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let envelope = try Envelope(response)
                #expect(envelope.statusCode == 1000)
                let versions = try #require(envelope.data?.array)
                #expect(versions.compactMap { $0["version"]?.string } == ["2.2.1", "2.3.0"])
                #expect(versions.compactMap { $0["url"]?.string } == [
                    "\(TestApp.publicURL)/ocpi/2.2.1", "\(TestApp.publicURL)/ocpi/2.3.0",
                ])
            }
        }
    }

    @Test(arguments: ["2.2.1", "2.3.0"])
    func detailsListTheServedModules(version: String) async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/\(version)", method: .get, headers: .token(token)) { response in
                #expect(response.status == .ok)
                let envelope = try Envelope(response)
                #expect(envelope.data?["version"]?.string == version)
                let endpoints = try #require(envelope.data?["endpoints"]?.array)
                let served = TestApp.dependencies(pool: pool).modules
                #expect(endpoints.count == served.count)
                for (endpoint, module) in zip(endpoints, served) {
                    #expect(endpoint["identifier"]?.string == module.identifier.rawValue)
                    #expect(endpoint["role"]?.string == module.role.rawValue)
                    #expect(endpoint["url"]?.string == "\(TestApp.publicURL)/ocpi/cpo/\(version)/\(module.identifier.rawValue)")
                }
            }
        }
    }

    @Test func anUnsupportedVersionIsNotFound() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/2.1.1", method: .get, headers: .token(token)) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .notFound)
                #expect(envelope.statusCode == 2000)
            }
        }
    }

    @Test func aTrailingSlashIsTolerated() async throws {
        try await TestApp.run { client, pool in
            let (_, token) = try await TestDatabase.createTenant(pool)
            try await client.execute(uri: "/ocpi/versions/", method: .get, headers: .token(token)) { response in
                let envelope = try Envelope(response)
                #expect(response.status == .ok)
                #expect(envelope.data?.array?.count == 2)
            }
        }
    }
}
