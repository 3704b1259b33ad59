import PolicyMarkup

/// The runs of words of a section that clauses are read from: paragraphs, list items'
/// paragraphs and table cells, each with its map back to the source.
enum ClauseRuns {
    static func collect(_ blocks: [Block]) -> [InlineText] {
        var runs: [InlineText] = []
        collect(blocks, into: &runs)
        return runs
    }

    private static func collect(_ blocks: [Block], into runs: inout [InlineText]) {
        for block in blocks {
            switch block.kind {
            case .paragraph(let content):
                runs.append(InlineText(content, in: block.range))
            case .list(_, let items):
                for item in items { collect(item.blocks, into: &runs) }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                collect(children, into: &runs)
            case .table(let table):
                for row in table.rows { for cell in row.cells { runs.append(InlineText(cell.content, in: cell.range)) } }
            case .heading, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }
}
