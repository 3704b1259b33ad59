import Foundation
import PolicyCommandLine
import PolicyEmit
import Testing

/// Legal text is sacred: the compiled text of each seed policy's first release has exactly the
/// seed's words, in order — typos, odd spacing and repeated sentences included — and the second
/// version changes nothing but the corrections.
@Suite struct FidelityTests {
    /// The seed file cut into its policies at their title lines. The Chinese anti-fraud notice
    /// after the last policy is not part of any policy (see policies/README.md).
    static func seedPolicies() throws -> [String: String] {
        let seed = try String(contentsOf: Paths.seed, encoding: .utf8)
        let lines = seed.split(separator: "\n", omittingEmptySubsequences: false)
        let titles = [
            "Privacy Policy of SUNMI Devices": "sunmi-devices",
            "Rules for Protection of SUNMI Device Operation Data": "sunmi-device-operation-data",
            "Privacy Policy of SUNMI Intelligent Cameras": "sunmi-intelligent-cameras",
        ]
        var result: [String: String] = [:]
        var current: String?
        for line in lines {
            if let id = titles[String(line)] { current = id }
            if line == "反诈骗信息" { current = nil }
            if let current { result[current, default: ""] += line + "\n" }
        }
        return result
    }

    /// The first release (2020-03-03) is the seed as scraped; it is compiled from the archive.
    @Test(arguments: ["sunmi-devices", "sunmi-device-operation-data", "sunmi-intelligent-cameras"])
    func compiledTextHasTheSeedWordsInOrder(id: String) throws {
        let seedText = try #require(Self.seedPolicies()[id])
        let (folder, path) = try SeedHistory.firstReleaseProject(id)
        defer { folder.cleanUp() }
        var compiler = Compiler()
        let result = compiler.compile([path])
        #expect(!result.hasErrors)
        let policy = try #require(result.policies.first?.policy)
        let compiled = PlainTextRenderer.render(policy)
        // The seed's bullets are the scraped page's list markers, as "- " is the compiled text's.
        let seedWords = words(seedText).filter { $0 != "•" }
        let compiledWords = words(compiled).filter { $0 != "-" }
        let firstDifference = zip(seedWords, compiledWords).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(firstDifference == nil, "first differing word at \(firstDifference ?? -1): seed '\(firstDifference.map { seedWords[$0] } ?? "")' vs compiled '\(firstDifference.map { compiledWords[$0] } ?? "")'")
        #expect(seedWords.count == compiledWords.count)
        #expect(seedWords.count > 900)
    }

    @Test func theFirstReleaseKeepsTheSeedsTyposAndRepetitions() throws {
        var texts = ""
        for id in ["sunmi-devices", "sunmi-device-operation-data", "sunmi-intelligent-cameras"] {
            let (folder, path) = try SeedHistory.firstReleaseProject(id)
            defer { folder.cleanUp() }
            var compiler = Compiler()
            texts += try #require(compiler.compile([path]).policies.first.map { PlainTextRenderer.render($0.policy) })
        }
        for typo in ["cemera", "carmeras", "jobbery", "Effective Date:March 3, 2020", "“SUNMI“"] {
            #expect(texts.contains(typo), "\(typo) must survive compilation")
        }
        let repeated = "If facts prove that we have collected the personal information of a minor without prior consent"
        #expect(texts.components(separatedBy: repeated).count - 1 == 2)
    }

    /// The current sources are the second version: they differ from the seed only by the
    /// corrections listed in policies/README.md, every one of them editorial.
    @Test(arguments: ["sunmi-devices", "sunmi-device-operation-data", "sunmi-intelligent-cameras"])
    func theSecondVersionOnlyCorrectsTheSeed(id: String) throws {
        let (folder, path) = try SeedHistory.firstReleaseProject(id)
        defer { folder.cleanUp() }
        let outcome = Differ().compare(path, Paths.policies.appendingPathComponent("\(id)/policy.md").path, profile: .pipl)
        let report = try #require(outcome.report)
        #expect(report.verdict == .minor)
        let substantive = report.changes.filter { !$0.isEditorial && $0.subject != .metadata }
        #expect(substantive.isEmpty, "\(substantive.map(\.summary))")
        #expect(report.changes.contains { $0.subject == .metadata && $0.id == "version" })
        let current = try String(contentsOf: Paths.policies.appendingPathComponent("\(id)/policy.md"), encoding: .utf8)
        for typo in ["cemera", "carmeras", "jobbery", "Date:March", "“SUNMI“"] {
            #expect(!current.contains(typo), "\(typo) is corrected in the second version")
        }
    }
}
