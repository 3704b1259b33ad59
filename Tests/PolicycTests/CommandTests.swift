import Foundation
import Testing

/// Command tests in the style of pandoc's `test/command/*.md`: each file in `Commands/` holds
/// cases of a command line, its exit status and the lines it must print.
///
/// ```
/// $ policyc build Tests/PolicycTests/Fixtures/projects/broken -o $TMP/out
/// ? 1
/// 2> …a line the command must print on stderr…
/// > …a line it must print on stdout…
/// ```
/// Commands run from the repository root; `$TMP` is a fresh folder per case. Expected lines
/// must all appear, in order; other lines may come between them.
@Suite struct CommandTests {
    struct Case: CustomStringConvertible {
        var file: String
        var line: Int
        var arguments: [String]
        var status: Int32 = 0
        var stdout: [String] = []
        var stderr: [String] = []
        var description: String { "\(file):\(line) policyc \(arguments.joined(separator: " "))" }
    }

    static func cases() throws -> [Case] {
        let folder = Paths.repository.appendingPathComponent("Tests/PolicycTests/Commands")
        var result: [Case] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.hasPrefix("$ policyc") {
                    let arguments = line.dropFirst("$ policyc".count).split(separator: " ").map(String.init)
                    result.append(Case(file: name, line: index + 1, arguments: arguments))
                } else if line.hasPrefix("? "), !result.isEmpty {
                    result[result.count - 1].status = Int32(line.dropFirst(2)) ?? -1
                } else if line.hasPrefix("2> "), !result.isEmpty {
                    result[result.count - 1].stderr.append(String(line.dropFirst(3)))
                } else if line.hasPrefix("> "), !result.isEmpty {
                    result[result.count - 1].stdout.append(String(line.dropFirst(2)))
                }
            }
        }
        return result
    }

    /// The `policyc` executable `swift test` built beside the test bundle.
    static var executable: URL {
        Bundle.main.bundleURL.appendingPathComponent("policyc")
    }

    @Test(arguments: try CommandTests.cases())
    func command(_ testCase: Case) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = testCase.arguments.map { $0.replacingOccurrences(of: "$TMP", with: folder.path) }
        process.currentDirectoryURL = Paths.repository
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == testCase.status, "\(testCase)\nstdout:\n\(stdout)\nstderr:\n\(stderr)")
        func expectLines(_ expected: [String], in actual: String, stream: String) {
            var remaining = actual.replacingOccurrences(of: folder.path, with: "$TMP").split(separator: "\n").map(String.init)[...]
            for line in expected {
                guard let found = remaining.firstIndex(of: line) else {
                    Issue.record("\(testCase): \(stream) lacks the line\n  \(line)\nin:\n\(actual)")
                    return
                }
                remaining = remaining[(found + 1)...]
            }
        }
        expectLines(testCase.stdout, in: stdout, stream: "stdout")
        expectLines(testCase.stderr, in: stderr, stream: "stderr")
    }
}
