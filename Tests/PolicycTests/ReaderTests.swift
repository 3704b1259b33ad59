import Foundation
import PolicyMarkup
import PolicyModel
import Testing

/// The reader's tree, positions included, pinned by a golden file, and its edge cases.
@Suite struct ReaderTests {
    @Test func dumpOfTheReaderSampleMatchesItsGolden() throws {
        let path = Paths.fixtures.appendingPathComponent("reader-sample.md").path
        let source = try SourceFile.load(path: path).get()
        let (document, diagnostics) = MarkdownReader.read(source)
        #expect(diagnostics.isEmpty)
        let dump = TreeDumper.dump(document).replacingOccurrences(of: Paths.fixtures.path + "/", with: "")
        try assertMatchesGolden(dump, named: "reader-sample.dump")
    }

    @Test func headingAttributesAreNotPartOfTheTitle() throws {
        let (document, _) = MarkdownReader.read(SourceFile(path: "t.md", text: "## II.How Do We Store {#storage kind=storage}\n"))
        guard case .heading(2, let content, let attributes?) = document.blocks.first?.kind else {
            Issue.record("expected a heading with attributes")
            return
        }
        #expect(content.plainText == "II.How Do We Store")
        #expect(attributes.id == "storage")
        #expect(attributes.value(for: "kind") == "storage")
        #expect(attributes.range.start == SourceLocation(line: 1, column: 23))
    }

    @Test func liquidTagsAreNotAttributeBlocks() throws {
        let (document, diagnostics) = MarkdownReader.read(SourceFile(path: "t.md", text: "## Title {% endif %}\n"))
        #expect(diagnostics.isEmpty)
        guard case .heading(_, let content, nil) = document.blocks.first?.kind else {
            Issue.record("a Liquid tag must stay in the title")
            return
        }
        #expect(content.plainText == "Title {% endif %}")
    }

    @Test func smartPunctuationIsOff() throws {
        let (document, _) = MarkdownReader.read(SourceFile(path: "t.md", text: "\"Agree\" -- it's\n"))
        guard case .paragraph(let content) = document.blocks.first?.kind else { return }
        #expect(content.plainText == "\"Agree\" -- it's")
    }

    @Test func frontMatterLinesKeepTheirNumbers() throws {
        let (document, _) = MarkdownReader.read(SourceFile(path: "t.md", text: "---\nid: x\n---\n# Title\n"))
        #expect(document.frontMatter?.yaml == "id: x")
        #expect(document.blocks.first?.range.start == SourceLocation(line: 4, column: 1))
    }

    @Test func frontMatterAloneIsReadWithoutTheBody() throws {
        let source = SourceFile(path: "t.md", text: "---\nid: x\n---\n# Title\n")
        let document = try #require(MarkdownReader.readFrontMatter(source))
        #expect(document.frontMatter?.yaml == "id: x" && document.blocks.isEmpty)
        #expect(MarkdownReader.readFrontMatter(SourceFile(path: "t.md", text: "---\nid: x\n# Title\n")) == nil)
    }

    @Test func isoDatesArePaddedAsPrintfPadsThem() {
        for (year, month, day) in [(2020, 3, 3), (999, 12, 31), (12345, 1, 1), (0, 0, 0), (-7, 5, 9), (-1234, 10, 10)] {
            #expect(WrittenDate.isoDate(year: year, month: month, day: day) == String(format: "%04d-%02d-%02d", year, month, day))
        }
    }
}
