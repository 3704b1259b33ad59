import Foundation
import PolicyCommandLine
import PolicyEmit
import PolicyMarkup
import Testing

/// No depth of nesting in an input crashes a command: each construct nested 100,000 levels deep
/// goes through the reader, the dumper, a build, lint, diff and import, and is either read as
/// it is or cut at `MarkdownReader.nestingLimit` with a located error.
@Suite struct NestingDepthTests {
    static let levels = 100_000

    /// A construct nested `levels` deep on one line, and the column of the error: the first node
    /// past the limit (for emphasis, cmark-gfm places every level at the paragraph's start).
    struct Construct: CustomTestStringConvertible, Sendable {
        var name: String
        var source: String
        var errorColumn: Int?
        var testDescription: String { name }
    }

    static let constructs = [
        Construct(name: "block quotes", source: String(repeating: "> ", count: levels) + "x", errorColumn: 201),
        // A list and its item are two levels: 50 lists and their items reach the limit.
        Construct(name: "bullet lists", source: String(repeating: "- ", count: levels) + "x", errorColumn: 101),
        Construct(name: "ordered lists", source: String(repeating: "1. ", count: levels) + "x", errorColumn: 151),
        Construct(name: "emphasis", source: String(repeating: "*", count: levels) + "x" + String(repeating: "*", count: levels), errorColumn: 1),
        // A link cannot hold a link: the innermost brackets are the link, the others its text.
        Construct(name: "links", source: String(repeating: "[", count: levels) + "x" + String(repeating: "](u)", count: levels), errorColumn: nil),
        Construct(name: "images", source: String(repeating: "![", count: levels) + "x" + String(repeating: "](u)", count: levels), errorColumn: 199),
    ]

    static let frontMatter = "---\nid: deep\ntitle: Deep\nversion: 2024-01-01\neffective: 2024-01-01\n---\n\n# Deep\n\n"

    /// Where the construct starts in a policy file: after the front matter and the title.
    static let firstLine = 10

    func expectCut(_ diagnostics: [Diagnostic], _ construct: Construct, line: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let tooDeep = diagnostics.filter { $0.id == .nestingTooDeep }
        guard let column = construct.errorColumn else {
            #expect(tooDeep.isEmpty, "\(tooDeep.map(\.description))", sourceLocation: sourceLocation)
            return
        }
        #expect(tooDeep.map(\.range.start) == [SourceLocation(line: line, column: column)], "\(tooDeep.map(\.description))", sourceLocation: sourceLocation)
        #expect(tooDeep.first?.severity == .error, sourceLocation: sourceLocation)
        #expect(tooDeep.first?.message == "nesting deeper than 100 levels; what is nested deeper is left out", sourceLocation: sourceLocation)
    }

    @Test(arguments: constructs) func readerAndDumper(_ construct: Construct) {
        let (document, diagnostics) = MarkdownReader.read(SourceFile(path: "deep.md", text: construct.source + "\n"))
        expectCut(diagnostics, construct, line: 1)
        let dump = TreeDumper.dump(document)
        let deepest = dump.split(separator: "\n").map { $0.prefix { $0 == " " }.count / 2 }.max() ?? 0
        if construct.errorColumn == nil {
            #expect(dump.contains("├─ Link destination=\"u\" @1:100000-1:100006"), "\(dump.suffix(500))")
            #expect(dump.contains("├─ Text \"x\" @1:100001-1:100002"))
        } else {
            // The first level is not indented; the last kept one is level 100.
            #expect(deepest == MarkdownReader.nestingLimit - 1)
            #expect(!dump.contains("\"x\""))
        }
    }

    @Test(arguments: constructs) func buildLintAndDiff(_ construct: Construct) throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let old = try folder.write(Self.frontMatter + construct.source + "\n", to: "old/policy.md")
        let new = try folder.write(Self.frontMatter + "We collect your name.\n\n" + construct.source + "\n", to: "new/policy.md")

        var compiler = Compiler()
        let result = compiler.compile([old])
        expectCut(result.diagnostics, construct, line: Self.firstLine)
        // The model and every emitter run on what was read, cut or not.
        let policy = try #require(result.policies.first?.policy)
        let site = try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
        let page = String(decoding: site.page(for: policy), as: UTF8.self)
        #expect(page.contains("<h1") && page.contains("Deep"))
        if construct.errorColumn == nil { #expect(page.contains("<a href=\"u\">x</a>")) }
        #expect(!NoticeRenderer.render(policy, profiles: EmitterTests.profiles).isEmpty)
        _ = ManifestEmitter.manifest(for: policy, sourcePath: "old/policy.md").serialized()

        let lint = Lint(paths: [old]).run()
        expectCut(lint.diagnostics, construct, line: Self.firstLine)

        let outcome = Differ().compare(old, new, profile: .pipl)
        expectCut(outcome.diagnostics.filter { $0.range.file == old }, construct, line: Self.firstLine)
        expectCut(outcome.diagnostics.filter { $0.range.file == new }, construct, line: Self.firstLine + 2)
        // A source with an error is not compared; one read whole is.
        if construct.errorColumn == nil {
            #expect(try #require(outcome.report).changes.count >= 1, "the added paragraph is a change")
        } else {
            #expect(outcome.report == nil)
        }
    }

    /// A structure within the limit is read whole and published whole.
    @Test func nestingWithinTheLimitIsKept() throws {
        // The quotes, their paragraph and its text: exactly the limit.
        let depth = MarkdownReader.nestingLimit - 2
        let source = String(repeating: "> ", count: depth) + "We collect your name.\n"
        let (document, diagnostics) = MarkdownReader.read(SourceFile(path: "deep.md", text: source))
        #expect(diagnostics.isEmpty)
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write(Self.frontMatter + source, to: "policy.md")
        var compiler = Compiler()
        let result = compiler.compile([path])
        #expect(result.diagnostics.filter { $0.id == .nestingTooDeep }.isEmpty)
        let page = String(decoding: try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
            .page(for: try #require(result.policies.first?.policy)), as: UTF8.self)
        #expect(page.components(separatedBy: "<blockquote>").count - 1 == depth)
        #expect(page.contains("We collect your name."))
        #expect(TreeDumper.dump(document).contains("Text \"We collect your name.\" @1:\(2 * depth + 1)"))
    }

    /// libxml2 and the importer's walk take a page nested 100,000 deep; every word is kept.
    @Test(arguments: ["div", "ul><li", "em", "blockquote"]) func importOfNestedHTML(_ tag: String) throws {
        let closing = "</" + tag.split(separator: "<").map { $0.replacingOccurrences(of: ">", with: "") }.reversed().joined(separator: "></") + ">"
        let html = "<html><body><h1>Privacy Policy</h1>" + String(repeating: "<\(tag)>", count: Self.levels)
            + "We collect your name." + String(repeating: closing, count: Self.levels) + "</body></html>\n"
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let input = try folder.write(html, to: "policy.html")
        let report = Import(paths: [input], outputFolder: folder.path + "/imported").run()
        #expect(report.exitCode == ExitStatus.success, "\(report.diagnostics.map(\.description))")
        let written = try String(contentsOfFile: folder.path + "/imported/privacy-policy/policy.md", encoding: .utf8)
        #expect(written.contains("# Privacy Policy"))
        #expect(written.contains("We collect your name."))
    }
}
