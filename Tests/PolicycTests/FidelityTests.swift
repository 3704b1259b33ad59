import Foundation
import PolicyCommandLine
import PolicyEmit
import Testing

/// Legal text is sacred: the compiled text of each seed policy has exactly the seed's words,
/// in order — typos, odd spacing and repeated sentences included.
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

    @Test(arguments: ["sunmi-devices", "sunmi-device-operation-data", "sunmi-intelligent-cameras"])
    func compiledTextHasTheSeedWordsInOrder(id: String) throws {
        let seedText = try #require(Self.seedPolicies()[id])
        var compiler = Compiler()
        let result = compiler.compile([Paths.policies.appendingPathComponent("\(id)/policy.md").path])
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

    @Test func theSeedKeepsItsTyposAndRepetitions() throws {
        var compiler = Compiler()
        let result = compiler.compile([Paths.policies.path])
        let texts = result.policies.map { PlainTextRenderer.render($0.policy) }.joined()
        for typo in ["cemera", "carmeras", "jobbery", "Effective Date:March 3, 2020", "“SUNMI“"] {
            #expect(texts.contains(typo), "\(typo) must survive compilation")
        }
        let repeated = "If facts prove that we have collected the personal information of a minor without prior consent"
        #expect(texts.components(separatedBy: repeated).count - 1 == 2)
    }
}
