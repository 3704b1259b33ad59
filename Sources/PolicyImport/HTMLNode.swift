import CLibXML2

/// The elements the block walk treats in a way of their own; every other element is inline and
/// gives only its text.
enum HTMLTag: Hashable {
    case head, title
    /// Never shown as text: scripts, styles, templates, controls, embedded frames and drawings.
    case script, style, invisible
    /// The page's chrome: dropped, and reported when it holds words.
    case nav, aside, form, header, footer
    /// `article`, `main` and `section`, containers whose own header and footer are text.
    case sectioning
    /// `div`, `body`, `blockquote` and the like: their loose text is a paragraph.
    case container
    case heading(Int)
    /// `p`, `address`, and `dd` (a definition's description).
    case paragraph
    /// `pre`: a paragraph whose blank lines separate paragraphs (a plain-text policy put on the
    /// web as it was).
    case preformatted
    case list(ordered: Bool)
    case listItem, term
    case table, caption, tableHead, tableBody, row, cell(header: Bool)
    case lineBreak
    case strong, emphasis, code, anchor
    case inline

    init(_ name: String) {
        self = Self.byName[name] ?? .inline
    }

    /// Whether the element starts a block of its own (inside a table cell, it separates words).
    var isBlock: Bool {
        switch self {
        case .sectioning, .container, .heading, .paragraph, .preformatted, .list, .listItem, .term, .table, .caption,
             .tableHead, .tableBody, .row, .cell, .header, .footer:
            true
        default:
            false
        }
    }

    var isTablePart: Bool {
        switch self {
        case .caption, .tableHead, .tableBody, .row, .cell: true
        default: false
        }
    }

    private static let byName: [String: HTMLTag] = {
        var tags: [String: HTMLTag] = [
            "head": .head, "title": .title, "script": .script, "style": .style,
            "nav": .nav, "aside": .aside, "form": .form, "header": .header, "footer": .footer,
            "p": .paragraph, "pre": .preformatted, "address": .paragraph, "dd": .paragraph,
            "ul": .list(ordered: false), "ol": .list(ordered: true), "menu": .list(ordered: false), "dir": .list(ordered: false),
            "li": .listItem, "dt": .term,
            "table": .table, "caption": .caption, "thead": .tableHead, "tbody": .tableBody, "tfoot": .tableBody,
            "tr": .row, "td": .cell(header: false), "th": .cell(header: true),
            "br": .lineBreak, "strong": .strong, "b": .strong, "em": .emphasis, "i": .emphasis, "code": .code, "a": .anchor,
        ]
        for name in ["noscript", "template", "button", "iframe", "svg"] { tags[name] = .invisible }
        for name in ["article", "main", "section"] { tags[name] = .sectioning }
        for level in 1...6 { tags["h\(level)"] = .heading(level) }
        for name in ["html", "body", "div", "blockquote", "center", "figure", "figcaption", "fieldset", "legend",
                     "details", "summary", "hgroup", "dialog", "dl", "hr"] {
            tags[name] = .container
        }
        return tags
    }()
}

extension HTMLInlineText.Style {
    /// The style an element gives its text, if any. A link needs a destination that runs no
    /// script (`javascript:`, `data:`, `vbscript:`); without one its text stays plain text.
    init?(_ tag: HTMLTag, of node: xmlNodePtr) {
        switch tag {
        case .strong: self = .strong
        case .emphasis: self = .emphasis
        case .code: self = .code
        case .anchor:
            guard let href = node.attribute("href")?.trimmingHTMLSpace(), !href.isEmpty, !Self.runsScript(href) else { return nil }
            self = .link(href)
        default: return nil
        }
    }

    /// The style of text inside both this element and one styled `outer`: a link keeps its
    /// words (the innermost link wins), then code, strong, emphasis.
    func nested(in outer: Self) -> Self {
        if case .link = self { return self }
        return outer.rank >= rank ? outer : self
    }

    private var rank: Int {
        switch self {
        case .text: 0
        case .emphasis: 1
        case .strong: 2
        case .code: 3
        case .link: 4
        }
    }

    /// Browsers ignore tabs, line breaks and controls inside a URL's scheme ("java\tscript:").
    private static func runsScript(_ href: String) -> Bool {
        var scheme: [UInt8] = []
        for byte in href.utf8 where byte > 0x20 {
            scheme.append(byte | 0x20)  // ASCII lower case; ':' is unchanged
            if scheme.count == 11 { break }
        }
        return scriptSchemes.contains { scheme.starts(with: $0) }
    }

