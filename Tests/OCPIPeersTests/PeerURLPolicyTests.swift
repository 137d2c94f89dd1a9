import Testing

@testable import OCPIPeers

/// The URL policy every outbound call passes: the scheme, user info, address literals in every spelling, and names,
/// each of whose addresses is judged; and the address it hands back is the one connected to.
@Suite struct PeerURLPolicyTests {
    /// Names resolve as the test says, so that a "public" name can point inside.
    struct FixedResolver: HostResolver {
        var table: [String: [String]]

        func addresses(of host: String) async throws -> [IPAddress] {
            guard let found = table[host.lowercased()] else { throw HostResolutionError(host: host, reason: "unknown name") }
            return found.compactMap(IPAddress.init)
        }
    }

    static let resolver = FixedResolver(table: [
        "emsp.example": ["203.0.113.10", "2001:db8::10"],
        "rebind.example": ["203.0.113.11", "10.0.0.5"],
        "inside.example": ["192.168.1.20"],
        "metadata.example": ["169.254.169.254"],
        "mapped.example": ["::ffff:127.0.0.1"],
    ])

    static func refusal(_ url: String, allowPrivate: Bool = false) async -> PeerURLRefusal? {
        do {
            _ = try await PeerURLPolicy(allowPrivateNetworks: allowPrivate, resolver: resolver).check(url)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "unix:///var/run/docker.sock", "http+unix://%2Fvar%2Frun%2Fdocker.sock/versions", "https+unix://%2Ftmp%2Fs/versions",
        "ftp://emsp.example/versions", "file:///etc/passwd", "gopher://emsp.example/", "emsp.example/versions", "",
    ])
    func onlyHTTPAndHTTPS(url: String) async {
        let refusal = await Self.refusal(url, allowPrivate: true)
        #expect(refusal != nil && refusal?.isResolutionFailure == false, "\(url)")
    }

    @Test func userInfoIsRefused() async {
        let refusal = await Self.refusal("https://emsp.example@10.0.0.1/versions")
        #expect(refusal?.reason.contains("user info") == true)
    }

    @Test(arguments: [
        "http://127.0.0.1:1/versions", "http://10.1.2.3/versions", "http://172.16.0.1/", "http://192.168.0.1/",
        "http://169.254.169.254/latest/meta-data/", "http://0.0.0.0:8000/", "http://[::1]:8000/", "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/", "http://[fe80::1]/", "http://[fd00::1]/", "http://224.0.0.1/", "http://100.100.100.200/",
        "HTTP://127.0.0.1/",
    ])
    func privateLiteralsAreRefused(url: String) async {
        let refusal = await Self.refusal(url)
        #expect(refusal != nil && refusal?.isResolutionFailure == false, "\(url)")
    }

    /// Every address of a name counts: one inside is enough to refuse it.
    @Test(arguments: ["https://inside.example/v", "https://rebind.example/v", "https://metadata.example/v", "https://MAPPED.example/v"])
    func namesThatLeadInsideAreRefused(url: String) async {
        let refusal = await Self.refusal(url)
        #expect(refusal != nil && refusal?.isResolutionFailure == false, "\(url)")
        #expect(refusal?.reason.contains("resolves to") == true)
    }

    @Test func aPublicNameIsPinnedToItsFirstAddress() async throws {
        let destination = try await PeerURLPolicy(resolver: Self.resolver).check("https://EMSP.example:8443/ocpi/versions")
        #expect(destination.host == "EMSP.example")
        #expect(destination.pinned == IPAddress("203.0.113.10"))
        #expect(destination.address == IPAddress("203.0.113.10"))
    }

    @Test func aPublicLiteralIsCalledAsWritten() async throws {
        let v4 = try await PeerURLPolicy(resolver: Self.resolver).check("http://203.0.113.7:9000/versions")
        #expect(v4.pinned == nil && v4.host == "203.0.113.7")
        let v6 = try await PeerURLPolicy(resolver: Self.resolver).check("http://[2001:db8::7]/versions")
        #expect(v6.pinned == nil && v6.host == "2001:db8::7")
    }

    @Test func anUnknownNameIsAResolutionFailure() async {
        let refusal = await Self.refusal("https://nowhere.example/versions")
        #expect(refusal?.isResolutionFailure == true)
    }

    /// `PEER_ALLOW_PRIVATE_NETWORKS=true` opens loopback and private networks, and nothing else.
    @Test func privateNetworksWhenAllowed() async {
        for url in ["http://127.0.0.1:1/versions", "http://[::1]/", "http://10.1.2.3/", "https://inside.example/v", "http://[::ffff:127.0.0.1]/"] {
            #expect(await Self.refusal(url, allowPrivate: true) == nil, "\(url)")
        }
        for url in ["http://169.254.169.254/", "https://metadata.example/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[fe80::1]/"] {
            #expect(await Self.refusal(url, allowPrivate: true) != nil, "\(url)")
        }
    }

    /// The system resolver reads what `inet_pton` does not (`127.1`, a decimal address) as `getaddrinfo` does:
    /// the address it reaches is what is judged.
    @Test(arguments: ["http://127.1/", "http://2130706433/", "http://0x7f.1/", "http://localhost:8000/"])
    func oddSpellingsOfLoopbackAreRefused(url: String) async {
        do {
            _ = try await PeerURLPolicy().check(url)
            Issue.record("\(url) was allowed")
        } catch {
            #expect(error.reason.contains("loopback") || error.isResolutionFailure, "\(url): \(error)")
        }
    }
}
