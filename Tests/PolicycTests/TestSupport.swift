import Foundation
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
