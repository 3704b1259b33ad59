import Foundation
import PolicyImport
import PolicyMarkup
import Testing

/// `HTMLReader`: legacy policy pages read through libxml2's HTML parser into legacy documents,
/// every visible word kept in order, and every kind of hostile page survived.
@Suite struct HTMLImportTests {
    static func read(_ html: String, path: String = "policy.html") -> LegacyReading {
        HTMLReader.read(bytes: Array(html.utf8), path: path)
    }

    /// The only document of a page, which must read without diagnostics.
    static func document(_ html: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> LegacyDocument {
        let reading = read(html)
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics)", sourceLocation: sourceLocation)
        #expect(reading.documents.count == 1, sourceLocation: sourceLocation)
        return try #require(reading.documents.first, sourceLocation: sourceLocation)
    }

    /// Every word a reading imported, in order: each title, then its blocks, tables cell by cell.
    static func importedWords(_ reading: LegacyReading) -> [Substring] {
        reading.documents.flatMap { document in
            words(document.title) + document.blocks.flatMap { block -> [Substring] in
                guard case .table(let rows, _) = block.kind else { return words(block.plainText) }
                return rows.flatMap { $0 }.flatMap { cell in words(cell.map(\.plainText).joined()) }
            }
        }
    }

    // MARK: - Structure

