import PolicyMarkup
import PolicyModel

/// Renders a policy's body as HTML. Every piece of policy text is escaped here; templates only
/// place what this produces.
///
/// Untrusted input is handled as cmark-gfm's safe mode does: raw HTML is omitted (a comment
/// marks where it was), and only http(s), mailto, tel, relative and `#fragment` links keep their
/// target — a `javascript:`, `data:` or other link keeps its words and loses its `href`.
public struct HTMLRenderer {
    let policy: Policy
    /// Purposes from the model, by id, for badges.
    private let purposes: [String: Purpose]
    /// The links as the model resolved them, by range, for hints and data attributes.
    private let annotations: [SourceRange: Annotation]

    public init(policy: Policy) {
        self.policy = policy
        purposes = Dictionary(policy.purposes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        annotations = Dictionary(policy.annotations.map { ($0.range, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The preamble and every section, nested as `<section>` elements with the section ids as
    /// anchors, as UTF-8.
    public func body() -> [UInt8] {
        var html = HTMLWriter()
        for block in policy.preamble { render(block, into: &html) }
        for section in policy.sections { render(section, into: &html) }
        return html.bytes
    }

    /// The table of contents: an `<li>` per section and purpose down to level 3, linking to
    /// the section's anchor. (Rendered here rather than looped in the template: the issue puts the
    /// contents in the body, and Mustache's loop was 8 % of a corpus build.)
    public func contents() -> String {
        var html = HTMLWriter()
        func visit(_ section: Section) {
            guard section.level <= 3 else { return }
            html += "<li class=\"toc-level-\(section.level)\(purposes[section.id] == nil ? "" : " toc-purpose")\"><a href=\"#"
            html.appendEscaped(section.id)
            html += "\">"
            html.appendEscaped(section.title)
            html += "</a></li>\n"
            section.subsections.forEach(visit)
        }
        policy.sections.forEach(visit)
        return html.string
    }

    // MARK: - Sections

    private func render(_ section: Section, into html: inout HTMLWriter) {
        let id = Self.escape(section.id)
        let purpose = purposes[section.id]
        var classes = "section kind-\(section.kind.rawValue)"
        if purpose != nil { classes += " purpose" }
        html += "<section id=\"\(id)\" class=\"\(classes)\">\n"
        let level = min(max(section.level, 2), 6)
        html += "<h\(level)><a class=\"heading-link\" href=\"#\(id)\">"
        if case .heading(_, let content, _) = section.heading.kind { render(content, into: &html) }
        html += "</a>"
        if let purpose {
            let necessity = purpose.necessity == .unspecified ? "" : "<span class=\"badge badge-\(purpose.necessity.rawValue)\">\(purpose.necessity.rawValue)</span>"
            html += necessity
        }
        html += "</h\(level)>\n"
        for block in section.blocks { render(block, into: &html) }
        for subsection in section.subsections { render(subsection, into: &html) }
        html += "</section>\n"
    }

    // MARK: - Blocks

    private func render(_ block: Block, into html: inout HTMLWriter) {
        switch block.kind {
        case .heading(let level, let content, _):
            html += "<h\(level)>"
            render(content, into: &html)
            html += "</h\(level)>\n"
        case .paragraph(let content):
            html += "<p>"
            render(content, into: &html)
            html += "</p>\n"
        case .list(let info, let items):
            let tag = info.ordered ? "ol" : "ul"
            html += info.ordered && info.start != 1 ? "<ol start=\"\(info.start)\">\n" : "<\(tag)>\n"
            for item in items {
                html += "<li>"
                if info.tight, item.blocks.count == 1, case .paragraph(let content) = item.blocks[0].kind {
                    render(content, into: &html)
                } else {
                    for child in item.blocks { render(child, into: &html) }
                }
                html += "</li>\n"
            }
            html += "</\(tag)>\n"
        case .blockQuote(let children):
            html += "<blockquote>\n"
            for child in children { render(child, into: &html) }
            html += "</blockquote>\n"
        case .codeBlock(_, let literal):
            html += "<pre><code>\(Self.escape(literal))</code></pre>\n"
        case .htmlBlock:
            html += "<!-- raw HTML omitted -->\n"
        case .thematicBreak:
            html += "<hr>\n"
        case .table(let table):
            render(table, into: &html)
        case .footnoteDefinition(let label, let children):
            html += "<div class=\"footnote\" id=\"fn-\(Self.escape(label))\">\n"
            for child in children { render(child, into: &html) }
            html += "</div>\n"
        }
    }

    private func render(_ table: Table, into html: inout HTMLWriter) {
        html += "<div class=\"table-wrapper\"><table>\n"
        for row in table.rows {
            let cellTag = row.isHeader ? "th" : "td"
            html += "<tr>"
            for (index, cell) in row.cells.enumerated() {
                let alignment = index < table.alignments.count ? table.alignments[index] : .none
                html += alignment == .none ? "<\(cellTag)>" : "<\(cellTag) class=\"align-\(alignment.rawValue)\">"
                render(cell.content, into: &html)
                html += "</\(cellTag)>"
            }
            html += "</tr>\n"
        }
        html += "</table></div>\n"
    }

    // MARK: - Inlines

    private func render(_ inlines: [Inline], into html: inout HTMLWriter) {
        for inline in inlines { render(inline, into: &html) }
    }

    private func render(_ inline: Inline, into html: inout HTMLWriter) {
        switch inline.kind {
        case .text(let text): html.appendEscaped(text)
        case .softBreak: html += "\n"
        case .lineBreak: html += "<br>\n"
        case .code(let code): html += "<code>\(Self.escape(code))</code>"
        case .html: html += "<!-- raw HTML omitted -->"
        case .emphasis(let content): wrap("em", content, into: &html)
        case .strong(let content): wrap("strong", content, into: &html)
        case .strikethrough(let content): wrap("del", content, into: &html)
        case .footnoteReference(let label): html += "<sup class=\"footnote-ref\"><a href=\"#fn-\(Self.escape(label))\">\(Self.escape(label))</a></sup>"
        case .image(let source, let title, let alt):
            guard Self.isSafe(source) else { return render(alt, into: &html) }
            var altText = ""
            for piece in alt { if case .text(let text) = piece.kind { altText += text } }
            html += "<img src=\"\(Self.escape(source))\" alt=\"\(Self.escape(altText))\""
            if !title.isEmpty { html += " title=\"\(Self.escape(title))\"" }
            html += ">"
        case .link(let destination, let title, let content):
            // Every link of the body is in the model; one it does not hold is read unresolved.
            let link = annotations[inline.range].flatMap { $0.destination == destination ? $0 : nil }
                ?? Annotation(destination: destination, title: title, words: content.plainText, range: inline.range)
            renderLink(link, title: title, content: content, into: &html)
        }
    }

    private func wrap(_ tag: String, _ content: [Inline], into html: inout HTMLWriter) {
        html += "<\(tag)>"
        render(content, into: &html)
        html += "</\(tag)>"
    }

    private func renderLink(_ link: Annotation, title: String, content: [Inline], into html: inout HTMLWriter) {
        let value = link.value
        switch link.scheme {
        case .item:
            var label = value, category: String?, sensitive = false
            if case .dataItem(let itemLabel, let itemCategory, let itemSensitive)? = link.entry {
                (label, category, sensitive) = (itemLabel, itemCategory, itemSensitive)
            }
            var hint = category ?? "personal information"
            if sensitive { hint += " · sensitive personal information" }
            html += "<span class=\"data-item\(sensitive ? " sensitive" : "")\" data-item=\"\(Self.escape(value))\" tabindex=\"0\">"
            render(content, into: &html)
            html += "<span class=\"hint\" role=\"tooltip\">\(Self.escape(label)): \(Self.escape(hint))</span></span>"
        case .recipient:
            var kind = ""
            if case .recipient(_, let recipientKind?)? = link.entry { kind = " data-kind=\"\(Self.escape(recipientKind))\"" }
            html += "<span class=\"recipient\" data-recipient=\"\(Self.escape(value))\"\(kind)>"
            render(content, into: &html)
            html += "</span>"
        case .region:
            html += "<span class=\"region\" data-region=\"\(Self.escape(value))\">"
            render(content, into: &html)
            html += "</span>"
        case .term:
            html += "<dfn data-term=\"\(Self.escape(value))\">"
            render(content, into: &html)
            html += "</dfn>"
        default:
            guard Self.isSafe(link.destination) else { return render(content, into: &html) }
            html += "<a href=\"\(Self.escape(link.destination))\""
            if !title.isEmpty { html += " title=\"\(Self.escape(title))\"" }
            if link.scheme == .web { html += " rel=\"noopener\"" }
            html += ">"
            render(content, into: &html)
            html += "</a>"
        }
    }

    // MARK: - Escaping and URLs

    /// Escapes text for HTML element content and double-quoted attribute values.
    public static func escape(_ text: String) -> String {
        var writer = HTMLWriter()
        writer.appendEscaped(text)
        return writer.string
    }

    /// Targets that keep their link: relative ones, web pages, e-mail and phone.
    static let safeSchemes: Set<Annotation.Scheme> = [.relative, .web, .email, .phone]

    /// Whether a link target may be published. Control characters and whitespace are stripped by
    /// browsers before they read a scheme ("java\tscript:"), so they make a URL unsafe too.
    static func isSafe(_ destination: String) -> Bool {
        if destination.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) { return false }
        return safeSchemes.contains(Annotation.Scheme(parsing: destination))
    }
}

/// The page body as it is written: UTF-8 bytes appended to one buffer (building it as a String
/// with `+=` cost twice as much), and text escaped on the way in.
struct HTMLWriter {
    private(set) var bytes: [UInt8] = []

    var string: String { String(decoding: bytes, as: UTF8.self) }

    static func += (writer: inout HTMLWriter, text: String) {
        var text = text
        text.withUTF8 { writer.bytes.append(contentsOf: $0) }
    }

    /// Appends `text` escaped for element content and double-quoted attribute values.
    mutating func appendEscaped(_ text: String) {
        var text = text
        text.withUTF8 { source in
            var runStart = 0
            for (index, byte) in source.enumerated() {
                let entity: StaticString
                switch byte {
                case UInt8(ascii: "&"): entity = "&amp;"
                case UInt8(ascii: "<"): entity = "&lt;"
                case UInt8(ascii: ">"): entity = "&gt;"
                case UInt8(ascii: "\""): entity = "&quot;"
                case UInt8(ascii: "'"): entity = "&#39;"
                // HTML forbids NUL; it is also the page shell's body marker, so it never passes.
                case 0: entity = "\u{FFFD}"
                default: continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
                entity.withUTF8Buffer { bytes.append(contentsOf: $0) }
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
        }
    }
}
