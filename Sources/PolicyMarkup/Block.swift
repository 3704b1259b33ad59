/// A block of the Markdown document, with the range it came from.
public struct Block: Hashable, Sendable {
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    public indirect enum Kind: Hashable, Sendable {
        case heading(level: Int, content: [Inline], attributes: HeadingAttributes?)
        case paragraph([Inline])
        case list(ListInfo, items: [ListItem])
        case blockQuote([Block])
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case thematicBreak
        case table(Table)
        case footnoteDefinition(label: String, [Block])
    }
}

public struct ListInfo: Hashable, Sendable {
    public var ordered: Bool
    public var start: Int
    public var tight: Bool

    public init(ordered: Bool, start: Int, tight: Bool) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
    }
}

public struct ListItem: Hashable, Sendable {
    public var blocks: [Block]
    public var range: SourceRange
    /// `true`/`false` for GFM task items (`- [x]`), `nil` otherwise.
    public var checked: Bool?

    public init(blocks: [Block], range: SourceRange, checked: Bool? = nil) {
        self.blocks = blocks
        self.range = range
        self.checked = checked
    }
}

public struct Table: Hashable, Sendable {
    public enum Alignment: String, Hashable, Sendable { case none, left, center, right }

    public struct Cell: Hashable, Sendable {
        public var content: [Inline]
        public var range: SourceRange

        public init(content: [Inline], range: SourceRange) {
            self.content = content
            self.range = range
        }
    }

    public struct Row: Hashable, Sendable {
        public var cells: [Cell]
        public var range: SourceRange
        public var isHeader: Bool

        public init(cells: [Cell], range: SourceRange, isHeader: Bool) {
            self.cells = cells
            self.range = range
            self.isHeader = isHeader
        }
    }

    public var alignments: [Alignment]
    public var rows: [Row]

    public init(alignments: [Alignment], rows: [Row]) {
        self.alignments = alignments
        self.rows = rows
    }
}

extension Block {
    /// Calls `body` with every block of `blocks` that is not a container — headings,
    /// paragraphs, tables, code and HTML blocks, thematic breaks — in document order, with
    /// whether it stands in a list. Lists, block quotes and footnote definitions are walked into
    /// with a stack of their own: no depth of nesting in a source can exhaust the call stack.
    ///
    /// The one walk of the block tree that every reader of a policy's words uses (the clause
    /// readers, the diff's units, lint, the sentence walker).
    public static func forEachLeaf(in blocks: [Block], _ body: (Block, _ inList: Bool) -> Void) {
        var stack: [(block: Block, inList: Bool)] = blocks.reversed().map { ($0, false) }
        while let (block, inList) = stack.popLast() {
            switch block.kind {
            case .list(_, let items): stack += items.flatMap(\.blocks).reversed().map { ($0, true) }
            case .blockQuote(let children), .footnoteDefinition(_, let children): stack += children.reversed().map { ($0, inList) }
            default: body(block, inList)
            }
        }
    }
}
