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
