import Foundation
import PolicyCommandLine
import PolicyEmit
import PolicyMarkup
import PolicyModel
import Testing

/// Generated documents that mix what real input throws at the pipeline — CJK and emoji,
/// combining marks, words longer than any line, tables, nested lists, raw HTML, template tags,
/// broken attribute blocks — must compile and emit without a crash, and every emitter must keep
/// its promises on them. The generator is seeded, so a failure is reproducible.
@Suite struct RobustnessTests {
    static let pieces = [
        "privacy", "data", "the", "we", "collect", "your", "中文隐私政策", "个人信息，", "（设备）", "「设置」", "。",
        "e\u{0301}", "naïve", "😀", "👩‍👩‍👧", "Ａｂｃ", "supercalifragilisticexpialidociouswordwithoutanyspaceatall",
        "[a link](https://example.com)", "[item](item:x.y)", "<b>", "</b>", "<script>alert(1)</script>",
        "{% if x %}", "{{ var }}", "*emphasis*", "**strong**", "`code`", "~~gone~~", "&amp;", "\\*", "100%", "(1)", "(2)",
    ]

    static func document(_ generator: inout SeededGenerator) -> String {
        var text = "# Generated \(generator.next() % 1000)\n\n"
        for _ in 0..<Int(generator.next() % 12 + 1) {
            let words = (0..<Int(generator.next() % 40 + 1)).map { _ in generator.pick(pieces) }.joined(separator: generator.pick([" ", " ", " ", "", "  "]))
            switch generator.next() % 8 {
            case 0: text += "## \(words) {#s\(generator.next() % 5) kind=\(generator.pick(["collection", "storage", "nonsense"]))}\n\n"
            case 1: text += "- \(words)\n  - \(words)\n- \(words)\n\n"
            case 2: text += "| a | b |\n| --- | :-: |\n| \(words) | \(words) |\n\n"
            case 3: text += "1. \(words)\n2. \(words)\n\n"
            case 4: text += "> \(words)\n\n"
            case 5: text += "<div>\(words)</div>\n\n"
            case 6: text += "### \(words) {#broken\n\n"
            default: text += "\(words)\n\n"
            }
        }
        return text
    }

    @Test func generatedDocumentsCompileAndEmitWithinTheirPromises() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // Seeded, so every run sees the same documents.
        var generator = SeededGenerator(seed: 20_201_125)
        let profiles = EmitterTests.profiles
        let site = try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
        for index in 0..<150 {
            let path = try folder.write(Self.document(&generator), to: "doc\(index).md")
            var compiler = Compiler()
            let result = compiler.compile([path])
            let policy = try #require(result.policies.first?.policy, "document \(index) did not compile")
            let plainWords = EmitterTests.words(PlainTextRenderer.render(policy))
            for (profile, notice) in zip(profiles, NoticeRenderer.render(policy, profiles: profiles)) {
                let text = String(decoding: notice.text, as: UTF8.self)
                for line in text.split(separator: "\n") where ColumnWidth.of(line) > profile.columns {
                    Issue.record("document \(index), \(profile.id): '\(line)' is wider than \(profile.columns)")
                }
                // Words longer than a line are cut, so compare the characters in order, spaces aside.
                #expect(EmitterTests.words(text).joined() == plainWords.joined(), "document \(index), \(profile.id) lost or moved text")
                #expect(notice.pageCount == profile.rows.map { rows in text.utf8.count { $0 == UInt8(ascii: "\n") } / rows })
                let short = ShortNoticeRenderer.render(policy, profile: profile, fullNoticePages: notice.pageCount)
                #expect(short.split(separator: "\n").count <= profile.rows ?? ShortNoticeRenderer.printerLineLimit)
            }
            let page = String(decoding: site.page(for: policy), as: UTF8.self)
            #expect(!page.contains("<script"), "document \(index): a script reached the page")
            _ = ManifestEmitter.manifest(for: policy, sourcePath: "doc\(index).md").serialized()
        }
    }
}
