import PolicyMarkup

/// The runs of words of a section that clauses are read from: paragraphs, list items'
/// paragraphs and table cells, each with its map back to the source.
enum ClauseRuns {
    static func collect(_ blocks: [Block]) -> [InlineText] {
        var runs: [InlineText] = []
        Block.forEachLeaf(in: blocks) { block, _ in
            switch block.kind {
            case .paragraph(let content):
                runs.append(InlineText(content, in: block.range))
            case .table(let table):
                for row in table.rows { for cell in row.cells { runs.append(InlineText(cell.content, in: cell.range)) } }
            case .heading, .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
        return runs
    }
}
