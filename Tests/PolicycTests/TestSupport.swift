import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// Paths the tests read: the repository and `../shared` beside it.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policies = repository.appendingPathComponent("policies")
    static let output = repository.appendingPathComponent("output")
    static let schemas = repository.appendingPathComponent("schemas")
    static let fixtures = repository.appendingPathComponent("Tests/PolicycTests/Fixtures")
    static let shared = repository.deletingLastPathComponent().appendingPathComponent("shared")
    static let seed = shared.appendingPathComponent("seeds/000_fe7c8f0164fce067.txt")
    static let corpus = shared.appendingPathComponent("corpus")
    static let archive = repository.appendingPathComponent("archive")
}

/// Runs `Tests/validate-json-schema.py` (Debian's python3-jsonschema) on `files`; returns its
/// exit status and what it printed about the failures.
func validateAgainstSchema(_ schema: URL, _ files: [String]) throws -> (status: Int32, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = [Paths.repository.appendingPathComponent("Tests/validate-json-schema.py").path, schema.path] + files
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

/// A sparse file of `bytes` bytes: huge on paper, nothing on disk, so size limits can be tested.
func writeSparseFile(at path: String, bytes: UInt64) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.truncate(atOffset: bytes)
    try handle.close()
}

/// The released versions of the seed policies: 2020-03-03 as scraped (typos included), then the
/// 2020-03-03.2 corrigendum that the sources in policies/ now hold.
enum SeedHistory {
    static let firstVersion = "2020-03-03"

    /// The source text of the first release of `id`, from the archive.
    static func firstRelease(_ id: String) throws -> String {
        let archive = PolicyCommandLine.Archive(folder: Paths.archive.path)
        let releases = try archive.releases().get()
        let release = try #require(releases.first { $0.id == id && $0.version == firstVersion }, "\(id) \(firstVersion) is not in the archive")
        let bytes = try #require(archive.contents(of: release.files["source.md"]!))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first release of `id` written into a copy of the project (vocabulary and settings), for
    /// tests that compile or edit it. Returns the folder and the policy's path.
    static func firstReleaseProject(_ id: String, edit: (String) -> String = { $0 }, vocabulary: (String) -> String = { $0 }) throws -> (TemporaryFolder, String) {
        let folder = try TemporaryFolder()
        for name in ["vocabulary.yaml", "policyc.yaml"] {
            let text = try String(contentsOf: Paths.policies.appendingPathComponent(name), encoding: .utf8)
            try folder.write(name == "vocabulary.yaml" ? vocabulary(text) : text, to: name)
        }
        let path = try folder.write(edit(try firstRelease(id)), to: "\(id)/policy.md")
        return (folder, path)
    }
}

/// A fresh temporary folder, removed by the caller with `cleanUp()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("policyc-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var path: String { url.path }

    @discardableResult
    func write(_ text: String, to relative: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Compares `actual` with a golden file next to the tests. With RECORD_GOLDENS=1 the file is
/// rewritten and the test fails, so a recording is never mistaken for a pass.
func assertMatchesGolden(_ actual: String, named name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try assertMatches(actual, file: Paths.fixtures.appendingPathComponent(name), named: name, sourceLocation: sourceLocation)
}

/// The same for a document of the repository that a test keeps true (`docs/…`).
func assertMatchesDocument(_ actual: String, at relative: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
    try assertMatches(actual, file: Paths.repository.appendingPathComponent(relative), named: relative, sourceLocation: sourceLocation)
}

private func assertMatches(_ actual: String, file url: URL, named name: String, sourceLocation: Testing.SourceLocation) throws {
    if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
        try Data(actual.utf8).write(to: url)
        Issue.record("recorded \(name); run again without RECORD_GOLDENS", sourceLocation: sourceLocation)
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        Issue.record(
            "\(name) differs from its golden at line \(firstDifference + 1):\n- \(firstDifference < expectedLines.count ? expectedLines[firstDifference] : "<end>")\n+ \(firstDifference < actualLines.count ? actualLines[firstDifference] : "<end>")",
            sourceLocation: sourceLocation)
    }
}

/// Whitespace-separated words, the unit in which fidelity is measured.
func words(_ text: some StringProtocol) -> [Substring] {
    Substring(text).split(whereSeparator: { $0.isWhitespace })
}

/// A small deterministic generator (SplitMix64), so random tests fail the same way every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[Int(next() % UInt64(choices.count))] }
}
