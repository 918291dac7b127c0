// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "jianfu",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "jianfu", targets: ["jianfu"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor", from: "1.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // The rules: pure functions over plain values, no Vapor, no database.
        .target(
            name: "JianfuCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "JianfuServer",
            dependencies: [
                "JianfuCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // Generated/ is swift-openapi-generator's output for openapi.yaml, committed so that the first build does not build
            // the generator; scripts/openapi-generate.sh regenerates it and CI checks that it matches the spec.
            exclude: ["openapi-generator-config.yaml"],
            resources: [.copy("openapi.yaml")]
        ),
        // The command line: parsing and help only; each command calls one of `JianfuServer.ServerCommands`.
        .target(
            name: "JianfuCommands",
            dependencies: ["JianfuServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "jianfu", dependencies: ["JianfuCommands"]),
        // Fixtures are read by path (#filePath), not bundled.
        .testTarget(name: "JianfuCoreTests", dependencies: ["JianfuCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "JianfuServerTests",
            dependencies: [
                "JianfuServer",
                "JianfuCommands",
                .product(name: "VaporTesting", package: "vapor"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
