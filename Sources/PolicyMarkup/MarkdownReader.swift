import CCmarkGFM
import Glibc
import Synchronization

/// Reads Markdown with libcmark-gfm and copies the result into `Block`/`Inline` values.
///
/// This is the only file that touches the cmark-gfm C API: no C pointer leaves it.
/// Options: GFM tables, strikethrough, autolinks, tag filter and task lists; footnotes on;
/// smart punctuation deliberately off, because it would rewrite quotes in legal text.
public enum MarkdownReader {
    /// Parses one source. Diagnostics cover the front matter envelope and heading attribute blocks;
    /// Markdown itself cannot fail to parse (CommonMark gives every input a meaning).
    public static func read(_ source: SourceFile) -> (Document, [Diagnostic]) {
        let split = FrontMatterSplitter.split(source)
        var diagnostics: [Diagnostic] = split.problem.map { [$0] } ?? []
        let blocks = parseBody(split.body, path: source.path, diagnostics: &diagnostics)
        return (Document(path: source.path, frontMatter: split.frontMatter, blocks: blocks), diagnostics)
    }

    /// The document's front matter alone, without parsing its Markdown: enough to learn which
    /// policy a file holds. Nil when the front matter is not closed.
    public static func readFrontMatter(_ source: SourceFile) -> Document? {
        let split = FrontMatterSplitter.split(source, body: false)
        guard split.problem == nil else { return nil }
        return Document(path: source.path, frontMatter: split.frontMatter, blocks: [])
    }

    /// How deep blocks and inlines may nest (a list item in a list is two levels, a paragraph in
    /// it a third, emphasis in the paragraph a fourth); what is deeper is left out with a located
    /// error (`nestingTooDeep`). The walks of this code keep stacks of their own, but Swift
    /// releases, compares and hashes a tree of `Block` and `Inline` values by recursion, one
    /// call after another per level: 100,000 block quotes crash on release alone. 100 levels is
    /// markdown-it's `maxNesting` too; no policy comes near it (our deepest nests 6).
    public static let nestingLimit = 100

    // MARK: - cmark-gfm

    /// Debian's libcmark-gfm keeps process-wide tables that are not safe to use from two
    /// threads at once: `cmark_parser_finish` writes the shared table of special inline
    /// characters (cmark-gfm PR #176), and extension registration is an unguarded check-then-set.
    /// Parsing is serialised behind this lock; walking the finished tree, which belongs to this
    /// thread alone and reads no shared table, is not.
    private static let parserLock = Mutex(())

    private static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    private static func parseBody(_ body: [UInt8], path: String, diagnostics: inout [Diagnostic]) -> [Block] {
        guard let root = parse(body) else { return [] }
        defer { cmark_node_free(root) }
        var converter = Converter(path: path, body: body)
        let blocks = converter.blocks(childrenOf: root)
        diagnostics.append(contentsOf: converter.diagnostics)
        return blocks
    }

    /// The document node of `body`, owned by the caller.
    private static func parse(_ body: [UInt8]) -> OpaquePointer? {
        parserLock.withLock { _ in
            cmark_gfm_core_extensions_ensure_registered()
            let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES
            guard let parser = cmark_parser_new(options) else { return nil }
            defer { cmark_parser_free(parser) }
            for name in extensionNames {
                if let syntaxExtension = cmark_find_syntax_extension(name) {
                    cmark_parser_attach_syntax_extension(parser, syntaxExtension)
                }
            }
            body.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
            }
            return cmark_parser_finish(parser)
        }
    }
}

/// Walks a cmark tree once, turning nodes into values.
private struct Converter {
    let path: String
    var diagnostics: [Diagnostic] = []
    /// Node type numbers are assigned at run time for extensions; their names are looked up once.
    private var typeNames: [UInt32: String] = [:]

    /// The body, to place nodes for which cmark reports wrong positions.
    private let body: [UInt8]

    init(path: String, body: [UInt8]) {
        self.path = path
        self.body = body
    }

    /// Where each line of the body starts, worked out the first time an autolink needs it: most
    /// documents never ask, and splitting every body into lines up front cost more than that.
    private var lineStarts: [Int]?

