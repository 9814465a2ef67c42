// swift-tools-version: 6.1
// Builds only `protoc-gen-swift`, the protoc plugin that `make proto` runs to regenerate
// Sources/LodestoneWire/Generated. It is a separate package so the main package never
// builds the plugin (the generated Swift is committed; see docs/PROTOCOL.md §8).
import PackageDescription

let package = Package(
    name: "ProtocGenSwift",
    dependencies: [
        // Keep in step with the swift-protobuf requirement in the root Package.swift: the
        // generator and the runtime must be the same version.
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ]
)
