import Foundation
import PolicyCommandLine
@testable import PolicyDiff
import PolicyStatements
import Testing

/// Generated sentences of the lexicon's own words, markers, punctuation, numbers and other
/// scripts, in every order: the reader and the statement diff read each without trapping, and a
/// sentence read twice gives the same statements. (The index traps a reviewer found by reading
/// the code — a marker past its clause, a number past Int — were of this kind.)
@Suite struct StatementRobustnessTests {
    static let pieces = [
        "we", "We", "you", "our partners", "advertising partners", "SUNMI", "Acme Inc.", "Google", "will", "may", "not", "never", "no",
        "shall", "need to", "collect", "collects", "use", "share", "shared", "transfer", "disclose", "sell", "store", "retain", "delete",
        "commit", "charge", "respond", "with", "to", "for", "in order to", "so that", "for the purpose of", "unless", "except",
        "except where", "except for", "other than", "without", "if", "when", "where", "by", "from", "in", "outside", "China", "abroad",
        "your", "the", "a", "device logs", "IP address", "precise location", "information", "data", "consent", "separate consent",
        "your authorization separately", "15", "99999999999999999999", "days", "years", "permanently", "fifteen", ",", ";", ":", ".",
        "(", ")", "“", "”", "'", "’", "-", "e.g.", "i.e.", "etc.", "and", "or", "nor", "and/or", "as well as", "such as", "including",
        "个人信息", "我们不会共享", "café", "cafe\u{301}", "👩‍👩‍👧", "\u{200B}", "Co., Ltd.", "No.", "U.S.", "。", "!", "?",
    ]

    static func sentence(_ generator: inout SeededGenerator, words: Int) -> String {
        (0..<words).map { _ in generator.pick(pieces) }.joined(separator: generator.next() % 5 == 0 ? "" : " ")
    }

    @Test func randomSentencesAreReadWithoutTrapping() {
        var generator = SeededGenerator(seed: 13)
        let reader = StatementReader()
        for round in 0..<3000 {
            let text = Self.sentence(&generator, words: 1 + Int(generator.next() % UInt64(round % 7 == 0 ? 120 : 25)))
            let statements = reader.statements(in: text)
            for statement in statements {
                #expect(statement.span.upperBound <= text.utf8.count, "\(text)")
                #expect(!statement.actions.isEmpty)
            }
            #expect(reader.statements(in: text) == statements, "reading is deterministic: \(text)")
        }
    }

    @Test func randomEditsAreDiffedWithoutTrapping() throws {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<150 {
            let paragraphs = (0..<(1 + Int(generator.next() % 4))).map { _ in Self.sentence(&generator, words: 4 + Int(generator.next() % 20)) }
            var edited = paragraphs
            let index = Int(generator.next() % UInt64(edited.count))
            switch generator.next() % 3 {
            case 0: edited[index] = Self.sentence(&generator, words: 4 + Int(generator.next() % 20))
            case 1: edited.remove(at: index)
            default: edited.insert(Self.sentence(&generator, words: 6), at: index)
            }
            func document(_ paragraphs: [String]) -> String {
                "# Policy\n\n## Sharing\n\n" + paragraphs.joined(separator: "\n\n") + "\n"
            }
            let folder = try TemporaryFolder()
            defer { folder.cleanUp() }
            let old = try folder.write(document(paragraphs), to: "old/p/policy.md")
            let new = try folder.write(document(edited), to: "new/p/policy.md")
            let outcome = Differ().compare(old, new, profile: .pipl)
            let report = try #require(outcome.report, "\(outcome.diagnostics)")
            // Fail closed: a changed paragraph in a sharing section is never silently minor.
            for change in report.changes where change.subject == .text && change.severity == .minor && !change.isEditorial {
                #expect(!change.reason.isEmpty, "a minor change always says why")
            }
        }
    }
}
