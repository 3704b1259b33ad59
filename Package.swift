// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policyc",
    products: [
        .executable(name: "policyc", targets: ["policyc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // C libraries, found through pkg-config; installed by scripts/install-deps.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // The spelling dictionary lint checks words against (Debian's hunspell-en-us).
        .systemLibrary(
            name: "CHunspell",
            pkgConfig: "hunspell",
            providers: [.apt(["libhunspell-dev", "hunspell-en-us"])]
        ),
        // ICU's regular expressions on UTF-8 text (Debian's libicu-dev), for scan patterns.
        .target(name: "CICURegex", linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]),
        // Byte-wise text search: SIMD searches for one or several needles, byte counts, glibc's memmem.
        .target(name: "CByteSearch"),
        // Terminal column widths from glibc's wcwidth, for device-screen text.
        .target(name: "CTerminalWidth"),
        // Allocator settings for the policyc process (called from its main.swift only).
        .target(name: "CProcessTuning"),
        // Stage 1: Markdown → AST with source ranges. The only module that touches cmark-gfm.
        .target(name: "PolicyMarkup", dependencies: ["CCmarkGFM", "CByteSearch"]),
        // Stage 2: AST → typed policy, vocabulary, front matter.
        .target(
            name: "PolicyModel",
            dependencies: [
                "PolicyMarkup", "CICURegex",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Stage 3: checks over the typed policy: validation and the lint rules (one per file).
        .target(name: "PolicyPasses", dependencies: ["PolicyModel", "PolicyStatements", "CHunspell"]),
        // Legacy policies (plain text like the seed, HTML through libxml2) → annotated Markdown sources.
        .target(name: "PolicyImport", dependencies: ["PolicyMarkup", "PolicyModel", "CLibXML2"]),
        // The CI gate: what code collects (inventories, Android manifests, source scans) against the policy.
        .target(
            name: "PolicyCheck",
            dependencies: ["PolicyModel", "CLibXML2", .product(name: "Yams", package: "Yams")]
        ),
        // Data-practice statements read from every sentence (who does what with which data, for
        // whom, why, under which conditions); the word lists are data compiled into the binary.
        .target(name: "PolicyStatements", dependencies: ["PolicyModel"], resources: [.embedInCode("Lexicon.txt")]),
        // Versions: the semantic diff of two policies and its major/minor/review classification.
        .target(name: "PolicyDiff", dependencies: ["PolicyModel", "PolicyStatements"]),
        // Stage 4: manifests, HTML pages (templates/ through Mustache), device notices, diff reports.
        .target(
            name: "PolicyEmit",
            dependencies: [
                "PolicyModel", "PolicyPasses", "PolicyDiff", "CTerminalWidth",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // The command layer: a library so that tests can drive it.
        .target(
            name: "PolicyCommandLine",
            dependencies: [
                "PolicyMarkup", "PolicyModel", "PolicyStatements", "PolicyPasses", "PolicyDiff", "PolicyCheck", "PolicyEmit", "PolicyImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "policyc", dependencies: ["PolicyCommandLine", "CProcessTuning"]),
        .testTarget(
            name: "PolicycTests",
            dependencies: ["PolicyMarkup", "PolicyModel", "PolicyStatements", "PolicyPasses", "PolicyDiff", "PolicyEmit", "PolicyImport", "PolicyCommandLine", .product(name: "Yams", package: "Yams")],
            // Read by path at run time (golden files, command tests, sample projects), not bundled.
            exclude: ["Fixtures", "Commands"]
        ),
    ]
)
