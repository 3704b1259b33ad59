import CLibXML2

/// Turns libxml2's tree of a page into blocks, in page order, without recursion: the walk
/// follows the tree's own child, sibling and parent links and keeps only a small stack of what
/// each open element started, so no page, however deep, can exhaust the call stack.
///
/// Each open block element gathers the inline text under it (a `Flow`); a block element
/// inside it ends the text gathered so far as a block of its own, and the text after it starts
/// a new paragraph. A `<br>` ends a paragraph too, because the Markdown writer gives every
/// paragraph one line and has no line break inside one; in a heading, a list item, a definition
/// term or a table cell, which must stay one block, it separates words like a space.
struct HTMLBlockWalker {
    private(set) var page = HTMLPage()
    private let path: String
    /// The bytes libxml2 read, when it read them as they are (UTF-8), to tell an unclosed
    /// script from a closed one.
    private let source: ArraySlice<UInt8>?
    /// Open blocks, innermost last; the first is the page itself.
    private var flows = [Flow(.container)]
    /// Open lists, innermost last: whether each is ordered.
    private var lists: [Bool] = []
    /// Every open table, innermost last: whether it holds data (else it only lays out the page).
    private var tableHoldsData: [Bool] = []
    private var tables: [TableBuilder] = []
    /// The inline style in force, innermost last.
    private var styles: [HTMLInlineText.Style] = []
    /// Open `article`, `main` and `section` elements: a header or footer inside one is part of
    /// the text, not the page's.
    private var sectioning = 0
    /// The line of the last node seen, for nodes whose line libxml2 does not know.
    private var lastLine = 1

    init(path: String, source: ArraySlice<UInt8>?) {
        self.path = path
        self.source = source
    }

    /// Walks a list of sibling nodes (the document's top level) and everything under them.
    mutating func walk(_ first: xmlNodePtr?) {
        var sibling = first
        while let top = sibling {
            walkTree(top)
            sibling = top.pointee.next
        }
        flush()
    }

    private mutating func walkTree(_ root: xmlNodePtr) {
        var open: [Frame] = []
        var node = root
        while true {
            if let frame = enter(node) {
                if let child = node.pointee.children {
                    open.append(frame)
                    node = child
                    continue
                }
                exit(frame)  // an element without children closes at once
            }
            // Climb until a node has a next sibling, closing each element left behind.
            while node != root, node.pointee.next == nil, let parent = node.pointee.parent {
                node = parent
                exit(open.removeLast())
            }
            guard node != root, let next = node.pointee.next else { return }
            node = next
        }
    }

    // MARK: - Entering and leaving elements

    /// What entering an element started, undone when it closes.
    private struct Frame {
        var flow = false, list = false, table = false, row = false, tableHead = false
        var style = false, sectioning = false, separatesWords = false
    }

    /// Handles a node on the way down; a frame means "walk the children, then call exit".
    private mutating func enter(_ node: xmlNodePtr) -> Frame? {
        switch node.pointee.type {
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
            appendText(node)
            return nil
        case XML_ELEMENT_NODE:
            return open(node)
        default:
            return nil  // comments, processing instructions, the document type
        }
    }

    /// Starts an element; nil when the element and everything in it is dropped.
    private mutating func open(_ node: xmlNodePtr) -> Frame? {
        let tag = node.tag
        if node.isHidden {
            leaveOut(node, reason: "hidden on the page (the hidden or aria-hidden attribute); a collapsed section?")
            return nil
        }
        switch tag {
        case .title:
            if page.title == nil { page.title = (Self.text(under: node).text, line(of: node)) }
            return nil
        case .head:
            if page.title == nil, let title = node.firstDescendant(.title) { page.title = (Self.text(under: title).text, line(of: title)) }
            return nil
        case .script, .style:
            if isUnclosed(node) {
                leaveOut(node, reason: "inside a <\(tag == .script ? "script" : "style")> that is never closed, so it runs to the end of the page (a browser shows none of it either)")
            }
            return nil
        case .invisible:
            return nil
        case .nav, .aside, .form:
            leaveOut(node, reason: tag == .nav ? "the page's navigation (<nav>)" : tag == .aside ? "a side panel (<aside>)" : "a form (<form>)")
            return nil
        case .header where sectioning == 0, .footer where sectioning == 0:
            leaveOut(node, reason: "the page's \(tag == .header ? "header" : "footer"), outside any article")
            return nil
        default:
            break
        }
        var frame = Frame()
        if let style = HTMLInlineText.Style(tag, of: node) {
            styles.append(style.nested(in: styles.last ?? .text))
            frame.style = true
        }
        if tag == .sectioning {
            sectioning += 1
            frame.sectioning = true
        }
        let top = flows[flows.count - 1].kind
        if top.isCell, !(top == .tableGap && tag.isTablePart) {
            // A table cell holds one run of text: blocks inside it only separate words.
            if tag.isBlock || tag == .lineBreak {
                flows[flows.count - 1].text.separateWords()
                frame.separatesWords = true
            }
            return frame
        }
        switch tag {
        case .lineBreak:
            lineBreak()
        case .heading(let level):
            startFlow(.heading(level: level), at: node)
            frame.flow = true
        case .paragraph:
            startFlow(.paragraph, at: node)
            frame.flow = true
        case .listItem:
            startFlow(.listItem(ordered: lists.last ?? false, depth: max(0, lists.count - 1)), at: node)
            frame.flow = true
        case .term:
            startFlow(.term, at: node)
            frame.flow = true
        case .list(let ordered):
            flush()
            lists.append(ordered)
            frame.list = true
        case .table:
            startTable(node)
            frame.table = true
        case _ where tag.isTablePart && tableHoldsData.last == true:
            frame = enterTablePart(node, tag: tag, frame: frame)
        case _ where tag.isBlock:
            startFlow(.container, at: node)
            frame.flow = true
        default:
            break  // inline: only its text counts
        }
        return frame
    }

