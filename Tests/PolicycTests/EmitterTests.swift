import Foundation
import PolicyCommandLine
import PolicyEmit
import PolicyModel
import Testing

/// The HTML page and the device notices, from the seed policies and from samples made to
/// stress them: CJK text, hostile mark-up, words longer than a line.
@Suite struct EmitterTests {
    static let profiles = [
        DeviceProfile(id: "receipt-58mm", label: "58 mm", kind: .printer, columns: 32),
        DeviceProfile(id: "receipt-80mm", label: "80 mm", kind: .printer, columns: 48),
        DeviceProfile(id: "handheld", label: "Handheld", kind: .screen, columns: 40, rows: 16),
        DeviceProfile(id: "pos-desktop", label: "POS", kind: .screen, columns: 64, rows: 20),
    ]

    static func compile(_ path: String) throws -> Policy {
        var compiler = Compiler()
        let result = compiler.compile([path])
        #expect(!result.hasErrors, "\(result.diagnostics)")
        return try #require(result.policies.first?.policy)
    }

    static func seedPolicies() throws -> [Policy] {
        var compiler = Compiler()
        return compiler.compile([Paths.policies.path]).policies.map(\.policy)
    }

    static func fixture(_ name: String) -> String { Paths.fixtures.appendingPathComponent(name).path }

