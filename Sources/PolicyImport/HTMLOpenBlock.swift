/// A block element being read by `HTMLBlockWalker`: its kind and the inline text gathered
/// since its last block.
struct HTMLOpenBlock {
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
struct HTMLTableRows {
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
