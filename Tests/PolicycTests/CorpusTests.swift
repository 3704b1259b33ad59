import Foundation
import PolicyCommandLine
import PolicyModel
import Testing

/// 320 real versions of GitHub's policies (unannotated Markdown, their own front matter,
/// Liquid tags, tables, raw HTML) compile without an error into sections with kinds and contacts.
@Suite struct CorpusTests {
    /// The corpus files in INDEX.tsv row order (the order of versions, not of file names).
    static func indexedPaths() throws -> [String] {
        let index = try String(contentsOf: Paths.corpus.appendingPathComponent("INDEX.tsv"), encoding: .utf8)
        let rows = index.split(separator: "\n").dropFirst()
        return rows.map { row in
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            return Paths.corpus.appendingPathComponent(String(columns[5])).path
        }
    }

    @Test func everyCorpusFileCompilesWithoutErrors() throws {
        let paths = try Self.indexedPaths()
        #expect(paths.count == 320)
        var compiler = Compiler()
        let result = compiler.compile(paths)
        #expect(result.policies.count == 320)
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(5).map(\.description))")

        var kinds: [SectionKind: Int] = [:]
        let withoutHeadings = result.policies.filter { $0.policy.sections.isEmpty }.count
        #expect(withoutHeadings < 20, "\(withoutHeadings) documents without sections")
        let emailContacts = result.policies.filter { $0.policy.contacts.contains { $0.kind == .email } }.count
        #expect(emailContacts > 100, "mailto: links and bare addresses are contacts; found in \(emailContacts) files")
        for compiled in result.policies {
            let policy = compiled.policy
            // A few short notices have no heading at all: their text is the preamble.
            #expect(!policy.sections.isEmpty || !policy.preamble.isEmpty, "\(compiled.source.path) lost its text")
            #expect(!policy.metadata.title.isEmpty, "\(compiled.source.path) has no title")
            for section in policy.allSections { kinds[section.kind, default: 0] += 1 }
        }
        // The classifier must find the kinds privacy statements are made of.
        for kind in [SectionKind.collection, .sharing, .storage, .rights, .contact, .cookies, .update, .minors, .protection] {
            #expect(kinds[kind, default: 0] > 0, "no \(kind) section recognised in the corpus")
        }
        let classified = kinds.filter { $0.key != .general }.values.reduce(0, +)
        let total = kinds.values.reduce(0, +)
        #expect(Double(classified) / Double(total) > 0.5, "only \(classified) of \(total) sections have a kind")
    }

    @Test func theLatestPrivacyStatementHasContactsAndKinds() throws {
        let statement = try #require(try Self.indexedPaths().last { $0.contains("/github-privacy-statement/") })
        var compiler = Compiler()
        let result = compiler.compile([statement])
        let policy = try #require(result.policies.first?.policy)
        #expect(policy.metadata.title == "GitHub General Privacy Statement")
        #expect(policy.metadata.effective == "2024-02-01", "read from the text 'Effective date: February 1, 2024'")
        // It writes "dpo[at]github[dot]com" to keep address harvesters away.
        #expect(policy.contacts.contains { $0.kind == .email && $0.value == "dpo@github.com" })
        #expect(policy.allSections.contains { $0.kind == .contact })
        #expect(policy.allSections.contains { $0.kind == .sharing })
    }
}
