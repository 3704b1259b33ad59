import PolicyMarkup

/// One sentence of a policy and where it stands: the unit every reader of meaning (statements,
/// the diff, lint) walks, so that all of them split the text the same way.
public struct PolicySentence: Sendable {
    /// The sentence's words as a reader sees them (links and emphasis give their words).
    public var text: Substring
    public var range: SourceRange
    /// The innermost section the sentence stands in; `nil` in the introduction.
    public var section: Section?
    /// Whether the sentence is a heading's words.
    public var isHeading: Bool
}

extension Policy {
    /// Calls `body` with every sentence of the policy in document order: headings, paragraphs,
    /// list items, block quotes, footnotes and table cells, each split by `SentenceSplitter`.
    /// The walk is `Block.forEachLeaf`'s, so no depth of nesting in a source can exhaust the call stack.
    public func forEachSentence(_ body: (PolicySentence) -> Void) {
        func emit(_ inlines: [Inline], _ range: SourceRange, _ section: Section?, heading: Bool) {
            let text = InlineText(inlines, in: range)
            for sentence in SentenceSplitter.sentences(text.text) {
                body(PolicySentence(text: text.text[sentence], range: text.range(of: sentence), section: section, isHeading: heading))
            }
        }
        func walk(_ blocks: [Block], _ section: Section?) {
            Block.forEachLeaf(in: blocks) { block, _ in
                switch block.kind {
                case .heading(_, let content, _): emit(content, block.range, section, heading: true)
                case .paragraph(let content): emit(content, block.range, section, heading: false)
                case .table(let table):
                    for row in table.rows { for cell in row.cells { emit(cell.content, cell.range, section, heading: false) } }
                case .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak: break
                }
            }
        }
        if let titleBlock { walk([titleBlock], nil) }
        walk(preamble, nil)
        for section in allSections { walk([section.heading] + section.blocks, section) }
    }
}