    /// Line `number` (1-based) of the body, without its newline.
    private mutating func line(_ number: Int) -> ArraySlice<UInt8>? {
        if lineStarts == nil {
            var starts = [0]
            body.withUnsafeBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                var offset = 0
                while offset < bytes.count, let newline = memchr(base + offset, 0x0A, bytes.count - offset) {
                    offset = base.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
                    starts.append(offset)
                }
            }
            lineStarts = starts
        }
        guard let starts = lineStarts, number >= 1, number <= starts.count else { return nil }
        let end = number < starts.count ? starts[number] - 1 : body.endIndex
        return body[starts[number - 1]..<end]
    }

    /// Finds `text` on `line` at or after `column`; used for autolinks, whose positions
    /// cmark-gfm's extension reports wrongly (0:0, or off by one or more columns).
    private mutating func locate(_ text: String, line: Int, from column: Int) -> SourceRange? {
        guard let bytes = self.line(line) else { return nil }
        let needle = Array(text.utf8)
        guard !needle.isEmpty else { return nil }
        var index = bytes.startIndex + max(0, column - 1)
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == needle[0], bytes[index..<(index + needle.count)].elementsEqual(needle) {
                let startColumn = index - bytes.startIndex + 1
                return SourceRange(
                    file: path, start: SourceLocation(line: line, column: startColumn),
                    end: SourceLocation(line: line, column: startColumn + needle.count))
            }
            index += 1
        }
        return nil
    }

    private mutating func typeName(_ node: OpaquePointer) -> String {
        let type = cmark_node_get_type(node).rawValue
        if let name = typeNames[type] { return name }
        let name = String(cString: cmark_node_get_type_string(node))
        typeNames[type] = name
        return name
    }

    /// cmark-gfm reports inclusive ends and, for a few inline nodes, no position at all:
    /// such nodes inherit the position of the nearest node that has one.
    private func range(of node: OpaquePointer, fallback: SourceRange?) -> SourceRange {
        let startLine = Int(cmark_node_get_start_line(node))
        let startColumn = Int(cmark_node_get_start_column(node))
        guard startLine > 0, startColumn > 0 else {
            return fallback ?? .point(path, line: 1, column: 1)
        }
        let endLine = Int(cmark_node_get_end_line(node))
        let endColumn = Int(cmark_node_get_end_column(node))
        let start = SourceLocation(line: startLine, column: startColumn)
        let end = endLine > 0 ? SourceLocation(line: endLine, column: endColumn + 1) : start
        return SourceRange(file: path, start: start, end: end)
    }

    private func literal(_ node: OpaquePointer) -> String {
        guard let pointer = cmark_node_get_literal(node) else { return "" }
        return String(cString: pointer)
    }

    private func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    // MARK: The walk

    /// A container node being converted: what its children became gathers here until the walk
    /// leaves it. The walk is `walkDepthFirst`'s, so no depth of nesting in a source (100,000
    /// block quotes, `*` × 50,000) can exhaust the call stack.
    private struct Open {
        let node: OpaquePointer
        let type: String
        let range: SourceRange
        /// Whether the children are inlines (a paragraph's, a link's) rather than blocks, items,
        /// rows or cells.
        let holdsInlines: Bool
        var blocks: [Block] = []
        var items: [ListItem] = []
        var rows: [Table.Row] = []
        var cells: [Table.Cell] = []
        var inlines: [Inline] = []
        /// Where the last inline child ends: the position of a following child that has none.
        var previousEnd: SourceRange

        init(_ node: OpaquePointer, type: String, range: SourceRange) {
            self.node = node
            self.type = type
            self.range = range
            holdsInlines = Self.inlineContainers.contains(type)
            previousEnd = SourceRange(file: range.file, start: range.start, end: range.start)
        }

        private static let inlineContainers: Set<String> = [
            "paragraph", "heading", "table_cell", "emph", "strong", "strikethrough", "link", "image",
        ]
    }

    /// The blocks under `root` (the document node), nested at most `MarkdownReader.nestingLimit` deep.
    mutating func blocks(childrenOf root: OpaquePointer) -> [Block] {
        var open = [Open(root, type: "document", range: .point(path, line: 1, column: 1))]
        walkDepthFirst(children(of: root)) { node, depth in
            guard depth < MarkdownReader.nestingLimit else {
                reportTooDeep(node, in: open[open.count - 1])
                return []
            }
            return enter(node, open: &open)
        } exit: { node, _ in
            guard open.count > 1, open[open.count - 1].node == node else { return }  // a leaf, or a node left out
            leave(open.removeLast(), into: &open[open.count - 1])
        }
        return open[0].blocks
    }

    /// The container whose children were last reported as nested too deep: one error for them all.
    private var tooDeepParent: OpaquePointer?

    private mutating func reportTooDeep(_ node: OpaquePointer, in parent: Open) {
        guard tooDeepParent != parent.node else { return }
        tooDeepParent = parent.node
        let limit = MarkdownReader.nestingLimit
        diagnostics.append(Diagnostic(
            .nestingTooDeep, "nesting deeper than \(limit) levels; what is nested deeper is left out",
            at: range(of: node, fallback: parent.range),
            notes: ["block quotes, lists, emphasis and links may nest \(limit) levels deep"]))
    }

    /// Converts a leaf into its parent, or opens a container; returns the children to walk.
    private mutating func enter(_ node: OpaquePointer, open: inout [Open]) -> [OpaquePointer] {
        let parent = open.count - 1
        let type = typeName(node)
        let range: SourceRange
        switch open[parent].type {
        case _ where open[parent].holdsInlines:
            let fallback = SourceRange(file: path, start: open[parent].previousEnd.end, end: open[parent].previousEnd.end)
            guard let (inline, inlineRange) = inline(node, type: type, fallback: fallback) else { return [] }
            open[parent].previousEnd = inlineRange
            guard let inline else {
                open.append(Open(node, type: type, range: inlineRange))
                return children(of: node)
            }
            open[parent].inlines.append(inline)
            return []
        case "list", "table", "table_header", "table_row":
            // Items, rows and cells: cmark-gfm gives them positions, else they take their parent's.
            range = self.range(of: node, fallback: open[parent].range)
        default:
            range = self.range(of: node, fallback: nil)
            switch type {
            case "paragraph", "heading", "list", "block_quote", "table", "footnote_definition":
                break
            case "code_block":
                let info = cmark_node_get_fence_info(node).map { String(cString: $0) } ?? ""
                open[parent].blocks.append(Block(.codeBlock(info: info, literal: literal(node)), range: range))
                return []
            case "html_block":
                open[parent].blocks.append(Block(.htmlBlock(literal(node)), range: range))
                return []
            case "thematic_break":
                open[parent].blocks.append(Block(.thematicBreak, range: range))
                return []
            default:
                // custom_block and unknown extension blocks carry no policy text of their own.
                return []
            }
        }
        open.append(Open(node, type: type, range: range))
        return children(of: node)
    }

    /// Turns a container whose children are converted into its value, in its parent.
    private mutating func leave(_ container: Open, into parent: inout Open) {
        let (node, range) = (container.node, container.range)
        switch container.type {
        case "paragraph":
            parent.blocks.append(Block(.paragraph(container.inlines), range: range))
        case "heading":
            var content = container.inlines
            let attributes = extractAttributes(from: &content)
            parent.blocks.append(Block(.heading(level: Int(cmark_node_get_heading_level(node)), content: content, attributes: attributes), range: range))
        case "list":
            let info = ListInfo(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0)
            parent.blocks.append(Block(.list(info, items: container.items), range: range))
        case "item":
            parent.items.append(ListItem(blocks: container.blocks, range: range))
        case "block_quote":
            parent.blocks.append(Block(.blockQuote(container.blocks), range: range))
        case "footnote_definition":
            parent.blocks.append(Block(.footnoteDefinition(label: literal(node), container.blocks), range: range))
        case "table":
            parent.blocks.append(Block(.table(Table(alignments: alignments(of: node), rows: container.rows)), range: range))
        case "table_header", "table_row":
            let isHeader = cmark_gfm_extensions_get_table_row_is_header(node) != 0
            parent.rows.append(Table.Row(cells: container.cells, range: range, isHeader: isHeader))
        case "table_cell":
            parent.cells.append(Table.Cell(content: container.inlines, range: range))
        case "emph":
            parent.inlines.append(Inline(.emphasis(container.inlines), range: range))
        case "strong":
            parent.inlines.append(Inline(.strong(container.inlines), range: range))
        case "strikethrough":
            parent.inlines.append(Inline(.strikethrough(container.inlines), range: range))
        case "link":
            parent.inlines.append(Inline(.link(destination: url(node), title: title(node), content: container.inlines), range: range))
        case "image":
            parent.inlines.append(Inline(.image(source: url(node), title: title(node), alt: container.inlines), range: range))
        default:
            break
        }
    }

    private func alignments(of table: OpaquePointer) -> [Table.Alignment] {
        let columns = Int(cmark_gfm_extensions_get_table_columns(table))
        guard let pointer = cmark_gfm_extensions_get_table_alignments(table) else { return [] }
        return (0..<columns).map { index in
            switch UInt8(pointer[index]) {
            case UInt8(ascii: "l"): .left
            case UInt8(ascii: "c"): .center
            case UInt8(ascii: "r"): .right
            default: .none
            }
        }
    }

    // MARK: Inlines

    /// An inline leaf and its range, or (nil, range) for a container, whose children follow;
    /// nil for a node that is left out.
    private mutating func inline(_ node: OpaquePointer, type: String, fallback: SourceRange) -> (Inline?, SourceRange)? {
        var range = range(of: node, fallback: fallback)
        switch type {
        case "text":
            let text = literal(node)
            if range.start < fallback.start {
                range.start = fallback.start
            }
            // A text node on one line is exactly its literal unless it holds escapes or entities;
            // where cmark's range does not span the literal, find the literal on its line.
            let spansLiteral = range.start.line == range.end.line && range.end.column - range.start.column == text.utf8.count
            if !spansLiteral, let located = locate(text, line: range.start.line, from: range.start.column) {
                range = located
            }
            return (Inline(.text(text), range: range), range)
        case "softbreak":
            return (Inline(.softBreak, range: range), range)
        case "linebreak":
            return (Inline(.lineBreak, range: range), range)
        case "code":
            return (Inline(.code(literal(node)), range: range), range)
        case "html_inline":
            return (Inline(.html(literal(node)), range: range), range)
        case "footnote_reference":
            return (Inline(.footnoteReference(literal(node)), range: range), range)
        case "emph", "strong", "strikethrough", "image":
            return (nil, range)
        case "link":
            if let autolinkText = autolinkText(node, destination: url(node)),
               let located = locate(autolinkText, line: max(fallback.start.line, range.start.line), from: fallback.start.column) {
                range = located
            }
            return (nil, range)
        default:
            return nil
        }
    }

    /// The visible text of an autolink (`<x@y.z>`, `www.…`, `https://…`), or nil for an ordinary link.
    private mutating func autolinkText(_ node: OpaquePointer, destination: String) -> String? {
        guard let child = cmark_node_first_child(node), cmark_node_next(child) == nil,
              typeName(child) == "text" else { return nil }
        let text = literal(child)
        let isAutolink = destination == text || destination == "mailto:" + text || destination == "http://" + text
        return isAutolink ? text : nil
    }

    private func url(_ node: OpaquePointer) -> String {
        cmark_node_get_url(node).map { String(cString: $0) } ?? ""
    }

    private func title(_ node: OpaquePointer) -> String {
        cmark_node_get_title(node).map { String(cString: $0) } ?? ""
    }

    // MARK: Heading attribute blocks

    /// Removes a trailing ` {…}` from a heading's last text and parses it.
    /// `{%` and `{{` are template tags, not attribute blocks, and are left alone.
    private mutating func extractAttributes(from content: inout [Inline]) -> HeadingAttributes? {
        guard let last = content.last, case .text(let text) = last.kind else { return nil }
        guard text.hasSuffix("}") else {
            // "{#storage kind=storage" without its "}" would silently become part of the title.
            if let open = text.firstRange(ofText: " {#") ?? text.firstRange(ofText: " {."), !text[open.upperBound...].contains("}") {
                let column = last.range.start.column + text.utf8.distance(from: text.startIndex, to: open.lowerBound) + 1
                diagnostics.append(Diagnostic(
                    .malformedAttributeBlock, "the heading's attribute block is not closed; end it with '}'",
                    at: .point(path, line: last.range.start.line, column: column)))
            }
            return nil
        }
        guard let open = text.lastIndex(of: "{") else { return nil }
        // "\{v2}" in the source is the heading's words (an imported title), not an attribute
        // block: cmark has already dropped the backslash, so look at the line itself.
        if let raw = line(last.range.start.line) {
            var end = raw.endIndex
            while end > raw.startIndex, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(raw[end - 1]) { end -= 1 }
            if let brace = raw[..<end].lastIndex(of: UInt8(ascii: "{")), brace > raw.startIndex, raw[brace - 1] == UInt8(ascii: "\\") { return nil }
        }
        let body = text[text.index(after: open)..<text.index(before: text.endIndex)]
        if body.hasPrefix("%") || body.hasPrefix("{") || body.containsText("}") { return nil }
        let before = text[..<open]
        guard before.isEmpty || before.hasSuffix(" ") || before.hasSuffix("\t") else { return nil }
        let openColumn = last.range.start.column + text.utf8.distance(from: text.startIndex, to: open)
        let blockRange = SourceRange(
            file: path, start: SourceLocation(line: last.range.start.line, column: openColumn),
            end: SourceLocation(line: last.range.start.line, column: openColumn + text[open...].utf8.count))
        switch HeadingAttributes.parse(body, range: blockRange) {
        case .success(let attributes):
            let kept = String(before).trimmingTrailingWhitespace()
            content.removeLast()
            if !kept.isEmpty {
                let keptRange = SourceRange(
                    file: path, start: last.range.start,
                    end: SourceLocation(line: last.range.start.line, column: last.range.start.column + kept.utf8.count))
                content.append(Inline(.text(kept), range: keptRange))
            }
            return attributes
        case .failure(let problem):
            diagnostics.append(Diagnostic(
                .malformedAttributeBlock, "cannot read the heading's attribute block: \(problem.reason)", at: blockRange,
                notes: ["write it as {#section-id kind=collection} or {#purpose-id purpose optional}"]))
            return nil
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
