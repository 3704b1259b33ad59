import Foundation
import PolicyCommandLine
import PolicyDiff
import PolicyEmit
import PolicyModel
import Testing

/// Every consecutive pair of versions in the real corpus, in INDEX.tsv order: no crash, white
/// space alone is no change, front matter alone is never major. The verdicts are kept in
/// `docs/corpus-history.md`, which this test checks (RECORD_GOLDENS=1 rewrites it).
@Suite struct HistoryTests {
    struct Row {
        let document: String
        let date: String
        let path: String
    }

    static func rows() throws -> [Row] {
        let index = try String(contentsOf: Paths.corpus.appendingPathComponent("INDEX.tsv"), encoding: .utf8)
        return index.split(separator: "\n").dropFirst().map { line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Row(document: columns[1], date: columns[2], path: Paths.corpus.appendingPathComponent(columns[5]).path)
        }
    }

    /// The body after the front matter, and with all white space removed.
    static func body(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 4)..<text.endIndex) else {
            return text
        }
        return String(text[end.upperBound...])
    }

    @Test func everyConsecutivePairDiffs() throws {
        let rows = try Self.rows()
        var compiler = Compiler()
        let result = compiler.compile(rows.map(\.path))
        #expect(result.policies.count == rows.count)
        let policies = Dictionary(result.policies.map { ($0.source.path, $0.policy) }, uniquingKeysWith: { first, _ in first })
        var lines: [String] = []
        var totals: [String: [PolicyDiffReport.Verdict: Int]] = [:]
        var documents: [String] = []
        var whitespaceOnly = 0, frontMatterOnly = 0, whitespaceUnchanged = 0, frontMatterMajor = 0
        for (old, new) in zip(rows, rows.dropFirst()) where old.document == new.document {
            let before = try #require(policies[old.path]), after = try #require(policies[new.path])
            let report = PolicyDiff.compare(before, after, profile: .pipl)
            let oldBody = try Self.body(old.path), newBody = try Self.body(new.path)
            let oldFile = try String(contentsOfFile: old.path, encoding: .utf8), newFile = try String(contentsOfFile: new.path, encoding: .utf8)
            if oldFile != newFile, oldFile.filter({ !$0.isWhitespace }) == newFile.filter({ !$0.isWhitespace }) {
                whitespaceOnly += 1
                if report.verdict == .unchanged { whitespaceUnchanged += 1 }
                #expect(report.verdict == .unchanged, "\(old.path) → \(new.path) differ only in white space: \(report.changes.map(\.summary))")
            }
            if oldBody == newBody, oldFile != newFile {
                frontMatterOnly += 1
                if report.verdict == .major { frontMatterMajor += 1 }
                #expect(report.verdict != .major, "\(old.path) → \(new.path) differ only in front matter")
            }
            if totals[new.document] == nil { documents.append(new.document) }
            totals[new.document, default: [:]][report.verdict, default: 0] += 1
            let majors = report.changes.filter { $0.severity == .major }, reviews = report.changes.filter { $0.severity == .review }
            let counts = "\(majors.count) major, \(reviews.count) to review, \(report.changes.count - majors.count - reviews.count) minor"
            let first = (majors.first ?? reviews.first).map { ": " + $0.summary.replacingOccurrences(of: "|", with: "\\|") } ?? ""
            lines.append("| \(new.document) | \(old.date) → \(new.date) | \(report.verdict.rawValue) | \(counts)\(first) |")
        }
        var doc = """
            # The corpus history, diffed

            `HistoryTests` diffs every consecutive pair of versions of each document in \
            `../shared/corpus` (rows of `INDEX.tsv`, in order) with `policyc diff`'s engine and \
            the PIPL profile, and checks this file against what it finds (`RECORD_GOLDENS=1 swift \
            test --filter HistoryTests` rewrites it). The documents are unannotated Markdown, so \
            major changes come from the statements read from their sentences (a promise withdrawn, \
            a new recipient, data, purpose or region, a consent dropped, a right narrowed) and from \
            recognised entities (a new e-mail address, phone number or postal address, a right's \
            wording removed, an exception added). A substantive change policyc cannot explain is \
            `review`.

            Pairs that differ only in white space: \(whitespaceOnly), of which \(whitespaceUnchanged) \
            come out `unchanged`. Pairs that differ only in front matter: \(frontMatterOnly), of which \
            \(frontMatterMajor) come out `major`.

            | document | pairs | unchanged | minor | review | major |
            | --- | ---: | ---: | ---: | ---: | ---: |

            """
        var sums: [PolicyDiffReport.Verdict: Int] = [:]
        for document in documents {
            let counts = totals[document]!
            for (verdict, count) in counts { sums[verdict, default: 0] += count }
            let pairs = counts.values.reduce(0, +)
            doc += "| \(document) | \(pairs) | \(counts[.unchanged] ?? 0) | \(counts[.minor] ?? 0) | \(counts[.review] ?? 0) | \(counts[.major] ?? 0) |\n"
        }
        doc += "| **all** | **\(sums.values.reduce(0, +))** | **\(sums[.unchanged] ?? 0)** | **\(sums[.minor] ?? 0)** | **\(sums[.review] ?? 0)** | **\(sums[.major] ?? 0)** |\n"
        doc += "\n## Every pair\n\n| document | versions | verdict | changes (first major one, else the first to review) |\n| --- | --- | --- | --- |\n"
        doc += lines.joined(separator: "\n") + "\n"
        #expect(sums.values.reduce(0, +) == rows.count - documents.count)
        try assertMatchesDocument(doc, at: "docs/corpus-history.md")
    }

    /// `policyc diff` of two folders prepares every version together, sharing each distinct
    /// wording among them; the reports must be exactly those of each pair prepared on its own.
    @Test func versionsPreparedTogetherDiffAsPairsPreparedAlone() throws {
        let rows = try Self.rows()
        var compiler = Compiler()
        let result = compiler.compile(rows.map(\.path))
        let policies = Dictionary(result.policies.map { ($0.source.path, $0.policy) }, uniquingKeysWith: { first, _ in first })
        let versions = try rows.map { try #require(policies[$0.path]) }
        let together = PreparedPolicy.prepare(versions)
        var compared = 0
        for index in rows.indices.dropLast() where rows[index].document == rows[index + 1].document {
            let shared = PolicyDiff.compare(together[index], together[index + 1])
            let alone = PolicyDiff.compare(versions[index], versions[index + 1])
            #expect(DiffReportRenderer.json(shared).serialized() == DiffReportRenderer.json(alone).serialized(),
                    "\(rows[index].path) → \(rows[index + 1].path)")
            compared += 1
        }
        #expect(compared == rows.count - Set(rows.map(\.document)).count)
    }
}
