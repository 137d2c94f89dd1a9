// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ocpi-cpo-platform",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ocpi-cpo", targets: ["CPOServer"]),
        .executable(name: "ocpi-bench", targets: ["OCPIBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // libpq, the PostgreSQL C client, from the system (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]
        ),
        // epoll and eventfd (Linux), for waiting on many libpq sockets from one thread.
        .systemLibrary(name: "CEpoll"),
        // Exact proleptic Gregorian date arithmetic, shared by the database and OCPI date-time types.
        .target(name: "CivilTime", swiftSettings: swiftSettings),
        // Our own PostgreSQL client over libpq: connections, pool, typed errors, parameterised queries.
        .target(
            name: "PGClient",
            dependencies: [
                "CLibPQ", "CEpoll", "CivilTime",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // OCPI wire types, validation, envelope and status codes. Pure: no I/O, no frameworks.
        .target(name: "OCPIModel", dependencies: ["CivilTime"], swiftSettings: swiftSettings, plugins: ["DraftGenerator"]),
        // Prices a charging session against a Tariff: exact decimal arithmetic, local-time restrictions, step sizes,
        // taxes, and a breakdown. Pure: no I/O.
        .target(name: "OCPIPricing", dependencies: ["OCPIModel", "CivilTime"], swiftSettings: swiftSettings),
        // Writes the draft twin of each OCPI type marked `// ocpi:draft`, at build time (`DraftGenerator`).
        .executableTarget(name: "DraftGen"),
        .plugin(name: "DraftGenerator", capability: .buildTool(), dependencies: ["DraftGen"]),
        // Tenants, tokens, peers and OCPI objects in PostgreSQL; schema migrations.
        .target(
            name: "OCPIStorage",
            dependencies: [
                "PGClient", "OCPIModel", "OCPIPricing",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Outbound OCPI calls to peers: the credentials handshake client and the push delivery worker.
        .target(
            name: "OCPIPeers",
            dependencies: [
                "OCPIModel", "OCPIStorage", "PGClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The HTTP face: Hummingbird routes, middleware, controllers per OCPI module.
        .target(
            name: "OCPIServer",
            dependencies: [
                "OCPIModel", "OCPIStorage", "OCPIPeers", "OCPIPricing", "PGClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        // The executable: configuration, composition root, lifecycle.
        .executableTarget(
            name: "CPOServer",
            dependencies: [
                "OCPIServer", "OCPIStorage", "OCPIPeers", "PGClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // `make bench`: load against the service and pgbench on the same SQL, reported as ratios.
        .executableTarget(
            name: "OCPIBench",
            dependencies: [
                "OCPIModel", "OCPIStorage", "OCPIPeers", "OCPIPricing", "PGClient", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The executable as an operator runs it (spawned, signalled); needs `swift build --build-tests` to build it.
        .testTarget(name: "CPOServerTests", dependencies: ["OCPIModel", "PGClient", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CivilTimeTests", dependencies: ["CivilTime"], swiftSettings: swiftSettings),
        .testTarget(name: "OCPIPeersTests", dependencies: ["OCPIPeers", "OCPIStorage", "OCPIModel"], swiftSettings: swiftSettings),
        .testTarget(name: "PGClientTests", dependencies: ["PGClient", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "OCPIPricingTests", dependencies: ["OCPIPricing", "OCPIModel"], swiftSettings: swiftSettings),
        .testTarget(name: "OCPIModelTests", dependencies: ["OCPIModel", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "OCPIStorageTests", dependencies: ["OCPIStorage", "PGClient", "OCPIModel", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OCPIServerTests",
            dependencies: [
                "OCPIServer", "OCPIStorage", "OCPIPeers", "PGClient", "OCPIModel", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared helpers for the test targets: the test database, unique tenants, psql runner.
        .target(
            name: "TestSupport",
            dependencies: ["PGClient", "OCPIStorage", "OCPIModel", .product(name: "Logging", package: "swift-log")],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
    ]
)
