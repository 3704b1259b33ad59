import CLibXML2

/// Turns libxml2's tree of a page into blocks, in page order, without recursion: the walk
/// follows the tree's own child, sibling and parent links and keeps only a small stack of what
/// each open element started, so no page, however deep, can exhaust the call stack.
///
/// Each open block element gathers the inline text under it (an `HTMLOpenBlock`); a block element
/// inside it ends the text gathered so far as a block of its own, and the text after it starts
/// a new paragraph. A `<br>` ends a paragraph too, because the Markdown writer gives every
/// paragraph one line and has no line break inside one; in a heading, a list item, a definition
/// term or a table cell, which must stay one block, it separates words like a space. In a
/// `<pre>`, a blank line does the same as a `<br>`, and single line breaks are spaces.
struct HTMLBlockWalker {
    private(set) var page = HTMLPage()
    private let path: String
    /// The bytes libxml2 read, when it read them as they are (UTF-8), to tell an unclosed
    /// script from a closed one.
    private let source: ArraySlice<UInt8>?
    /// Open blocks, innermost last; the first is the page itself.
    private var flows = [HTMLOpenBlock(.container)]
    /// Open lists, innermost last: whether each is ordered.
    private var lists: [Bool] = []
    /// Every open table, innermost last: whether it holds data (else it only lays out the page).
    private var tableHoldsData: [Bool] = []
    private var tables: [HTMLTableRows] = []
    /// The inline style in force, innermost last.
    private var styles: [HTMLInlineText.Style] = []
    /// Open `article`, `main` and `section` elements: a header or footer inside one is part of
    /// the text, not the page's.
    private var sectioning = 0
    /// Open `pre` elements, whose blank lines end paragraphs.
    private var preformatted = 0
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
                finish(frame)  // an element without children closes at once
            }
            // Climb until a node has a next sibling, closing each element left behind.
            while node != root, node.pointee.next == nil, let parent = node.pointee.parent {
                node = parent
                finish(open.removeLast())
            }
            guard node != root, let next = node.pointee.next else { return }
            node = next
        }
    }

    // MARK: - Entering and leaving elements

    /// What entering an element started, undone when it closes.
    private struct Frame {
        var flow = false, list = false, table = false, row = false, tableHead = false
        var style = false, sectioning = false, separatesWords = false, preformatted = false
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
            if page.title == nil { page.title = (node.visibleText().text, line(of: node)) }
            return nil
        case .head:
            if page.title == nil, let title = node.firstDescendant(.title) { page.title = (title.visibleText().text, line(of: title)) }
            return nil
        case .script, .style:
            if isUnclosed(node) {
                leaveOut(node, reason: "inside a <\(tag == .script ? "script" : "style")> that is never closed, so it runs to the end of the page (a browser shows none of it either)")
            }
            return nil
        case .invisible:
            // A browser shows none of a <noscript> (scripts on), <template>, <button>, <iframe>
            // or <svg> as the page's text; but a page may hide its whole policy in one, so
            // words found there are reported, never dropped unseen.
            let name = node.pointee.name.map { String(cString: $0) } ?? "element"
            leaveOut(node, reason: "inside a <\(name)>, which is not part of the page's text")
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
        case .preformatted:
            startFlow(.paragraph, at: node)
            preformatted += 1
            frame.flow = true
            frame.preformatted = true
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

    private mutating func finish(_ frame: Frame) {
        if frame.separatesWords { flows[flows.count - 1].text.separateWords() }
        if frame.flow { closeFlow() }
        if frame.list { lists.removeLast() }
        if frame.row { tables[tables.count - 1].endRow() }
        if frame.tableHead { tables[tables.count - 1].headDepth -= 1 }
        if frame.table { closeTable() }
        if frame.style { styles.removeLast() }
        if frame.sectioning { sectioning -= 1 }
        if frame.preformatted { preformatted -= 1 }
    }

    // MARK: - Blocks

    private mutating func startFlow(_ kind: HTMLOpenBlock.Kind, at node: xmlNodePtr) {
        flush()
        var flow = HTMLOpenBlock(kind)
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
    /// A table cell is never flushed: it is one block, closed with its element.
    private mutating func flush() {
        let index = flows.count - 1
        if case .cell = flows[index].kind { return }
        guard !flows[index].text.isEmpty else { return }
        let inlines = flows[index].text.take()
        let line = flows[index].line ?? lastLine
        flows[index].line = nil
        switch flows[index].kind {
        case .tableGap:
            tables[tables.count - 1].addCell(inlines, header: false)
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
            tables.append(HTMLTableRows(line: line(of: node)))
            flows.append(HTMLOpenBlock(.tableGap))
        } else {
            flows.append(HTMLOpenBlock(.container))
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
            var flow = HTMLOpenBlock(.cell(header: header))
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
        guard let text = node.textBytes else { return }
        if preformatted > 0, !flows[flows.count - 1].kind.isCell {
            appendPreformatted(text, line: startLine(of: node, text))
        } else if append(text) {
            flows[flows.count - 1].line = startLine(of: node, text) + Self.lineBreaks(beforeFirstWordOf: text)
        }
    }

    /// Appends NUL-terminated text to the innermost block; true if it starts a block whose line
    /// is not known yet.
    private mutating func append(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let index = flows.count - 1
        let wasEmpty = flows[index].text.isEmpty
        flows[index].text.append(text.baseAddress!, style: styles.last ?? .text)
        return wasEmpty && !flows[index].text.isEmpty && flows[index].line == nil
    }

    /// Text in a `pre`, cut into paragraphs at its blank lines; other white space collapses.
    private mutating func appendPreformatted(_ bytes: UnsafeBufferPointer<UInt8>, line first: Int) {
        var (start, line, index) = (0, first, 0)
        while index < bytes.count {
            guard bytes[index] == 0x0A else {
                index += 1
                continue
            }
            var end = index + 1
            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 || bytes[end] == 0x0D { end += 1 }
            guard end < bytes.count, bytes[end] == 0x0A else {
                index = end
                continue
            }
            appendChunk(UnsafeBufferPointer(rebasing: bytes[start..<index]), line: line)
            lineBreak()
            line += Self.lineBreaks(in: UnsafeBufferPointer(rebasing: bytes[start...end]))
            (start, index) = (end + 1, end + 1)
        }
        appendChunk(UnsafeBufferPointer(rebasing: bytes[start...]), line: line)
    }

    private mutating func appendChunk(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
        let text = [UInt8](bytes) + [0]  // NUL-terminated, as the text collector takes it
        if text.withUnsafeBufferPointer({ append($0) }) {
            flows[flows.count - 1].line = line + Self.lineBreaks(beforeFirstWordOf: bytes)
        }
    }

    /// The line a text node starts on. libxml2 records the line it had reached when it handed
    /// over the node's first piece of text: the end of the text, or of its first 1000 bytes, or
    /// of the text before a character reference. The first case is taken, and the line kept no
    /// earlier than the node before, which bounds the error of the last.
    private mutating func startLine(of node: xmlNodePtr, _ text: UnsafeBufferPointer<UInt8>) -> Int {
        let previous = lastLine
        let recorded = line(of: node)
        lastLine = max(previous, recorded - Self.lineBreaks(in: UnsafeBufferPointer(rebasing: text.prefix(1000))))
        return lastLine
    }

    private static func lineBreaks(in text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in text where byte == 0x0A { count += 1 }
        return count
    }

    private static func lineBreaks(beforeFirstWordOf text: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in text {
            if byte == 0x0A { count += 1 } else if byte > 0x20, byte != 0xC2 { break }
        }
        return count
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
        let (text, lastLine) = node.visibleText()
        guard !text.isEmpty else { return }
        let first = line(of: node)
        page.leftOut.append(LeftOutText(path: path, lines: first...max(first, lastLine), reason: reason, excerpt: LeftOutText.excerpt(text)))
    }
}