    private static let scriptSchemes = [Array("javascript:".utf8), Array("data:".utf8), Array("vbscript:".utf8)]
}

extension String {
    /// Without HTML's white space (space, tab, line feed, form feed, carriage return) at either end.
    func trimmingHTMLSpace() -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D }
        guard let first = utf8.firstIndex(where: { !isSpace($0) }), let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }
    var isText: Bool { pointee.type == XML_TEXT_NODE || pointee.type == XML_CDATA_SECTION_NODE }

    /// The element's name; libxml2's HTML parser writes names in lower case.
    var tag: HTMLTag { HTMLTag(pointee.name.map { String(cString: $0) } ?? "") }

    /// The text of a text node: UTF-8, NUL-terminated.
    var text: UnsafePointer<UInt8>? { pointee.content.map { UnsafePointer($0) } }

    /// The same as bytes.
    var textBytes: UnsafeBufferPointer<UInt8>? {
        pointee.content.map { UnsafeBufferPointer(start: $0, count: Int(xmlStrlen($0))) }
    }

    func attribute(_ name: String) -> String? {
        guard let value = xmlGetProp(self, name) else { return nil }
        defer { policyc_xml_free(value) }
        return String(cString: value)
    }

    var isHidden: Bool {
        guard pointee.properties != nil else { return false }  // most elements have no attribute at all
        return xmlHasProp(self, "hidden") != nil || attribute("aria-hidden")?.trimmingHTMLSpace().lowercased() == "true"
    }

    /// The text under this node with white space collapsed (a script's or style's own content
    /// included, not those inside it), and the last line it reaches.
    func visibleText() -> (text: String, lastLine: Int) {
        var text = HTMLInlineText()
        var lastLine = Int(xmlGetLineNo(self))
        var node = pointee.children
        while let current = node {
            var descend = current.isElement
            if current.isText, let content = current.text {
                text.append(content, style: .text)
                lastLine = max(lastLine, Int(xmlGetLineNo(current)))
            } else if descend {
                text.separateWords()
                descend = current.tag != .script && current.tag != .style
            }
            node = current.following(within: self, descending: descend)
        }
        return (text.take().map(\.plainText).joined(), lastLine)
    }

    /// The node after this one in document order, staying under `root`; `descending` into this
    /// node's children or not.
    func following(within root: xmlNodePtr, descending: Bool) -> xmlNodePtr? {
        if descending, let child = pointee.children { return child }
        var node = self
        while node != root {
            if let next = node.pointee.next { return next }
            guard let parent = node.pointee.parent else { return nil }
            node = parent
        }
        return nil
    }

    func firstDescendant(_ tag: HTMLTag) -> xmlNodePtr? {
        var node = pointee.children
        while let current = node {
            if current.isElement, current.tag == tag { return current }
            node = current.following(within: self, descending: current.isElement)
        }
        return nil
    }

    /// Whether this table holds data (rows of two or more cells) rather than laying out a page
    /// (one column, or headings or other tables inside): a layout table's cells are read as
    /// ordinary blocks.
    var holdsData: Bool {
        var widest = 0
        var node = pointee.children
        while let current = node {
            var descend = current.isElement
            if descend {
                switch current.tag {
                case .table, .heading:
                    return false
                case .row:
                    var cells = 0
                    var child = current.pointee.children
                    while let cell = child {
                        if cell.isElement, case .cell = cell.tag { cells += 1 }
                        child = cell.pointee.next
                    }
                    widest = max(widest, cells)
                case .script, .style:
                    descend = false
                default:
                    break
                }
            }
            node = current.following(within: self, descending: descend)
        }
        return widest >= 2
    }

    /// Whether this element ends the page: nothing but white space and comments follows it.
    var endsThePage: Bool {
        var node = self
        while true {
            var next = node.pointee.next
            while let sibling = next, !sibling.isElement, !sibling.isText || sibling.isBlank {
                next = sibling.pointee.next
            }
            if next != nil { return false }
            guard let parent = node.pointee.parent, parent.isElement else { return true }
            node = parent
        }
    }

    /// A text node of white space only.
    private var isBlank: Bool {
        textBytes?.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0C || $0 == 0x0D } ?? true
    }
}
