// swift-tools-version: 6.2
import PackageDescription

/// Swift 6 language mode everywhere, plus the upcoming features that catch real mistakes.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The server targets' settings: Swift 6 mode, ExistentialAny (see the note on the server targets below).
let serverSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let serverLibraries: [Target.Dependency] = [
    .product(name: "Vapor", package: "vapor"),
    .product(name: "Fluent", package: "fluent"),
    .product(name: "FluentKit", package: "fluent-kit"),
    .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
    .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
    .product(name: "SQLKit", package: "sql-kit"),
    .product(name: "Plot", package: "Plot"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "Metrics", package: "swift-metrics"),
    .product(name: "Prometheus", package: "swift-prometheus"),
    .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
    .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
]

let package = Package(
    name: "Cairn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cairn", targets: ["cairn"]),
        .library(name: "CairnCore", targets: ["CairnCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/JohnSundell/Ink.git", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
    ],
    targets: [
        // The domain in plain Swift: no server, no database.
        .target(
            name: "CairnCore",
            dependencies: [.product(name: "Ink", package: "Ink")],
            // Optimised even in debug builds: matching and scoring are the hot paths of `swift run cairn serve` and of
            // the test suite (2,000 × 800 from the page: 16 s unoptimised, see issue #7's note). Testability stays on.
            swiftSettings: strictSettings + [.unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug))]
        ),
        // Types and server stubs generated from openapi.yaml (the contract), nothing else.
        .target(
            name: "CairnAPI",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")
            ],
            exclude: ["README.md"],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The server's targets (issue #12): a platform that knows no feature, the accounts feature (the only
        // writer of people, roles and invitations), one target per feature area, and the app that wires them. They
        // see one another's `package` declarations; `scripts/check-boundaries.py` keeps the imports to this graph.
        // InternalImportsByDefault is off here: `package` declarations name Vapor and Fluent types in their
        // signatures, which needs those imports visible at package level (CairnCore keeps the upcoming feature).
        .target(
            name: "CairnPlatform",
            dependencies: [
                "CairnCore", "CairnAPI",
                // Subject access exports are ZIP archives.
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnAccounts",
            dependencies: [
                "CairnPlatform", "CairnCore", "CairnAPI",
                // Single sign-on: an OpenID provider's ID tokens are checked with a maintained JWT library.
                .product(name: "JWTKit", package: "jwt-kit"),
            ] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnSupport",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnMentoring",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnPeerGroups",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnInduction",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnDevelopment",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnEvents",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        .target(
            name: "CairnLibrary",
            dependencies: ["CairnPlatform", "CairnAccounts", "CairnCore", "CairnAPI"] + serverLibraries,
            swiftSettings: serverSettings
        ),
        // The app: lists the features, wires them (where two meet), holds the migrations' order and the demo.
        .target(
            name: "CairnServer",
            dependencies: [
                "CairnPlatform", "CairnAccounts", "CairnSupport", "CairnMentoring", "CairnPeerGroups", "CairnInduction",
                "CairnDevelopment", "CairnEvents", "CairnLibrary", "CairnCore", "CairnAPI",
            ] + serverLibraries,
            swiftSettings: serverSettings
        ),
        // The command line: a thin shell over CairnServer.
        .executableTarget(
            name: "cairn",
            dependencies: [
                "CairnServer",
                "CairnPlatform",
                "CairnAccounts",
                "CairnCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // Benchmarks depend on CairnCore only, so a release build for measuring stays quick.
        .executableTarget(
            name: "cairn-matching-bench",
            dependencies: ["CairnCore"],
            path: "Benchmarks/Matching",
            exclude: ["README.md", "scripts"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CairnCoreTests",
            dependencies: ["CairnCore"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CairnServerTests",
            dependencies: [
                "CairnServer",
                "CairnPlatform",
                "CairnAccounts",
                "CairnSupport",
                "CairnMentoring",
                "CairnPeerGroups",
                "CairnInduction",
                "CairnDevelopment",
                "CairnEvents",
                "CairnLibrary",
                "CairnCore",
                "CairnAPI",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
