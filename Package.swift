// swift-tools-version:6.0
import PackageDescription

// One target per pipeline stage (see ../shared/DESIGN.md); imports point down the pipeline only.
let package = Package(
    name: "cmpdissect",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "cmpdissect", targets: ["cmpdissect"]),
        .executable(name: "cmpdissect-gen", targets: ["cmpdissect-gen"]),
        .library(name: "CMPPipeline", targets: ["CMPPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CPcap",
            pkgConfig: "libpcap",
            providers: [.apt(["libpcap-dev"])]
        ),
        .target(name: "CMPCore"),
        .target(name: "CMPCapture", dependencies: ["CMPCore", "CPcap"]),
        .target(name: "CMPPacket", dependencies: ["CMPCore"]),
        .target(name: "CMPReassembly", dependencies: ["CMPCore"]),
        .target(name: "CMPTransport", dependencies: ["CMPCore"]),
        .target(
            name: "CMPMessages",
            dependencies: [
                "CMPCore",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "CMPDissector",
            dependencies: [
                "CMPCore", "CMPMessages",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "CMPAnalysis",
            dependencies: [
                "CMPCore", "CMPMessages",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(name: "CMPFilter", dependencies: ["CMPCore"]),
        .target(name: "CMPOutput", dependencies: ["CMPCore"]),
        .target(
            name: "CMPPipeline",
            dependencies: [
                "CMPCore", "CMPCapture", "CMPPacket", "CMPReassembly", "CMPTransport", "CMPMessages",
                "CMPDissector", "CMPAnalysis", "CMPFilter",
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        .executableTarget(
            name: "cmpdissect",
            dependencies: [
                "CMPPipeline", "CMPOutput", "CMPCore", "CMPCapture", "CMPFilter", "CMPAnalysis", "CMPTransport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Deterministic generator of large mixed captures with ground truth, for the benchmark.
        .executableTarget(
            name: "cmpdissect-gen",
            dependencies: [
                "CMPCore", "CMPTestSupport", "CMPDissector", "CMPAnalysis",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Builds crafted captures (Ethernet/IP/TCP frames, pcap and pcapng files) for tests.
        .target(name: "CMPTestSupport", dependencies: ["CMPCore"]),

        .testTarget(name: "CMPCoreTests", dependencies: ["CMPCore"]),
        .testTarget(name: "CMPCaptureTests", dependencies: ["CMPCapture", "CMPTestSupport"]),
        .testTarget(name: "CMPPacketTests", dependencies: ["CMPPacket", "CMPTestSupport"]),
        .testTarget(name: "CMPReassemblyTests", dependencies: ["CMPReassembly", "CMPTestSupport"]),
        .testTarget(name: "CMPTransportTests", dependencies: ["CMPTransport", "CMPTestSupport"]),
        .testTarget(name: "CMPMessagesTests", dependencies: ["CMPMessages", "CMPTestSupport"]),
        .testTarget(name: "CMPOutputTests", dependencies: ["CMPOutput"]),
        .testTarget(name: "CMPDissectorTests", dependencies: ["CMPDissector", "CMPMessages", "CMPTestSupport"]),
        .testTarget(name: "CMPAnalysisTests", dependencies: ["CMPAnalysis", "CMPMessages", "CMPTestSupport"]),
        .testTarget(name: "CMPFilterTests", dependencies: ["CMPFilter"]),
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["CMPPipeline", "CMPOutput", "CMPCapture", "CMPFilter", "CMPTestSupport"]
        ),
        .testTarget(
            name: "RobustnessTests",
            dependencies: ["CMPPipeline", "CMPOutput", "CMPCapture", "CMPPacket", "CMPReassembly", "CMPTransport",
                           "CMPMessages", "CMPTestSupport"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["CMPPipeline", "CMPOutput", "CMPTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