    private mutating func exit(_ frame: Frame) {
        if frame.separatesWords { flows[flows.count - 1].text.separateWords() }
        if frame.flow { closeFlow() }
        if frame.list { lists.removeLast() }
        if frame.row { tables[tables.count - 1].endRow() }
        if frame.tableHead { tables[tables.count - 1].headDepth -= 1 }
        if frame.table { closeTable() }
        if frame.style { styles.removeLast() }
        if frame.sectioning { sectioning -= 1 }
    }

    // MARK: - Blocks

    private mutating func startFlow(_ kind: Flow.Kind, at node: xmlNodePtr) {
        flush()
        var flow = Flow(kind)
        if kind != .container { flow.line = line(of: node) }
        // A paragraph that opens a list item, term or heading carries its kind: `<li><p>…`
        // is still a list item.
        let parent = flows[flows.count - 1]
        if kind == .container || kind == .paragraph, parent.kind.startsWithOwnKind, !parent.emitted {
            flow.kind = parent.kind
            flow.inherited = true
            flow.line = flow.line ?? parent.line
        }
        flows.append(flow)
    }

    private mutating func closeFlow() {
        if case .cell = flows[flows.count - 1].kind {
            let flow = flows.removeLast()
            var text = flow.text
            tables[tables.count - 1].addCell(text.take(), header: flow.kind == .cell(header: true))
            return
        }
        flush()
        flows.removeLast()
    }

    /// Ends the text gathered in the innermost block as a block of its own.
    private mutating func flush() {
        let index = flows.count - 1
        guard !flows[index].text.isEmpty else { return }
        let inlines = flows[index].text.take()
        let line = flows[index].line ?? lastLine
        flows[index].line = nil
        switch flows[index].kind {
        case .tableGap:
            tables[tables.count - 1].addCell(inlines, header: false)
        case .cell:
            flows[index].text.separateWords()  // never reached: cells close through closeFlow
        default:
            page.blocks.append(LegacyBlock(flows[index].emittedKind, inlines, line: line))
            // This block is the list item (or term, or heading) that the open elements started.
            var owner = index
            while owner > 0, !flows[owner].emitted {
                flows[owner].emitted = true
                guard flows[owner].inherited else { break }
                owner -= 1
            }
        }
    }

    private mutating func lineBreak() {
        if flows[flows.count - 1].emittedKind == .paragraph {
            flush()
        } else {
            flows[flows.count - 1].text.separateWords()
        }
    }

    // MARK: - Tables

    private mutating func startTable(_ node: xmlNodePtr) {
        flush()
        let holdsData = node.holdsData
        tableHoldsData.append(holdsData)
        if holdsData {
            tables.append(TableBuilder(line: line(of: node)))
            flows.append(Flow(.tableGap))
        } else {
            flows.append(Flow(.container))
        }
    }

    private mutating func closeTable() {
        if tableHoldsData.removeLast() {
            flush()
            flows.removeLast()
            var table = tables.removeLast()
            if let block = table.finish() { page.blocks.append(block) }
        } else {
            closeFlow()
        }
    }

    private mutating func enterTablePart(_ node: xmlNodePtr, tag: HTMLTag, frame: Frame) -> Frame {
        var frame = frame
        flush()  // text straight in the table, outside any cell, becomes a cell of its own
        switch tag {
        case .caption:
            startFlow(.paragraph, at: node)
            frame.flow = true
        case .tableHead:
            tables[tables.count - 1].headDepth += 1
            frame.tableHead = true
        case .row:
            tables[tables.count - 1].startRow()
            frame.row = true
        case .cell(let header):
            var flow = Flow(.cell(header: header))
            flow.line = line(of: node)
            flows.append(flow)
            frame.flow = true
        default:
            break  // tbody, tfoot
        }
        return frame
    }

    // MARK: - Text

    private mutating func appendText(_ node: xmlNodePtr) {
        guard let text = node.text else { return }
        let index = flows.count - 1
        let wasEmpty = flows[index].text.isEmpty
        flows[index].text.append(text, style: styles.last ?? .text)
        if wasEmpty, !flows[index].text.isEmpty, flows[index].line == nil {
            flows[index].line = line(of: node)
        }
    }

