/// What the walk over a page found: its blocks in page order, headings still at their HTML
/// level (1 to 6), the page's `<title>`, and the parts it left out.
struct HTMLPage {
    var blocks: [LegacyBlock] = []
    var title: (text: String, line: Int)?
    var leftOut: [LeftOutText] = []

    /// The policies on the page. The first `<h1>` followed by text starts one and is its title;
    /// a later `<h1>` starts another only when its dates follow it ("Last updated: …"), as the
    /// title of each policy on a page that holds several does. Other `<h1>`s are sections (many
    /// sites use `<h1>` for every section). Text before the first title (a site's banner or
    /// menu) is left out for a person to look at. A page without one
    /// is one policy, titled by its `<title>`, else by a heading it starts with, else by its
    /// file name. What is left out comes in page order.
    func documents(path: String) -> (documents: [LegacyDocument], leftOut: [LeftOutText]) {
        guard !blocks.isEmpty else { return ([], leftOut) }
        let candidates = blocks.indices.filter { index in
            blocks[index].kind == .heading(level: 1) && index + 1 < blocks.count && blocks[index + 1].kind != .heading(level: 1)
        }
        let titles = candidates.prefix(1) + candidates.dropFirst().filter { PlainTextReader.datesLine(Substring(blocks[$0 + 1].plainText)) }
        guard let first = titles.first else {
            return ([untitledDocument(path: path)], leftOut)
        }
        var leftOut = leftOut
        if first > 0 {
            let before = blocks[..<first]
            leftOut.append(LeftOutText(
                path: path, lines: before.first!.line...max(before.first!.line, before.last!.line),
                reason: "before the policy's title (the first <h1>); a banner or menu of the site?",
                excerpt: LeftOutText.excerpt(before.map(\.words).joined(separator: " "))))
        }
        let documents = titles.indices.map { number in
            let start = titles[number]
            let end = number + 1 < titles.count ? titles[number + 1] : blocks.count
            return LegacyDocument(path: path, title: blocks[start].plainText, line: blocks[start].line,
                                  blocks: Self.normalisingHeadings(Array(blocks[(start + 1)..<end])))
        }
        return (documents, leftOut.enumerated().sorted { ($0.element.lines.lowerBound, $0.offset) < ($1.element.lines.lowerBound, $1.offset) }.map(\.element))
    }

    private func untitledDocument(path: String) -> LegacyDocument {
        var blocks = blocks
        if let title, !title.text.isEmpty {
            return LegacyDocument(path: path, title: title.text, line: title.line, blocks: Self.normalisingHeadings(blocks))
        }
        if case .heading = blocks[0].kind {
            let heading = blocks.removeFirst()
            return LegacyDocument(path: path, title: heading.plainText, line: heading.line, blocks: Self.normalisingHeadings(blocks))
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : name
        return LegacyDocument(path: path, title: stem, line: 1, blocks: Self.normalisingHeadings(blocks))
    }

    /// Shifts heading levels so that the highest one used for sections becomes 2, a top-level
    /// section under the title, whichever level the page chose for them (`<h2>`, or only
    /// `<h3>`). A stray `<h1>` among them (one without text of its own) is a top-level section too.
    static func normalisingHeadings(_ blocks: [LegacyBlock]) -> [LegacyBlock] {
        let levels = blocks.compactMap { block -> Int? in
            if case .heading(let level) = block.kind, level > 1 { level } else { nil }
        }
        let highest = levels.min() ?? 2
        guard highest != 2 || blocks.contains(where: { $0.kind == .heading(level: 1) }) else { return blocks }
        return blocks.map { block in
            guard case .heading(let level) = block.kind else { return block }
            var shifted = block
            shifted.kind = .heading(level: level == 1 ? 2 : min(6, level + 2 - highest))
            return shifted
        }
    }
}

extension LegacyBlock {
    /// The block's words, a table's cell by cell.
    var words: String {
        guard case .table(let rows, _) = kind else { return plainText }
        return rows.flatMap { $0 }.map { $0.map(\.plainText).joined() }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension LeftOutText {
    /// The first words of `text`, for a report.
    static func excerpt(_ text: String, words: Int = 12) -> String {
        let all = text.split(separator: " ", omittingEmptySubsequences: true)
        return all.prefix(words).joined(separator: " ") + (all.count > words ? " …" : "")
    }
}
