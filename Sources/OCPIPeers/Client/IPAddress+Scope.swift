extension IPAddress {
    /// Where an address leads, as far as calling it on a peer's say-so is concerned.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// The public internet.
        case global
        /// This host (127/8, ::1).
        case loopback
        /// The local link (169.254/16, fe80::/10): where cloud metadata services answer.
        case linkLocal = "link-local"
        /// Private networks: 10/8, 172.16/12, 192.168/16, carrier-grade NAT 100.64/10, fc00::/7, fec0::/10.
        case privateNetwork = "private network"
        /// 0.0.0.0/8 and ::, which Linux connects to this host.
        case unspecified
        /// 224/4, ff00::/8.
        case multicast
        /// 240/4 (with the broadcast address), IPv4-compatible IPv6 (::/96, deprecated), and Teredo (2001::/32):
        /// not for unicast peers.
        case reserved

        /// Whether `PEER_ALLOW_PRIVATE_NETWORKS=true` opens it. Link-local, unspecified, multicast and reserved
        /// addresses stay closed whatever the setting: no peer lives there, and link-local is where a cloud's
        /// metadata service hands out credentials.
        public var opensWithPrivateNetworks: Bool {
            self == .loopback || self == .privateNetwork
        }
    }

    /// The scope of this address. An IPv6 address that carries an IPv4 one (IPv4-mapped ::ffff:0:0/96,
    /// IPv4-translated ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16) has the scope of the IPv4 address it
    /// reaches. Teredo (2001::/32) is reserved: its relay reaches an IPv4 address hidden (obfuscated) in the last
    /// bits and the server's in the prefix, and no peer runs its OCPI platform behind a Teredo tunnel.
    public var scope: Scope {
        if isIPv4 { return Self.scope(v4: bytes) }
        if let embedded = embeddedIPv4 { return Self.scope(v4: embedded) }
        let b = bytes
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return .reserved }  // IPv4-compatible ::a.b.c.d
        if b[0] == 0xFF { return .multicast }
        if b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00 { return .reserved }  // Teredo 2001::/32
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return .linkLocal }  // fe80::/10
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return .privateNetwork }  // fec0::/10, site-local (deprecated)
        if b[0] & 0xFE == 0xFC { return .privateNetwork }  // fc00::/7, unique local
        if b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && b[4] == 0x00 && b[5] == 0x01 {
            return .privateNetwork  // 64:ff9b:1::/48, NAT64 for local use
        }
        return .global
    }

    /// The IPv4 address an IPv6 address stands for, where the network translates it to that IPv4 address.
    var embeddedIPv4: [UInt8]? {
        guard !isIPv4 else { return nil }
        let b = bytes
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF { return Array(b[12..<16]) }  // ::ffff:a.b.c.d
        if b[0..<8].allSatisfy({ $0 == 0 }) && b[8] == 0xFF && b[9] == 0xFF && b[10] == 0 && b[11] == 0 {
            return Array(b[12..<16])  // ::ffff:0:a.b.c.d, IPv4-translated (SIIT)
        }
        if b[0..<12].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0]) { return Array(b[12..<16]) }  // 64:ff9b::a.b.c.d
        if b[0] == 0x20 && b[1] == 0x02 { return Array(b[2..<6]) }  // 2002:aabb:ccdd::/48
        return nil
    }

    static func scope(v4 b: [UInt8]) -> Scope {
        switch (b[0], b[1]) {
        case (0, _): return .unspecified  // "this network"; 0.0.0.0 reaches this host
        case (10, _): return .privateNetwork
        case (100, 64...127): return .privateNetwork  // carrier-grade NAT; also where some clouds serve metadata
        case (127, _): return .loopback
        case (169, 254): return .linkLocal
        case (172, 16...31): return .privateNetwork
        case (192, 168): return .privateNetwork
        case (224...239, _): return .multicast
        case (240...255, _): return .reserved
        default: return .global
        }
    }
}