    /// The line libxml2 recorded for `node`, or the last known one where it has none.
    private mutating func line(of node: xmlNodePtr) -> Int {
        let recorded = Int(xmlGetLineNo(node))
        // 65535 is libxml2's "too big for the node's field"; big lines resolve through the node's text.
        lastLine = recorded < 1 ? lastLine : recorded == 65535 ? max(recorded, lastLine) : recorded
        return lastLine
    }

    /// Whether a `<script>` or `<style>` was never closed: libxml2, like a browser, then reads
    /// the rest of the page as its content, which therefore ends where the page ends. White
    /// space is left out of the comparison, in case libxml2 changed line ends.
    private func isUnclosed(_ node: xmlNodePtr) -> Bool {
        guard let source, node.endsThePage, let last = node.pointee.last, last.isText, let content = last.textBytes else { return false }
        let isSpace = { (byte: UInt8) in byte <= 0x20 }
        let tail = Array(content.reversed().lazy.filter { !isSpace($0) }.prefix(64))
        return !tail.isEmpty && source.reversed().lazy.filter { !isSpace($0) }.prefix(tail.count).elementsEqual(tail)
    }

    /// Reports a dropped element that holds words, so that a person decides about them.
    private mutating func leaveOut(_ node: xmlNodePtr, reason: String) {
        let (text, lastLine) = Self.text(under: node)
        guard !text.isEmpty else { return }
        let first = line(of: node)
        page.leftOut.append(LeftOutText(path: path, lines: first...max(first, lastLine), reason: reason, excerpt: Self.excerpt(text)))
    }

    /// The text under `node` with white space collapsed (a script's or style's own content
    /// included, not those inside it), and the last line it reaches.
    static func text(under root: xmlNodePtr) -> (text: String, lastLine: Int) {
        var text = HTMLInlineText()
        var lastLine = Int(xmlGetLineNo(root))
        var node = root.pointee.children
        while let current = node {
            var descend = current.isElement
            if current.isText, let content = current.text {
                text.append(content, style: .text)
                lastLine = max(lastLine, Int(xmlGetLineNo(current)))
            } else if descend {
                text.separateWords()
                descend = current.tag != .script && current.tag != .style
            }
            node = current.following(within: root, descending: descend)
        }
        return (text.take().map(\.plainText).joined(), lastLine)
    }

    /// The first words of `text`, for a report.
    static func excerpt(_ text: String, words: Int = 12) -> String {
        let all = text.split(separator: " ", omittingEmptySubsequences: true)
        return all.prefix(words).joined(separator: " ") + (all.count > words ? " …" : "")
    }
}

// MARK: - Open blocks

/// A block element being read: its kind and the inline text gathered since its last block.
private struct Flow {
    enum Kind: Equatable {
        /// `body`, `div`, `section` and the like: loose text in them is a paragraph.
        case container
        case paragraph
        case heading(level: Int)
        case listItem(ordered: Bool, depth: Int)
        case term
        case cell(header: Bool)
        /// A data table outside its cells: stray text there becomes a cell of its own.
        case tableGap

        var isCell: Bool {
            switch self {
            case .cell, .tableGap: true
            default: false
            }
        }

        var startsWithOwnKind: Bool {
            switch self {
            case .heading, .listItem, .term: true
            default: false
            }
        }
    }

    var kind: Kind
    var text = HTMLInlineText()
    /// The line of the text gathered so far.
    var line: Int?
    /// Whether the block this element starts (a list item, a term, a heading) was written; its
    /// later text is paragraphs.
    var emitted = false
    /// Whether the kind came from the enclosing element (`<li><p>`).
    var inherited = false

    init(_ kind: Kind) {
        self.kind = kind
    }

    var emittedKind: LegacyBlock.Kind {
        switch kind {
        case .heading(let level) where !emitted: .heading(level: level)
        case .listItem(let ordered, let depth) where !emitted: .listItem(ordered: ordered, depth: depth)
        case .term where !emitted: .definitionTerm
        default: .paragraph
        }
    }
}

/// The rows of a data table as its cells close.
private struct TableBuilder {
    let line: Int
    private var rows: [[[LegacyInline]]] = []
    private var row: [[LegacyInline]]?
    private var rowIsHeader = true
    private var firstRowIsHeader = false
    /// Open `thead` elements: rows in one are header rows.
    var headDepth = 0

    init(line: Int) {
        self.line = line
    }

    mutating func startRow() {
        endRow()
        row = []
        rowIsHeader = true
    }

    mutating func addCell(_ inlines: [LegacyInline], header: Bool) {
        if row == nil { startRow() }
        row?.append(inlines)
        rowIsHeader = rowIsHeader && (header || headDepth > 0)
    }

    mutating func endRow() {
        guard let finished = row else { return }
        row = nil
        // A row without a word (a spacer) is layout, not data.
        guard finished.contains(where: { !$0.isEmpty }) else { return }
        if rows.isEmpty { firstRowIsHeader = rowIsHeader }
        rows.append(finished)
    }

    /// The table as a block; nil if no row holds a word.
    mutating func finish() -> LegacyBlock? {
        endRow()
        return rows.isEmpty ? nil : LegacyBlock(.table(rows: rows, hasHeader: firstRowIsHeader), [], line: line)
    }
}
