// swift-tools-version:6.0
//
// sov — one binary: offline Bitcoin toolkit, node client, address index, Electrum server and wallet.
//
// Library layers (each imports only those listed before it):
//   SovJSON          ordered JSON values, Bitcoin Core-compatible writer, parser
//   SovPrimitives    hashes, serialization, transactions, blocks, scripts, addresses
//   SovKeys          libsecp256k1 wrapper, WIF, BIP32 extended keys
//   SovDescriptors   output descriptors: checksum, inference (Core's `desc`), parsing
//   SovPSBT          BIP174/370 partially signed transactions
//   SovNodeRPC       Bitcoin Core JSON-RPC client over libcurl
//   SovElectrum      Electrum protocol 1.4–1.6: JSON-RPC messages, version negotiation, method table,
//                    status hashes, merkle proofs, fee histogram (pure: no networking, no index)
//   SovQR            QR codes (ISO/IEC 18004): byte-mode encoder, mask selection, text/SVG/PNG renderers
//   SovTOML          a strict TOML v1.0.0 reader (sov's configuration files), with locations for messages
//   SovIndex         the address index: RocksDB store, blk*.dat reader, sync and reorgs, queries, mempool
//   SovElectrumFraming the Electrum protocol's framing over SwiftNIO (bounded lines), shared by client and server
//   SovElectrumClient  an Electrum protocol client over TCP, TLS and WebSocket (SwiftNIO)
//   SovServer        the Electrum server: SwiftNIO transports (TCP, TLS, WebSocket), calls executed against the
//                    index and the node, subscriptions, limits, authentication, metrics
//   SovWallet        the Bitcoin Client's wallet: descriptors, SQLite storage, SPV sync over the Electrum protocol
//   SovInspect       `sov decode`: input detection and Core-compatible JSON rendering
//   sov              the command-line tool: argument parsing and printing only
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
// Targets off the server's and the index's hot paths (the command line, the wallet and its Electrum client, keys,
// descriptors, PSBT, decoding, the node's RPC client)
// are optimized for size in release builds: the same speed where it is spent (secp256k1, SQLite, the network) and a
// smaller binary (issue 13). The index, the server and the primitives stay at -O: -Osize everywhere cost the
// server 10–20 % of its requests per second in sov-bench serve.
let small: [SwiftSetting] = strict + [.unsafeFlags(["-Osize"], .when(configuration: .release))]
let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    .product(name: "NIOSSL", package: "swift-nio-ssl"),
]

