import Testing

@testable import OCPIPeers

/// Where an address leads: every range a peer could use to make us call inside our own network, IPv6 forms that
/// carry an IPv4 address, and the edges of each range.
@Suite struct AddressScopeTests {
    @Test(arguments: [
        ("0.0.0.0", IPAddress.Scope.unspecified), ("0.1.2.3", .unspecified),
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork),
        ("172.15.255.255", .global), ("172.16.0.0", .privateNetwork), ("172.31.255.255", .privateNetwork), ("172.32.0.0", .global),
        ("192.168.0.1", .privateNetwork), ("192.167.255.255", .global), ("192.169.0.0", .global),
        ("169.254.169.254", .linkLocal), ("169.253.255.255", .global), ("169.255.0.0", .global),
        ("100.63.255.255", .global), ("100.64.0.0", .privateNetwork), ("100.100.100.200", .privateNetwork),
        ("100.127.255.255", .privateNetwork), ("100.128.0.0", .global),
        ("223.255.255.255", .global), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("240.0.0.1", .reserved), ("255.255.255.255", .reserved),
        ("1.1.1.1", .global), ("8.8.8.8", .global), ("9.255.255.255", .global), ("11.0.0.0", .global),
    ])
    func ipv4(address: String, scope: IPAddress.Scope) throws {
        #expect(try #require(IPAddress(address)).scope == scope)
    }

    @Test(arguments: [
        ("::", IPAddress.Scope.unspecified), ("::1", .loopback),
        ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal), ("fec0::1", .privateNetwork),
        ("fc00::1", .privateNetwork), ("fd12:3456::1", .privateNetwork), ("fd00:ec2::254", .privateNetwork), ("fe00::1", .global),
        ("ff02::1", .multicast), ("ff0e::1", .multicast),
        ("2001:4860:4860::8888", .global), ("2a00:1450::1", .global),
        ("::2", .reserved), ("::127.0.0.1", .reserved), ("::8.8.8.8", .reserved),
        ("64:ff9b:1::1", .privateNetwork),
    ])
    func ipv6(address: String, scope: IPAddress.Scope) throws {
        #expect(try #require(IPAddress(address)).scope == scope)
    }

    /// An IPv6 form of an IPv4 address reaches that IPv4 address, and is judged as it.
    @Test(arguments: [
        ("::ffff:127.0.0.1", IPAddress.Scope.loopback), ("::ffff:7f00:1", .loopback), ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:0.0.0.0", .unspecified), ("::ffff:8.8.8.8", .global),
        ("64:ff9b::127.0.0.1", .loopback), ("64:ff9b::c0a8:101", .privateNetwork), ("64:ff9b::8.8.8.8", .global),
        ("2002:7f00:1::1", .loopback), ("2002:a9fe:a9fe::1", .linkLocal), ("2002:808:808::1", .global),
        ("::ffff:0:127.0.0.1", .loopback), ("::ffff:0:7f00:1", .loopback), ("::ffff:0:10.1.2.3", .privateNetwork),
        ("::ffff:0:169.254.169.254", .linkLocal), ("::ffff:0:8.8.8.8", .global),
    ])
    func ipv6CarryingIPv4(address: String, scope: IPAddress.Scope) throws {
        #expect(try #require(IPAddress(address)).scope == scope)
    }

    /// Teredo tunnels (2001::/32) are refused whatever IPv4 addresses they carry; the next prefixes are ordinary.
    @Test(arguments: [
        ("2001::1", IPAddress.Scope.reserved), ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .reserved),
        ("2001:0:ffff:ffff::1", .reserved), ("2001:1::1", .global), ("2001:4860:4860::8888", .global),
    ])
    func teredoIsReserved(address: String, scope: IPAddress.Scope) throws {
        #expect(try #require(IPAddress(address)).scope == scope)
    }

    /// Only what `inet_pton` reads is a literal; the rest is a name, and is resolved before it is judged.
    @Test(arguments: ["127.1", "0x7f000001", "2130706433", "017700000001", "localhost", "[::1]", "1.2.3.4.5", ""])
    func oddFormsAreNotLiterals(text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func textFormRoundTrips() throws {
        #expect(try #require(IPAddress("10.0.0.1")).description == "10.0.0.1")
        #expect(try #require(IPAddress("2001:DB8:0:0::1")).description == "2001:db8::1")
    }

    @Test func privateNetworksOpenLoopbackAndPrivateOnly() {
        let opened = IPAddress.Scope.allCases.filter(\.opensWithPrivateNetworks)
        #expect(Set(opened) == [.loopback, .privateNetwork])
    }
}
