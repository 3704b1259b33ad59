import Foundation
import PolicyCommandLine
import PolicyEmit
import PolicyImport
import Testing

/// Legacy files through the whole import — reader, source writer, compiler — back to words: the
/// compiled text must be the legacy text, word for word, whatever Markdown would make of it.
@Suite struct ImportRoundTripTests {
    /// Imports `legacy` (saved as `name`) and compiles the result; returns the compiled words of
    /// every policy, in order.
    static func roundTrip(_ legacy: String, name: String) throws -> (words: [Substring], report: Import.Report) {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write(legacy, to: name)
        let output = folder.url.appendingPathComponent("out").path
        let report = Import(paths: [path], outputFolder: output).run()
        guard report.exitCode == ExitStatus.success else { return ([], report) }
        var compiler = Compiler()
        let result = compiler.compile([output])
        #expect(!result.hasErrors, "\(result.diagnostics.filter { $0.severity == .error })")
        return (result.policies.flatMap { words(PlainTextRenderer.render($0.policy)) }, report)
    }

    /// The visible words of an HTML snippet as a browser lays them out, for comparison.
    static func htmlWords(_ html: String) -> [Substring] {
        var text = html.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        text = text.replacingOccurrences(of: "&amp;", with: "&")
        return words(text)
    }

    @Test func stylesBesidePunctuationKeepTheirWords() throws {
        let html = """
            <h1>Privacy Policy</h1><p>Updated: May 1, 2024</p><p>Acme Widgets Inc. runs this site.</p>
            <p><b>“Personal Data”</b>means data. See<b>(1)</b>below and <i>a.</i>b, <b>bold</b> and <em>(note)</em>.</p>
            <p>Visit <a href="C:\\docs\\">the folder</a> or <a href="https://example.com/a b<c>">this (page)</a>.</p>
            """
        let (compiled, _) = try Self.roundTrip(html, name: "styles.html")
        // Style runs that touch punctuation lose their style, never their words; nothing of the
        // mark-up (asterisks, link targets) reaches the text.
        #expect(compiled.joined(separator: " ").contains("“Personal Data”means data. See(1)below and a.b, bold and (note)."))
        #expect(!compiled.contains { $0.contains("*") || $0.contains("](") })
        #expect(compiled.joined(separator: " ").contains("Visit the folder or this (page)."))
    }

    @Test func nestedListsStayListsWithEveryWord() throws {
        let html = """
            <h1>Privacy Policy</h1><p>Updated: May 1, 2024</p><p>Acme Widgets Inc. runs this site.</p>
            <ul><li>alpha<ul><li>beta<p>gamma</p><ul><li>delta</li></ul></li></ul></li></ul>
            <ol><li>one<ol><li>two<ol><li>three</li></ol></li></ol></li></ol>
            """
        let (compiled, report) = try Self.roundTrip(html, name: "lists.html")
        let text = compiled.filter { $0 != "-" && $0 != "1." }.joined(separator: " ")
        #expect(text.hasSuffix("alpha beta gamma delta one two three"), "\(text)")
        let markdown = try #require(report.result.policies.first?.markdown)
        #expect(!markdown.contains("    - delta"), "a list after a paragraph starts at the margin, not as code")
        #expect(markdown.contains("1. one\n   1. two\n      1. three"))
    }

    @Test func hostileDepthIsCappedNotQuadratic() throws {
        let depth = 2000
        let html = "<h1>Privacy Policy</h1><p>Updated: May 1, 2024</p><p>Acme Widgets Inc. runs this site.</p>" + String(repeating: "<ul><li>x", count: depth)
        let (compiled, report) = try Self.roundTrip(html, name: "deep.html")
        #expect(compiled.filter { $0 == "x" }.count == depth)
        let markdown = try #require(report.result.policies.first?.markdown)
        #expect(markdown.utf8.count < 100_000, "indentation stops growing after eight levels")
    }

    @Test func plainTextEdgeCasesKeepEveryWord() throws {
        let legacy = "\u{FEFF}'Acme' Privacy Policy {v2}\r\n\r\nUpdate Date: May 1, 2024 Effective Date: May 1, 2024\r\nAcme Widgets Inc. runs this site.\r\n+ not a list, # not a heading, ` tick, <br> & &copy;\r\nI.How We Collect Your Information {draft}\r\nWe collect your email address.\r\nII.Updated versions of this policy\r\nUpdated versions are posted here.\r\n"
        let (compiled, report) = try Self.roundTrip(legacy, name: "edge.txt")
        #expect(report.result.policies.count == 1, "a section starting with 'Updated' is not a new policy")
        #expect(report.result.policies.first?.title == "'Acme' Privacy Policy {v2}")
        let expected = words(legacy.replacingOccurrences(of: "\u{FEFF}", with: ""))
        #expect(compiled == expected)
    }

    @Test func longEnumerationsAndManyIdsImport() throws {
        // Quadratic work here once took minutes; the test only needs it to finish correctly.
        let items = (0..<5000).map { "item\($0) data" }.joined(separator: ", ")
        let mails = (0..<2000).map { "user\($0)@example.com" }.joined(separator: " ")
        let legacy = "Privacy Policy\n\nUpdate Date: May 1, 2024\nAcme Widgets Inc. runs this site.\nI.How We Collect Information\nWe collect \(items) and more.\nII.How to Contact Us\nWrite to \(mails).\n"
        let (compiled, report) = try Self.roundTrip(legacy, name: "long.txt")
        #expect(compiled == words(legacy))
        #expect(report.result.entries.filter { $0.kind == .contact }.count == 2000)
    }
}
