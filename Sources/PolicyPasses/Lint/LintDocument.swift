import PolicyMarkup
import PolicyModel
import PolicyStatements

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

    /// A data-practice statement read from a sentence of one unit.
    public struct UnitStatement: Sendable {
        public var statement: PracticeStatement
        /// The unit's index in `units`.
        public var unit: Int
        /// The sentence's words in the unit's text.
        public var sentence: Range<String.Index>
    }

    public var policy: Policy
    public var units: [Unit] = []
    /// What the sentences of the body state, read with the standard lexicon (so phrases carry
    /// the lexicon's categories, whatever the vocabulary calls them). Headings and the entries
    /// of a table of contents name sections; they state nothing.
    public private(set) var statements: [UnitStatement] = []

    public init(_ policy: Policy) {
        self.policy = policy
        if let title = policy.titleBlock, case .heading(_, let inlines, _) = title.kind {
            units.append(Unit(kind: .title, text: InlineText(inlines, in: title.range), section: nil, topSection: nil, inlines: inlines))
        }
        add(policy.preamble, section: nil, top: nil)
        for section in policy.sections { add(section, top: section) }
        readStatements()
    }

    /// The words of a statement's sentence.
    public func sentence(of statement: UnitStatement) -> Substring { units[statement.unit].text.text[statement.sentence] }

    /// Where a statement's sentence stands.
    public func range(of statement: UnitStatement) -> SourceRange { units[statement.unit].text.range(of: statement.sentence) }

    /// Where a phrase of a statement stands: its words, or the sentence when they cannot be found.
    public func range(of phrase: PracticeStatement.Phrase, in statement: UnitStatement) -> SourceRange {
        let text = units[statement.unit].text
        return phrase.range(in: text.text[statement.sentence]).map(text.range(of:)) ?? range(of: statement)
    }

    private mutating func readStatements() {
        let reader = StatementReader()
        let titles = Set(policy.allSections.map { TitleKey.make($0.title) })
        for (index, unit) in units.enumerated() where unit.kind != .title && unit.kind != .heading {
            let isContentsEntry = unit.inlines.count == 1 && Annotation(unit.inlines[0])?.scheme == .relative
                || (unit.section == nil && unit.kind == .listItem && titles.contains(TitleKey.make(unit.text.text)))
            guard !isContentsEntry else { continue }
            let text = unit.text.text
            for statement in reader.statements(in: text) {
                let start = text.utf8.index(text.startIndex, offsetBy: statement.span.lowerBound)
                let end = text.utf8.index(text.startIndex, offsetBy: statement.span.upperBound)
                statements.append(UnitStatement(statement: statement, unit: index, sentence: start..<end))
            }
        }
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

    private mutating func add(_ blocks: [Block], section: Section?, top: Section?) {
        Block.forEachLeaf(in: blocks) { block, inList in
            switch block.kind {
            case .paragraph(let inlines):
                units.append(Unit(kind: inList ? .listItem : .paragraph, text: InlineText(inlines, in: block.range),
                                  section: section, topSection: top, inlines: inlines))
            case .table(let table):
                for row in table.rows {
                    for cell in row.cells {
                        units.append(Unit(kind: .tableCell, text: InlineText(cell.content, in: cell.range), section: section, topSection: top, inlines: cell.content))
                    }
                }
            case .heading(_, let inlines, _):
                // A heading inside a section's blocks (deeper than the section tree reads).
                units.append(Unit(kind: .heading, text: InlineText(inlines, in: block.range), section: section, topSection: top, inlines: inlines))
            case .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }
}
