import PolicyMarkup
import PolicyModel

/// A policy as lint rules read it: every run of words (title, headings, paragraphs, list items,
/// table cells) in document order, with the section it stands in and its map to the source.
public struct LintDocument: Sendable {
    /// Where a run of words stands in the document.
    public enum UnitKind: Sendable, Equatable {
        case title, heading, paragraph, listItem, tableCell
    }

    /// One run of words and its place: what rules iterate over.
    public struct Unit: Sendable {
        public var kind: UnitKind
        public var text: InlineText
        /// The innermost section the unit stands in; `nil` in the preamble.
        public var section: Section?
        /// The top-level section it stands in, whose kind says what the unit is about.
        public var topSection: Section?
        public var inlines: [Inline]
    }

    public var policy: Policy
    public var units: [Unit] = []

    public init(_ policy: Policy) {
        self.policy = policy
        if let title = policy.titleBlock, case .heading(_, let inlines, _) = title.kind {
            units.append(Unit(kind: .title, text: InlineText(inlines, in: title.range), section: nil, topSection: nil, inlines: inlines))
        }
        add(policy.preamble, section: nil, top: nil)
        for section in policy.sections { add(section, top: section) }
    }

    /// All the text, one unit per line: for rules that search the whole policy for a phrase.
    public var fullText: String { units.map(\.text.text).joined(separator: "\n") }

    private mutating func add(_ section: Section, top: Section) {
        if case .heading(_, let inlines, _) = section.heading.kind {
            units.append(Unit(kind: .heading, text: InlineText(inlines, in: section.heading.range), section: section, topSection: top, inlines: inlines))
        }
        add(section.blocks, section: section, top: top)
        for subsection in section.subsections { add(subsection, top: top) }
    }

    private mutating func add(_ blocks: [Block], section: Section?, top: Section?, inList: Bool = false) {
        for block in blocks {
            switch block.kind {
            case .paragraph(let inlines):
                units.append(Unit(kind: inList ? .listItem : .paragraph, text: InlineText(inlines, in: block.range),
                                  section: section, topSection: top, inlines: inlines))
            case .list(_, let items):
                for item in items { add(item.blocks, section: section, top: top, inList: true) }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                add(children, section: section, top: top, inList: inList)
            case .table(let table):
                for row in table.rows {
                    for cell in row.cells {
                        units.append(Unit(kind: .tableCell, text: InlineText(cell.content, in: cell.range), section: section, topSection: top, inlines: cell.content))
                    }
                }
            case .heading(_, let inlines, _):
                // A heading inside a section's blocks (deeper than the section tree reads).
                units.append(Unit(kind: .heading, text: InlineText(inlines, in: block.range), section: section, topSection: top, inlines: inlines))
            case .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }
}