    /// Words for comparing texts: whitespace-separated, with every CJK character a word of its
    /// own (CJK has no spaces, so a line break may fall between any two characters), and without
    /// the notice's own decoration: list and quote markers, heading underlines and page footers.
    static func words(_ text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed.allSatisfy({ $0 == "=" || $0 == "-" }) { continue }
            if trimmed.range(of: #"^\d+/\d+$"#, options: .regularExpression) != nil { continue }
            for word in line.split(whereSeparator: \.isWhitespace) {
                if word == "-" || word == ">" || word.range(of: #"^\d+\.$"#, options: .regularExpression) != nil { continue }
                var latin = ""
                for character in word {
                    if TextWrapper.isBreakableWithoutSpace(character) {
                        if !latin.isEmpty { result.append(latin); latin = "" }
                        result.append(String(character))
                    } else {
                        latin.append(character)
                    }
                }
                if !latin.isEmpty { result.append(latin) }
            }
        }
        return result
    }

    // MARK: - Column widths and wrapping

    @Test func columnWidthsFollowEastAsianWidth() {
        #expect(ColumnWidth.of("a") == 1)
        #expect(ColumnWidth.of("中") == 2)
        #expect(ColumnWidth.of("，") == 2)
        #expect(ColumnWidth.of("Ａ") == 2)
        #expect(ColumnWidth.of("e\u{0301}") == 1, "a combining mark takes no column")
        #expect(ColumnWidth.of("中文 text") == 9)
    }

    @Test func cjkNeverStartsALineWithClosingOrEndsWithOpeningPunctuation() {
        let text = "为了向您提供服务，我们会收集您的手机号码、电子邮箱地址（用于登录）和设备识别码。您可以通过「设置」关闭。"
        for width in 6...30 {
            let lines = TextWrapper(width: width).wrap(text)
            #expect(lines.joined() == text, "CJK lines join without spaces at width \(width)")
            for line in lines {
                #expect(ColumnWidth.of(line) <= width)
                #expect(!TextWrapper.closingPunctuation.contains(line.first!), "width \(width): '\(line)' starts with closing punctuation")
                #expect(!TextWrapper.openingPunctuation.contains(line.last!), "width \(width): '\(line)' ends with opening punctuation")
            }
        }
    }

    @Test func aWordLongerThanTheLineIsCutAndNothingElseIs() {
        let lines = TextWrapper(width: 10).wrap("short abcdefghijklmnopqrstuvwxyz end")
        #expect(lines == ["short", "abcdefghij", "klmnopqrst", "uvwxyz end"])
    }

    // MARK: - Full notices

    @Test(arguments: profiles)
    func seedNoticesKeepEveryWordAndFitTheProfile(profile: DeviceProfile) throws {
        for policy in try Self.seedPolicies() {
            let notice = NoticeRenderer.render(policy, profile: profile)
            try checkFits(notice, profile: profile)
            #expect(Self.words(notice) == Self.words(PlainTextRenderer.render(policy)), "\(policy.metadata.id) on \(profile.id) lost or changed words")
        }
    }

    @Test(arguments: profiles)
    func cjkNoticesKeepEveryCharacterAndTheKinsokuRules(profile: DeviceProfile) throws {
        let policy = try Self.compile(Self.fixture("cjk-sample.md"))
        let notice = NoticeRenderer.render(policy, profile: profile)
        try checkFits(notice, profile: profile)
        #expect(Self.words(notice) == Self.words(PlainTextRenderer.render(policy)))
        for line in notice.split(separator: "\n") {
            if let first = line.first { #expect(!TextWrapper.closingPunctuation.contains(first) || first.isASCII, "'\(line)'") }
            if let last = line.last { #expect(!TextWrapper.openingPunctuation.contains(last) || last.isASCII, "'\(line)'") }
        }
    }

    /// No line wider than the profile; a screen notice is whole pages, each ending in its "k/n" footer.
    func checkFits(_ notice: String, profile: DeviceProfile) throws {
        let lines = notice.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        for line in lines {
            #expect(ColumnWidth.of(line) <= profile.columns, "'\(line)' is wider than \(profile.columns) columns")
        }
        guard let rows = profile.rows else { return }
        #expect(lines.count % rows == 0)
        let pages = lines.count / rows
        for page in 0..<pages {
            let footer = lines[lines.startIndex + page * rows + rows - 1].trimmingCharacters(in: .whitespaces)
            #expect(footer == "\(page + 1)/\(pages)")
        }
    }

    @Test(arguments: profiles)
    func noticeGoldens(profile: DeviceProfile) throws {
        let policy = try Self.compile(Self.fixture("notice-sample.md"))
        try assertMatchesGolden(NoticeRenderer.render(policy, profile: profile), named: "notices/notice-sample.\(profile.id).txt")
        try assertMatchesGolden(
            ShortNoticeRenderer.render(policy, profile: profile, fullNoticePages: 3), named: "notices/notice-sample.\(profile.id).short.txt")
    }

    // MARK: - Short notices

    @Test(arguments: profiles)
    func shortNoticesFitOneScreen(profile: DeviceProfile) throws {
        for policy in try Self.seedPolicies() {
            let notice = ShortNoticeRenderer.render(policy, profile: profile, fullNoticePages: 9)
            let lines = notice.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count <= profile.rows ?? ShortNoticeRenderer.printerLineLimit)
            #expect(lines.allSatisfy { ColumnWidth.of($0) <= profile.columns })
            #expect(notice.contains("Contact: 400-6666-509"), "the contact is always on the short notice")
            #expect(notice.contains("Full text:"))
        }
    }

    @Test func theShortNoticeFollowsThePolicy() throws {
        let cameras = try #require(try Self.seedPolicies().first { $0.metadata.id == "sunmi-intelligent-cameras" })
        let wide = DeviceProfile(id: "wide", label: "wide", kind: .screen, columns: 200, rows: 40, url: "https://example.com/privacy/{id}.html")
        let notice = ShortNoticeRenderer.render(cameras, profile: wide, fullNoticePages: nil)
        #expect(notice.contains("facial features (sensitive)"), "sensitive items come first and are marked")
        #expect(notice.contains("Shared with: Related Party, Authorized Partner"))
        #expect(notice.contains("Full text: https://example.com/privacy/sunmi-intelligent-cameras.html"))
        var changed = cameras
        changed.dataItems.removeAll { $0.id == "biometric.face" }
        #expect(!ShortNoticeRenderer.render(changed, profile: wide, fullNoticePages: nil).contains("facial features"))
    }

    // MARK: - HTML

    @Test func hostileMarkupNeverReachesThePage() throws {
        let site = try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
        let page = String(decoding: site.page(for: try Self.compile(Self.fixture("hostile.md"))), as: UTF8.self).lowercased()
        for forbidden in ["<script", "<iframe", "javascript:", "vbscript:", "data:text", "data:image", "onerror", "<b>"] {
            #expect(!page.contains(forbidden), "'\(forbidden)' reached the page")
        }
        #expect(page.contains("&lt;b&gt;tags&lt;/b&gt;") == false, "raw inline HTML is omitted, not shown")
        #expect(page.contains("<!-- raw html omitted -->"))
        #expect(page.contains("text with &quot;quotes&quot;"))
        #expect(page.contains("&amp; entities &lt;script&gt; stays text"))
        #expect(page.contains("<a href=\"https://example.com/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener\">a fine link</a>"))
        #expect(page.contains("<a href=\"mailto:privacy@example.com\">mail</a>"))
        #expect(page.contains("a javascript link"), "a refused link keeps its words")
    }

    @Test func pagesMarkUpDataItemsAnchorsAndContacts() throws {
        let site = try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
        let devices = try #require(try Self.seedPolicies().first { $0.metadata.id == "sunmi-devices" })
        let page = String(decoding: site.page(for: devices), as: UTF8.self)
        #expect(page.contains("<span class=\"data-item\" data-item=\"contact.phone\" tabindex=\"0\">mobile phone number<span class=\"hint\" role=\"tooltip\">mobile phone number: user.contact.phone_number</span></span>"))
        #expect(page.contains("<a href=\"tel:400-6666-509\">400-6666-509</a>"))
        #expect(page.contains("<a href=\"mailto:privacy@sunmi.com\">privacy@sunmi.com</a>"))
        for section in devices.allSections {
            #expect(page.contains("<section id=\"\(section.id)\""), "section \(section.id) has an anchor")
            #expect(page.contains("<a href=\"#\(section.id)\">"), "the contents link to \(section.id)")
        }
        #expect(page.contains("<time datetime=\"2020-03-03\">"))
        #expect(page.contains("id=\"previous-versions\""))
    }
}
