// swift-tools-version:6.0
// Builds only the OpenAPI generator's command, for scripts/openapi-generate.sh: the app itself compiles the code it
// generated once (Sources/JianfuServer/Generated), so a newcomer's first build does not build the generator.
import PackageDescription

let package = Package(
    name: "jianfu-openapi",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
    ],
    targets: []
)
