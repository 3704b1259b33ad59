import PolicyMarkup

/// Nests the blocks after the title into sections by heading level, and gives each section
/// its id (the `{#id}` anchor or a slug of its words) and kind (`kind=…` or inferred).
struct SectionTreeBuilder {
    let strict: Bool
    var diagnostics: [Diagnostic] = []
    private var usedIDs: [String: SourceRange] = [:]

    init(strict: Bool) {
        self.strict = strict
    }

    /// A heading and what follows it, nested but not yet given an id or kind.
    private struct Open {
        var heading: Block
        var level: Int
        var blocks: [Block] = []
        var children: [Open] = []
    }

    mutating func build(_ blocks: [Block]) -> [Section] {
        var roots: [Open] = []
        var open: [Open] = []
        for block in blocks {
            if case .heading(let level, _, _) = block.kind {
                close(&open, into: &roots, atOrBelow: level)
                open.append(Open(heading: block, level: level))
            } else if !open.isEmpty {
                open[open.count - 1].blocks.append(block)
            }
        }
        close(&open, into: &roots, atOrBelow: 0)
        // Ids and kinds are given top-down, in document order, once the parent's kind is known.
        return roots.map { finish($0, parentKind: nil) }
    }

    /// Closes the open sections at `level` or deeper, innermost first, attaching each to the
    /// section that encloses it (or to the roots).
    private func close(_ open: inout [Open], into roots: inout [Open], atOrBelow level: Int) {
        while let innermost = open.last, innermost.level >= level {
            open.removeLast()
            if open.isEmpty { roots.append(innermost) } else { open[open.count - 1].children.append(innermost) }
        }
    }

    private mutating func finish(_ open: Open, parentKind: SectionKind?) -> Section {
        guard case .heading(_, let content, let attributes) = open.heading.kind else {
            preconditionFailure("a section always opens with a heading")
        }
        let title = content.plainText
        reportUnknownAttributes(attributes, heading: open.heading)
        let id = sectionID(explicit: attributes?.id, title: title, range: attributes?.range ?? open.heading.range)
        let statedKind: SectionKind? = attributes?.hasFlag("purpose") == true ? .collection
            : attributes?.value(for: "kind").flatMap(SectionKind.init(rawValue:))
        let kind = statedKind ?? SectionKind.infer(heading: title, body: { Self.words(of: open.blocks) }) ?? parentKind ?? .general
        let children = open.children.map { finish($0, parentKind: kind) }
        let end = children.last?.range ?? open.blocks.last?.range ?? open.heading.range
        return Section(
            id: id, title: title, number: Self.number(in: title),
            kind: kind, kindIsDeclared: statedKind != nil,
            level: open.level, heading: open.heading, blocks: open.blocks, subsections: children,
            range: open.heading.range.union(end))
    }

    /// The plain words of a section's own blocks, one space between runs, for telling what it
    /// is about (no map back to the source is needed, so no `InlineText`). The first kilobyte tells
    /// that as well as the whole, and keeps a long section's cost bounded.
    private static func words(of blocks: [Block]) -> String {
        var text = ""
        Block.forEachLeaf(in: blocks) { block, _ in
            guard text.utf8.count < 1024 else { return }
            switch block.kind {
            case .paragraph(let content), .heading(_, let content, _):
                content.forEachPlainTextPiece { text += $0 }
                text += " "
            case .table(let table):
                for row in table.rows { for cell in row.cells { cell.content.forEachPlainTextPiece { text += $0 }; text += " " } }
            case .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak: break
            }
        }
        return text
    }

    private static let knownFlags: Set<String> = ["purpose", "optional", "required"]

    private mutating func reportUnknownAttributes(_ attributes: HeadingAttributes?, heading: Block) {
        guard let attributes else { return }
        // In a project a misspelt key or flag changes what is published: an error, not a hint.
        let severity: Severity = strict ? .error : .warning
        if let pair = attributes.pairs.first(where: { $0.key == "kind" }), SectionKind(rawValue: pair.value) == nil {
            let suggestion = NearestMatch.find(pair.value, in: SectionKind.allCases.map(\.rawValue))
            diagnostics.append(Diagnostic(
                .unknownSectionKind, "'\(pair.value)' is not a section kind",
                at: pair.valueRange, severity: severity,
                notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? [])
                    + ["kinds: \(SectionKind.allCases.map(\.rawValue).joined(separator: ", "))"],
                fixIt: suggestion.map { FixIt(range: pair.valueRange, replacement: $0) }))
        }
        for pair in attributes.pairs where pair.key != "kind" {
            diagnostics.append(Diagnostic(
                .unknownAttribute, "heading attribute '\(pair.key)' is not one policyc knows", at: attributes.range, severity: severity,
                notes: ["the only key is kind=…; did you mean 'kind=\(pair.value)'?"]))
        }
        for flag in attributes.flags where !Self.knownFlags.contains(flag) {
            let suggestion = NearestMatch.find(flag, in: Self.knownFlags)
            diagnostics.append(Diagnostic(
                .unknownAttribute, "heading flag '\(flag)' is not one policyc knows", at: attributes.range, severity: severity,
                notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["flags: purpose, optional, required"]))
        }
    }

    private mutating func sectionID(explicit: String?, title: String, range: SourceRange) -> String {
        if let explicit {
            if let previous = usedIDs[explicit] {
                diagnostics.append(Diagnostic(
                    .duplicateID, "the section id '\(explicit)' is already used at line \(previous.start.line); ids must be unique in a policy",
                    at: range))
            }
            usedIDs[explicit] = range
            return explicit
        }
        let slug = Slug.make(title, maxWords: 12)
        let base = slug.isEmpty ? "section" : slug
        var candidate = base
        var counter = 1
        while usedIDs[candidate] != nil {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        usedIDs[candidate] = range
        return candidate
    }

    /// "I.How Do We…" → "I", "(II)Deleting…" → "II", "3.Ensuring…" → "3".
    static func number(in title: String) -> String? {
        var rest = Substring(title)
        let parenthesised = rest.hasPrefix("(")
        if parenthesised { rest = rest.dropFirst() }
        let token = rest.prefix { $0.isNumber || "IVXLC".contains($0) }
        guard !token.isEmpty else { return nil }
        let after = rest.dropFirst(token.count).first
        guard parenthesised ? after == ")" : (after == "." || after == ")") else { return nil }
        return String(token)
    }
}