let package = Package(
    name: "sov",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sov", targets: ["sov"]),
        .executable(name: "sov-bench", targets: ["sov-bench"]),
        // The client layers as a Bitcoin Client SDK for Swift apps (README: "sov as a library").
        .library(name: "SovPrimitives", targets: ["SovPrimitives"]),
        .library(name: "SovKeys", targets: ["SovKeys"]),
        .library(name: "SovDescriptors", targets: ["SovDescriptors"]),
        .library(name: "SovPSBT", targets: ["SovPSBT"]),
        .library(name: "SovElectrumClient", targets: ["SovElectrumClient"]),
        .library(name: "SovWallet", targets: ["SovWallet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.3.0"),
    ],
    targets: [
        .systemLibrary(name: "CSecp256k1",
                       providers: [.apt(["libsecp256k1-dev"])]),
        .target(name: "SovJSON", swiftSettings: strict),
        .target(name: "SovPrimitives",
                dependencies: ["SovJSON", .product(name: "Crypto", package: "swift-crypto")],
                swiftSettings: strict),
        .target(name: "SovKeys",
                dependencies: ["SovPrimitives", "CSecp256k1"],
                // The generator of Unicode/NFKDData.swift.
                exclude: ["Unicode/generate-nfkd.py"],
                swiftSettings: small,
                // Link libsecp256k1 statically so the release binary carries it.
                linkerSettings: [.linkedLibrary(":libsecp256k1.a")]),
        .target(name: "SovDescriptors", dependencies: ["SovPrimitives", "SovKeys"], swiftSettings: small),
        .target(name: "SovPSBT", dependencies: ["SovPrimitives", "SovKeys", "SovDescriptors"], swiftSettings: small),
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "SovNodeRPC", dependencies: ["SovJSON", "SovPrimitives", "CCurl"], swiftSettings: small),
        .systemLibrary(name: "CRocksDB", providers: [.apt(["librocksdb-dev"])]),
        // The part of RocksDB's C API that sov calls, defined over its C++ API so that the linker leaves out the
        // rest (Sources/CRocksDBSubset/RocksDBSubset.cpp says why).
        .target(name: "CRocksDBSubset"),
        .target(name: "SovIndex", dependencies: ["SovJSON", "SovPrimitives", "SovNodeRPC", "CRocksDB", "CRocksDBSubset"], swiftSettings: strict,
                // RocksDB and its compressors from Debian's static archives, so the binary carries them (libz stays
                // shared: libcurl needs it anyway).
                linkerSettings: [.linkedLibrary(":librocksdb.a"), .linkedLibrary(":libsnappy.a"), .linkedLibrary(":liblz4.a"),
                                 .linkedLibrary(":libzstd.a"), .linkedLibrary(":libbz2.a"), .linkedLibrary("z"), .linkedLibrary("stdc++")]),
        .target(name: "SovElectrum", dependencies: ["SovJSON", "SovPrimitives"], swiftSettings: strict),
        .target(name: "SovTOML", dependencies: ["SovPrimitives"], swiftSettings: small),
        .target(name: "SovQR", swiftSettings: small),
        .target(name: "SovServer",
                dependencies: ["SovJSON", "SovPrimitives", "SovTOML", "SovQR", "SovElectrum", "SovElectrumFraming", "SovIndex", "SovNodeRPC"] + nio + [
                    .product(name: "NIOHTTP1", package: "swift-nio"),
                    .product(name: "NIOWebSocket", package: "swift-nio"),
                    .product(name: "NIOTLS", package: "swift-nio"),
                    .product(name: "X509", package: "swift-certificates"),
                    .product(name: "Crypto", package: "swift-crypto"),
                ],
                swiftSettings: strict),
        .target(name: "SovElectrumFraming", dependencies: [.product(name: "NIOCore", package: "swift-nio")], swiftSettings: strict),
        .target(name: "SovElectrumClient",
                dependencies: ["SovJSON", "SovPrimitives", "SovElectrum", "SovElectrumFraming"] + nio + [
                    .product(name: "NIOHTTP1", package: "swift-nio"),
                    .product(name: "NIOWebSocket", package: "swift-nio"),
                    .product(name: "NIOTLS", package: "swift-nio"),
                    .product(name: "Crypto", package: "swift-crypto"),
                ],
                swiftSettings: small),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CSodium", providers: [.apt(["libsodium-dev"])]),
        .target(name: "SovWallet",
                dependencies: ["SovJSON", "SovPrimitives", "SovKeys", "SovDescriptors", "SovPSBT", "SovElectrum", "SovElectrumClient", "CSQLite", "CSodium"],
                swiftSettings: small,
                // Link SQLite statically so the release binary carries it.
                linkerSettings: [.linkedLibrary(":libsqlite3.a"), .linkedLibrary(":libsodium.a")]),
        .target(name: "SovInspect",
                dependencies: ["SovJSON", "SovPrimitives", "SovKeys", "SovDescriptors", "SovPSBT"],
                swiftSettings: small),
        .executableTarget(name: "sov",
                          dependencies: ["SovJSON", "SovPrimitives", "SovKeys", "SovDescriptors", "SovInspect", "SovNodeRPC", "SovIndex", "SovServer",
                                         "SovElectrumClient", "SovWallet", "SovPSBT", "SovQR", "SovElectrum", .product(name: "ArgumentParser", package: "swift-argument-parser")],
                          swiftSettings: small,
                          // The release binary, linked small (issue 13: ≤ 40 MB stripped) by LLVM's lld: no dynamic symbol
                          // table of every Swift symbol (the static stdlib's link file asks for --export-dynamic; sov
                          // loads no plug-ins), identical functions folded into one, and the position-independent
                          // executable's relocations packed (DT_RELR, glibc ≥ 2.36: Debian 12, Ubuntu 24.04).
                          linkerSettings: [.unsafeFlags(["-use-ld=lld", "-Xlinker", "--no-export-dynamic", "-Xlinker", "--icf=all",
                                                         "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                                                        .when(platforms: [.linux], configuration: .release))]),
        .executableTarget(name: "sov-bench",
                          dependencies: ["SovJSON", "SovPrimitives", "SovKeys", "SovInspect", "SovElectrum", "SovIndex", "SovServer", "SovElectrumClient", "SovElectrumFraming", "SovWallet", "SovPSBT",
                                         .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
                          swiftSettings: strict),
        .testTarget(name: "SovPrimitivesTests", dependencies: ["SovTestSupport", "SovPrimitives", "SovJSON"]),
        .testTarget(name: "SovKeysTests", dependencies: ["SovTestSupport", "SovKeys", "SovPrimitives", "SovJSON", "CSecp256k1"]),
        .testTarget(name: "SovDescriptorsTests", dependencies: ["SovTestSupport", "SovDescriptors", "SovKeys", "SovPrimitives", "SovJSON"]),
        .testTarget(name: "SovInspectTests", dependencies: ["SovTestSupport", "SovInspect", "SovJSON", "SovPrimitives", "SovPSBT"]),
        .testTarget(name: "SovPSBTTests", dependencies: ["SovTestSupport", "SovPSBT", "SovKeys", "SovJSON", "SovPrimitives"]),
        .testTarget(name: "SovJSONTests", dependencies: ["SovTestSupport", "SovJSON"]),
        .testTarget(name: "SovElectrumFramingTests", dependencies: ["SovElectrumFraming", .product(name: "NIOCore", package: "swift-nio"),
                                                                  .product(name: "NIOEmbedded", package: "swift-nio")]),
        // Peers/ holds the scripts that drive real third-party clients (BDK), run by the tests with the venv .ci/setup makes.
        .testTarget(name: "SovCLITests", dependencies: ["SovTestSupport", "SovJSON", "SovNodeDouble", "SovPrimitives", "SovIndex", "SovDescriptors", "SovServer", "SovKeys", "SovPSBT", "SovWallet"],
                    exclude: ["Peers"]),
        // What the test targets share: reading ../shared.
        .target(name: "SovTestSupport", dependencies: ["SovJSON", "SovPrimitives", "SovIndex"], path: "Tests/SovTestSupport"),
        // A Bitcoin Core double: replays the fixture chain over real HTTP JSON-RPC on loopback.
        .target(name: "SovNodeDouble", dependencies: ["SovTestSupport", "SovJSON", "SovPrimitives", "SovInspect", "SovNodeRPC"], path: "Tests/SovNodeDouble"),
        .testTarget(name: "SovIndexTests", dependencies: ["SovTestSupport", "SovIndex", "SovNodeDouble", "SovNodeRPC", "SovPrimitives", "SovJSON"]),
        .testTarget(name: "SovElectrumTests", dependencies: ["SovTestSupport", "SovElectrum", "SovJSON", "SovPrimitives"]),
        .testTarget(name: "SovServerTests", dependencies: ["SovTestSupport", "SovServer", "SovTOML", "SovElectrumClient", "SovElectrum", "SovIndex", "SovNodeDouble", "SovNodeRPC", "SovPrimitives", "SovJSON"]
                        + nio + [.product(name: "NIOTLS", package: "swift-nio")]),
        .testTarget(name: "SovElectrumClientTests", dependencies: ["SovElectrumClient", "SovElectrum", "SovJSON"]
                        + nio + [
                            .product(name: "NIOHTTP1", package: "swift-nio"),
                            .product(name: "NIOWebSocket", package: "swift-nio"),
                            .product(name: "Crypto", package: "swift-crypto"),
                            .product(name: "X509", package: "swift-certificates"),
                            .product(name: "SwiftASN1", package: "swift-asn1"),
                        ]),
        .testTarget(name: "SovTOMLTests", dependencies: ["SovTOML"]),
        .testTarget(name: "SovQRTests", dependencies: ["SovQR", "SovTestSupport"]),
        .testTarget(name: "SovWalletTests", dependencies: ["SovTestSupport", "SovWallet", "SovDescriptors", "SovKeys", "SovPrimitives", "SovJSON"]),
        .testTarget(name: "SovNodeRPCTests", dependencies: ["SovTestSupport", "SovNodeRPC", "SovNodeDouble", "SovJSON", "SovPrimitives"]),
    ],
    // RocksDB's C++ headers need C++17 (CRocksDBSubset).
    cxxLanguageStandard: .cxx17
)