    @Test func headingsAndParagraphsWithTheirFormatting() throws {
        let document = try Self.document("""
            <!DOCTYPE html>
            <html><head><title>Example — Privacy</title></head>
            <body>
            <h1>Privacy   Policy</h1>
            <p>We <b>never</b> sell <strong>your data</strong>; see <em>Section 2</em>, <i>below</i> and <code>privacy@example.com</code>.</p>
            <h2>1. What we collect</h2>
            <p>Your name.</p>
            <h3>1.1 Devices</h3>
            <p>Your device <span>model</span>.</p>
            </body></html>
            """)
        #expect(document.title == "Privacy Policy")
        #expect(document.line == 4)
        #expect(document.blocks.map(\.kind) == [.paragraph, .heading(level: 2), .paragraph, .heading(level: 3), .paragraph])
        #expect(document.blocks[0].inlines == [
            .text("We "), .strong("never"), .text(" sell "), .strong("your data"), .text("; see "), .emphasis("Section 2"),
            .text(", "), .emphasis("below"), .text(" and "), .code("privacy@example.com"), .text("."),
        ])
        #expect(document.blocks.map(\.line) == [5, 6, 7, 8, 9])
        #expect(document.blocks[4].plainText == "Your device model.")
    }

    @Test func withoutAnH1TheTitleElementNamesThePolicyAndH3SectionsBecomeLevel2() throws {
        let document = try Self.document("""
            <title>ACME privacy notice</title>
            <h3>Data</h3><p>We keep logs.</p><h4>Logs</h4><p>For 30 days.</p><h3>Rights</h3>
            """)
        #expect(document.title == "ACME privacy notice")
        #expect(document.blocks.map(\.kind) == [.heading(level: 2), .paragraph, .heading(level: 3), .paragraph, .heading(level: 2)])
    }

    @Test func nestedListsAndParagraphsInItems() throws {
        let document = try Self.document("""
            <h1>Policy</h1>
            <ul>
              <li>Account data
                <ol><li>name</li><li>phone <a href="#p">number</a></li></ol>
                kept while the account lives</li>
              <li><p>Device data</p><p>Collected at start-up.</p></li>
            </ul>
            """)
        #expect(document.blocks.map(\.kind) == [
            .listItem(ordered: false, depth: 0), .listItem(ordered: true, depth: 1), .listItem(ordered: true, depth: 1),
            .paragraph, .listItem(ordered: false, depth: 0), .paragraph,
        ])
        #expect(document.blocks.map(\.plainText) == [
            "Account data", "name", "phone number", "kept while the account lives", "Device data", "Collected at start-up.",
        ])
        #expect(document.blocks[2].inlines == [.text("phone "), .link(text: "number", destination: "#p")])
        #expect(document.blocks.map(\.line) == [3, 4, 4, 5, 6, 6])
    }

    @Test func dataTablesKeepTheirCellsAndLayoutTablesAreReadAsBlocks() throws {
        let document = try Self.document("""
            <h1>Policy</h1>
            <table>
              <thead><tr><th>SDK</th><th>Data</th></tr></thead>
              <tr><td><p>Maps</p></td><td>location, <a href="https://maps.example/privacy">their policy</a></td></tr>
              <tr><td></td><td></td></tr>
              <tr><td>Push</td><td>device id<br>token</td></tr>
            </table>
            <table><tr><th>a</th><td>b</td></tr></table>
            <table width="100%"><tr><td><h2>Sharing</h2><p>We share nothing.</p></td></tr></table>
            """)
        #expect(document.blocks.count == 4)
        let data = try #require(document.blocks.first)
        #expect(data.kind == .table(rows: [
            [[.text("SDK")], [.text("Data")]],
            [[.text("Maps")], [.text("location, "), .link(text: "their policy", destination: "https://maps.example/privacy")]],
            [[.text("Push")], [.text("device id token")]],
        ], hasHeader: true))
        #expect(data.line == 2)
        #expect(document.blocks[1].kind == .table(rows: [[[.text("a")], [.text("b")]]], hasHeader: false))
        #expect(document.blocks[2].kind == .heading(level: 2) && document.blocks[2].plainText == "Sharing")
        #expect(document.blocks[3].kind == .paragraph && document.blocks[3].plainText == "We share nothing.")
    }

    @Test func definitionLists() throws {
        let document = try Self.document("<h1>P</h1><dl><dt>Personal data</dt><dd>Any information about <b>you</b>.</dd><dt>We</dt><dd>ACME Ltd.</dd></dl>")
        #expect(document.blocks.map(\.kind) == [.definitionTerm, .paragraph, .definitionTerm, .paragraph])
        #expect(document.blocks[1].inlines == [.text("Any information about "), .strong("you"), .text(".")])
    }

    @Test func aLineBreakSplitsAParagraphButNotAHeadingOrListItem() throws {
        let document = try Self.document("<h1>P</h1><h2>Contact<br>us</h2><p>ACME Ltd.<br>1 Main St.<br><br>Springfield</p><ul><li>a<br>b</li></ul>")
        #expect(document.blocks.map(\.plainText) == ["Contact us", "ACME Ltd.", "1 Main St.", "Springfield", "a b"])
        #expect(document.blocks.map(\.kind) == [.heading(level: 2), .paragraph, .paragraph, .paragraph, .listItem(ordered: false, depth: 0)])
    }

    @Test func aPlainTextPolicyInAPreIsCutIntoParagraphsAtBlankLines() throws {
        let document = try Self.document("<h1>Policy</h1>\n<pre>\nWe collect your name\nand your phone number.\n  \r\n\nWe keep them\n\n<b>one</b> year.</pre>")
        #expect(document.blocks.map(\.plainText) == ["We collect your name and your phone number.", "We keep them", "one year."])
        #expect(document.blocks.map(\.line) == [2, 7, 9])
        #expect(document.blocks[2].inlines == [.strong("one"), .text(" year.")])
    }

    @Test func textStraightInBodyOrInADivIsAParagraph() throws {
        let document = try Self.document("<h1>P</h1>Loose words<div>In a div<div>nested <u>deeper</u></div>after</div>")
        #expect(document.blocks.map(\.plainText) == ["Loose words", "In a div", "nested deeper", "after"])
        #expect(document.blocks.allSatisfy { $0.kind == .paragraph })
        // libxml2 dates a text node by where its text ends; a block starts where its first word does.
        let long = String(repeating: "a long line of words\n", count: 100)
        let lines = try Self.document("<h1>P</h1>\n<div>\n\n  first words\nsecond line</div>\ntext<br>\n\nafter a break\n<div>\n\(long)</div>")
        #expect(lines.blocks.map(\.line) == [4, 6, 8, 10])
    }

    // MARK: - Links and white space

    @Test func scriptLinksKeepOnlyTheirText() throws {
        let document = try Self.document("""
            <h1>P</h1><p><a href="javascript:alert(1)">one</a> <a href=" JavaScript:x">two</a> <a href="java&#x09;script:x">three</a>
            <a href="data:text/html,x">four</a> <a href="VBSCRIPT:x">five</a> <a name="anchor">six</a> <a href="/privacy#cookies">seven</a></p>
            """)
        #expect(document.blocks[0].inlines == [.text("one two three four five six "), .link(text: "seven", destination: "/privacy#cookies")])
    }

    @Test func whiteSpaceCollapsesAsInABrowserAndNoBreakSpacesArePlain() throws {
        let document = try Self.document("<h1>P</h1><p>\n  a&nbsp;b \t c\u{A0}d  <sup>1</sup> <sub>2</sub><b> bold </b>end\n</p>")
        #expect(document.blocks[0].inlines == [.text("a b c d 1 2 "), .strong("bold"), .text(" end")])
    }

    @Test func utf8WithoutACharsetDeclarationComesOutRight() throws {
        let text = "我们收集您的“设备信息”——包括型号 and “curly” quotes’ café"
        #expect(try Self.document("<h1>隐私政策</h1><p>\(text)</p>").blocks[0].plainText == text)
        // A stale declaration does not spoil UTF-8 bytes.
        let stale = try Self.document("<meta charset=\"iso-8859-1\"><h1>隐私政策</h1><p>\(text)</p>")
        #expect(stale.title == "隐私政策" && stale.blocks[0].plainText == text)
        // A UTF-8 byte order mark is not part of the first word.
        let marked = HTMLReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("<h1>Title</h1><p>x</p>".utf8), path: "p.html")
        #expect(marked.documents.first?.title == "Title")
    }

    @Test func aDeclaredCharacterSetIsFollowed() throws {
        let gbk: [UInt8] = Array("<meta charset=\"gbk\"><h1>".utf8) + [0xD2, 0xFE, 0xCB, 0xBD] + Array("</h1><p>".utf8) + [0xD6, 0xD0, 0xCE, 0xC4] + Array("</p>".utf8)
        let reading = HTMLReader.read(bytes: gbk, path: "gbk.html")
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics)")
        #expect(reading.documents.first?.title == "隐私" && reading.documents.first?.blocks.first?.plainText == "中文")
        let latin1: [UInt8] = Array("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\"><h1>Caf".utf8) + [0xE9] + Array("</h1><p>x</p>".utf8)
        #expect(HTMLReader.read(bytes: latin1, path: "latin1.html").documents.first?.title == "Café")
    }

    // MARK: - What is left out

    @Test func scriptsStylesChromeAndHiddenElementsAreDropped() throws {
        let reading = Self.read("""
            <html><head><title>T</title><style>p { color: red }</style><script>var tracking = 1;</script></head>
            <body>
            <header><a href="/">Home</a> Products</header>
            <nav><ul><li>Menu item</li></ul></nav>
            <article>
            <header><h1>Privacy Policy</h1><p>Updated 2020-03-03</p></header>
            <p>We collect <!-- internal note --> data.<script>document.write("bad")</script></p>
            <noscript>Enable JavaScript</noscript><template><p>Template text</p></template>
            <div hidden>Hidden text</div><p aria-hidden="true">Aria hidden</p><p aria-hidden="false">Shown text</p>
            <form><label>Email</label><button>Subscribe</button></form><iframe>frame text</iframe>
            <svg><text>svg text</text></svg><button>Accept cookies</button>
            <footer><p>Article footer</p></footer>
            </article>
            <aside>Related posts</aside>
            <footer>© 2020 ACME</footer>
            </body></html>
            """)
        #expect(reading.diagnostics.isEmpty)
        let document = try #require(reading.documents.first)
        #expect(reading.documents.count == 1)
        #expect(document.title == "Privacy Policy")
        #expect(document.blocks.map(\.plainText) == ["Updated 2020-03-03", "We collect data.", "Shown text", "Article footer"])
        // Words in elements a browser does not show as text (noscript, template, iframe, svg,
        // button) are reported too: a page may hide its whole policy in one.
        #expect(reading.leftOut.map(\.excerpt) == [
            "Home Products", "Menu item", "Enable JavaScript", "Template text", "Hidden text", "Aria hidden", "Email Subscribe",
            "frame text", "svg text", "Accept cookies", "Related posts", "© 2020 ACME",
        ])
        #expect(reading.leftOut.map(\.lines) == [3...3, 4...4, 8...8, 8...8, 9...9, 9...9, 10...10, 10...10, 11...11, 11...11, 14...14, 15...15])
        #expect(reading.leftOut.allSatisfy { $0.path == "policy.html" && !$0.reason.isEmpty })
    }

    @Test func severalPoliciesOnOnePageAreSeveralDocuments() throws {
        let reading = Self.read("""
            <p>ACME policies</p>
            <nav>Home</nav>
            <h1>Privacy Policy</h1>
            <h2>Data</h2><p>We collect names.</p>
            <h1>Cookie Policy</h1><p>Last updated: May 1, 2024</p>
            <h3>Cookies</h3><p>We set one cookie.</p>
            <h1>Camera Policy</h1><h1>Intelligent Camera Policy</h1><p>Updated: 2024-05-01</p>
            <p>Video stays on the device.</p>
            """)
        #expect(reading.diagnostics.isEmpty)
        #expect(reading.documents.map(\.title) == ["Privacy Policy", "Cookie Policy", "Intelligent Camera Policy"])
        #expect(reading.documents.map(\.line) == [3, 5, 7])
        #expect(reading.documents[0].blocks.map(\.kind) == [.heading(level: 2), .paragraph])
        // An <h1> with no text of its own is a section heading of the policy before it.
        #expect(reading.documents[1].blocks.map(\.kind) == [.paragraph, .heading(level: 2), .paragraph, .heading(level: 2)])
        #expect(reading.documents[1].blocks.last?.plainText == "Camera Policy")
        // In page order, though the walk finds the menu before the text before the title.
        #expect(reading.leftOut.map(\.excerpt) == ["ACME policies", "Home"])
        #expect(reading.leftOut.map(\.lines) == [1...1, 2...2])
    }

    /// Many sites set every section in `<h1>`: a later `<h1>` starts a policy only when its
    /// dates follow it.
    @Test func sectionsInH1StayOnePolicy() throws {
        let reading = Self.read("""
            <h1>Privacy Policy</h1><p>Last updated: May 1, 2024</p>
            <h1>1. What We Collect</h1><p>We collect names.</p>
            <h1>2. Updated versions of this policy</h1><p>Updated versions are posted here.</p>
            """)
        #expect(reading.documents.map(\.title) == ["Privacy Policy"])
        #expect(reading.documents.first?.blocks.filter { $0.kind == .heading(level: 2) }.map(\.plainText) == ["1. What We Collect", "2. Updated versions of this policy"])
    }

    // MARK: - Broken markup

    @Test func brokenMarkupIsRecovered() throws {
        let document = try Self.document("""
            <h1>Policy
            <p>First paragraph
            <p>Second <b>bold</p>
            <ul><li>one<li>two</ul></div></span>
            <p>Last</td>
            """)
        #expect(document.title == "Policy")
        #expect(document.blocks.map(\.plainText) == ["First paragraph", "Second bold", "one", "two", "Last"])
    }

    // MARK: - Fidelity

    /// A realistic legacy page: every word a reader sees is imported, in order, and no other.
    @Test func everyVisibleWordOfARealisticPageInOrder() throws {
        let page = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml"><head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
            <title>ACME | Privacy</title><link rel="stylesheet" href="site.css" />
            <script type="text/javascript">var _gaq = _gaq || []; _gaq.push(['_trackPageview']);</script>
            </head>
            <body class="policy">
            <div id="content"><div class="inner">
            <h1>ACME Privacy&nbsp;Policy</h1>
            <p class="MsoNormal"><span lang="EN-US">Last updated: <b>March&nbsp;3, 2020</b></span></p>
            <p>This policy explains how ACME Ltd. (&ldquo;we&rdquo;) handles personal information.<br/>
            Please read it carefully.</p>
            <h2>1. Information we collect</h2>
            <ol type="a"><li>Account information: name, e-mail address &amp; phone number;</li>
            <li>Device information:<ul><li>model and OS version;</li><li>IMEI (where permitted).</li></ul></li></ol>
            <h2>2. How we use it</h2>
            <table border="1" cellpadding="4">
            <tr><th>Purpose</th><th>Data</th><th>Legal basis</th></tr>
            <tr><td>Registration</td><td>name, phone</td><td>contract</td></tr>
            <tr><td>Security</td><td>device ID</td><td>legitimate interest</td></tr>
            </table>
            <p>We do <u>not</u> sell information. Questions? Write to <a href="mailto:privacy@acme.example">privacy@acme.example</a>
            or call <font color="red">+1 555 0100</font>.</p>
            <h2>3. 您的权利</h2><p>您可以随时<strong>撤回同意</strong>。</p>
            </div></div>
            </body></html>
            """
        let visible = """
            ACME Privacy Policy
            Last updated: March 3, 2020
            This policy explains how ACME Ltd. (“we”) handles personal information. Please read it carefully.
            1. Information we collect
            Account information: name, e-mail address & phone number; Device information: model and OS version; IMEI (where permitted).
            2. How we use it
            Purpose Data Legal basis Registration name, phone contract Security device ID legitimate interest
            We do not sell information. Questions? Write to privacy@acme.example or call +1 555 0100.
            3. 您的权利 您可以随时撤回同意。
            """
        let reading = Self.read(page)
        #expect(reading.diagnostics.isEmpty && reading.leftOut.isEmpty)
        #expect(Self.importedWords(reading) == words(visible))
    }

    /// Tag soup from a fixed seed, made of every element that is kept, open and closed at
    /// random: whatever libxml2 makes of it, every word comes out once, in order. (No other
    /// `<h1>`: what comes before a policy's title is left out, as tested above.)
    @Test func randomTagSoupKeepsEveryWordInOrder() {
        var random = SeededGenerator(seed: 42)
        let tags = ["p", "div", "span", "b", "i", "em", "strong", "code", "a href=\"x\"", "a", "ul", "ol", "li", "table", "tr", "td", "th",
                    "thead", "tbody", "tfoot", "caption", "h2", "h3", "br", "hr", "dl", "dt", "dd", "section", "article", "main",
                    "blockquote", "pre", "center", "font", "sup", "img", "td colspan=2", "li value=3"]
        let spaces = ["\n", " ", "\t", "&nbsp;", "\u{A0}", " \r\n "]
        for _ in 0..<300 {
            var (page, expected) = ("<h1> title </h1>", ["title"])
            for _ in 0..<Int.random(in: 5...60, using: &random) {
                switch Int.random(in: 0..<3, using: &random) {
                case 0:
                    expected.append("w\(expected.count)")
                    page += spaces.randomElement(using: &random)! + expected.last! + spaces.randomElement(using: &random)!
                case 1: page += "<\(tags.randomElement(using: &random)!)>"
                default: page += "</\(tags.randomElement(using: &random)!.split(separator: " ")[0])>"
                }
            }
            let reading = Self.read(page)
            #expect(Self.importedWords(reading) == expected.map { Substring($0) }, "\(page)")
            #expect(reading.leftOut.isEmpty && reading.diagnostics.isEmpty, "\(page)")
        }
    }

    // MARK: - Hostile pages

    @Test func randomBytesNeverCrashTheReader() {
        var random = SeededGenerator(seed: 7)
        let pieces = ["<", ">", "/", "a", "p", "li", "table", "td", "script", "style", "!--", "-->", "!DOCTYPE", "<!ENTITY", "=", "\"", "'",
                      " ", "\n", "&", ";", "#x", "h1", "?xml", "<![CDATA[", "]]>", "meta charset=gbk", "meta charset=utf-16", "hidden", "title", "br"]
            .map { Array($0.utf8) } + [[0], [0xFF], [0xC2], [0xA0], [0xE4, 0xB8], [0xFE, 0xFF], [0xEF, 0xBB, 0xBF]]
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...200, using: &random)).flatMap { _ in pieces.randomElement(using: &random)! }
            let reading = HTMLReader.read(bytes: bytes, path: "fuzz.html")
            #expect(!reading.documents.isEmpty || !reading.diagnostics.isEmpty)
        }
    }

    @Test func aPageWithoutTextIsNoPolicy() {
        for page in ["", "<html><head><title>Only a title</title></head><body>  <!-- nothing --> </body></html>", "<script>x()</script>", "<nav>Menu</nav>"] {
            let reading = Self.read(page)
            #expect(reading.documents.isEmpty)
            #expect(reading.diagnostics.map(\.id) == [.noPolicyFound])
            #expect(reading.diagnostics.first?.range == .point("policy.html", line: 1, column: 1))
            #expect(reading.diagnostics.first?.severity == .error)
        }
    }

    @Test func deepNestingIsReadWithoutRecursion() throws {
        // Past libxml2's default limit of 256 nested elements, which it would stop at.
        let deep = try Self.document("<h1>Title</h1><p>before</p>" + String(repeating: "<div>", count: 100_000) + "deep <b>text</b>")
        #expect(deep.blocks.map(\.plainText) == ["before", "deep text"])
        let lists = try Self.document("<h1>Title</h1>" + String(repeating: "<ul><li>item ", count: 1000))
        #expect(lists.blocks.count == 1000 && lists.blocks.last?.kind == .listItem(ordered: false, depth: 999))
        // Legacy pages leave <font> open: every <p> then opens inside the one before.
        let fonts = try Self.document("<h1>Title</h1>" + (1...400).map { "<p><font face=\"Arial\">paragraph \($0)\n" }.joined())
        #expect(fonts.blocks.count == 400 && fonts.blocks.last?.plainText == "paragraph 400" && fonts.blocks.last?.line == 400)
    }

    @Test func anUnclosedScriptOrCommentIsReportedAsLeftOut() throws {
        let script = Self.read("<h1>Policy</h1>\n<p>kept</p>\n<script>var x = 1;\n<p>swallowed text</p>\n<p>more</p>\n")
        #expect(script.documents.first?.blocks.map(\.plainText) == ["kept"])
        #expect(script.leftOut.count == 1)
        #expect(script.leftOut.first?.lines.lowerBound == 3)
        #expect(script.leftOut.first?.excerpt.contains("swallowed text") == true)
        // A closed script at the end of a page holding markup in a string is not reported.
        #expect(Self.read("<h1>Policy</h1><p>kept</p><script>document.write('<p>x</p>');</script>").leftOut.isEmpty)
        let comment = Self.read("<h1>Policy</h1>\n<p>kept</p><!-- a -->\n<!-- unclosed\n<p>lost words</p>\n")
        #expect(comment.documents.first?.blocks.map(\.plainText) == ["kept"])
        #expect(comment.leftOut.map(\.lines) == [3...4])
        #expect(comment.leftOut.first?.excerpt == "unclosed <p>lost words</p>")
    }

    @Test func nulBytesAreDroppedAsBrowsersDropThem() throws {
        // libxml2 2.9 alone would take the NUL inside "<\0p>" for the end of the page.
        let bytes = Array("<h1>Ti\u{0}tle</h1><p>a\u{0}b</p><\u{0}p>c</p><p \u{0}>d</p>".utf8)
        let reading = HTMLReader.read(bytes: bytes, path: "nul.html")
        #expect(reading.diagnostics.isEmpty)
        #expect(Self.importedWords(reading) == ["Title", "ab", "c", "d"])
    }

    @Test func bytesThatAreNotUTF8AndDeclareNothingAreRefused() throws {
        let bytes = Array("<h1>Policy</h1>\n<p>caf".utf8) + [0xE9] + Array(" ok</p>".utf8)
        let reading = HTMLReader.read(bytes: bytes, path: "latin.html")
        #expect(reading.documents.isEmpty)
        let diagnostic = try #require(reading.diagnostics.first)
        #expect(diagnostic.id == .notUTF8)
        #expect(diagnostic.range == .point("latin.html", line: 2, column: 7))
        // A declared character set that the bytes do not follow ends libxml2's parse: refused too.
        let broken = Array("<meta charset=\"gbk\"><h1>".utf8) + [0xD6, 0xD0] + Array("</h1><p>bad ".utf8) + [0xFF, 0xFF] + Array(" rest</p>".utf8)
        #expect(HTMLReader.read(bytes: broken, path: "gbk.html").diagnostics.map(\.id) == [.notUTF8])
        // A UTF-16 declaration without a byte order mark explains nothing either.
        let sixteen = Array("<meta charset=\"utf-16\"><h1>caf".utf8) + [0xE9] + Array("</h1><p>x</p>".utf8)
        #expect(HTMLReader.read(bytes: sixteen, path: "x.html").diagnostics.map(\.id) == [.notUTF8])
        // So does a character set libxml2 does not know, which it would read as Latin-1.
        let unknown = Array("<meta charset=\"x-klingon\"><h1>caf".utf8) + [0xE9] + Array("</h1><p>x</p>".utf8)
        #expect(HTMLReader.read(bytes: unknown, path: "x.html").diagnostics.map(\.id) == [.notUTF8])
        // Valid UTF-8 under an unknown declaration is read as UTF-8.
        #expect(Self.read("<meta charset=\"x-klingon\"><h1>café</h1><p>x</p>").documents.first?.title == "café")
    }

    @Test func entitiesOfADocumentTypeAreNeverExpanded() throws {
        let reading = Self.read("""
            <!DOCTYPE html [<!ENTITY boom "BOOM BOOM"><!ENTITY file SYSTEM "file:///etc/passwd">]>
            <h1>Policy</h1><p>a &boom; b &file; c &amp; &copy; &#x4E2D; &#0; &#xD800;</p>
            """)
        let text = Self.importedWords(reading).joined(separator: " ")
        #expect(!text.contains("BOOM BOOM") && !text.contains("root:"))
        #expect(text.contains("a &boom; b &file; c & © 中"))
    }

    @Test func linesPastLibxml2sSixteenBitFieldAreRight() throws {
        let page = "<h1>Policy</h1>\n<p>first</p>" + String(repeating: "\n", count: 70_000) + "<p>far</p>\n<ul><li><b>item</b></li></ul>\n<p>last</p>"
        let document = try Self.document(page)
        #expect(document.blocks.map(\.line) == [2, 70_002, 70_003, 70_004])
    }

    /// A big page of ordinary density (a long paragraph per section), read whole. A quadratic
    /// step would make this test run for hours instead of seconds; how fast it is belongs to a
    /// benchmark, so nothing here is timed.
    @Test func aFourteenMegabytePageIsReadWhole() throws {
        let sentence = "We collect device data, such as the model and the system version, only to keep the service running. "
        let section = "<h2>Section</h2>\n<p>" + String(repeating: sentence, count: 12) + "<b>Never</b> sold; see <a href=\"https://x.example\">this</a>.</p>\n<ul><li>one<li>two</ul>\n"
        let count = 10_000_000 / section.utf8.count
        // And a paragraph of 4 MB in 20 000 bold runs, whose text must grow in place: copied at
        // each run, it would take minutes.
        let bold = "<p>" + String(repeating: "<b>" + String(repeating: "bold words ", count: 18) + "</b> ", count: 20_000) + "</p>"
        let page = "<h1>Policy</h1>\n" + String(repeating: section, count: count) + bold
        #expect(page.utf8.count < HTMLReader.maximumBytes)
        let reading = Self.read(page)
        #expect(reading.documents.first?.blocks.count == 4 * count + 1)
        #expect(reading.documents.first?.blocks.last?.inlines.count == 1)
    }

    @Test func filesTooLargeOrMissingAreRefusedUnread() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.path + "/huge.html"
        try writeSparseFile(at: path, bytes: 1 << 30)
        #expect(HTMLReader.read(path: path).diagnostics.map(\.id) == [.fileTooLarge])
        #expect(HTMLReader.read(path: folder.path + "/missing.html").diagnostics.map(\.id) == [.unreadableFile])
        #expect(HTMLReader.read(path: folder.path).diagnostics.map(\.id) == [.unreadableFile])
        let file = try folder.write("<h1>Policy</h1><p>text</p>", to: "policy.html")
        #expect(HTMLReader.read(path: file).documents.map(\.title) == ["Policy"])
    }
}
