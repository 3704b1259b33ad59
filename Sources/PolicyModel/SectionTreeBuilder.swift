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

    private struct Open {
        var heading: Block
        var level: Int
        var blocks: [Block] = []
        var children: [Section] = []
    }

    mutating func build(_ blocks: [Block]) -> [Section] {
        var roots: [Section] = []
        var open: [Open] = []
        for block in blocks {
            if case .heading(let level, _, _) = block.kind {
                closeSections(&open, into: &roots, deeperThanOrAt: level)
                open.append(Open(heading: block, level: level))
            } else if !open.isEmpty {
                open[open.count - 1].blocks.append(block)
            }
        }
        closeSections(&open, into: &roots, deeperThanOrAt: 0)
        return roots
    }

    /// Finishes the open sections at `level` or deeper, innermost first, attaching each to the
    /// section that encloses it (or to the roots).
    private mutating func closeSections(_ open: inout [Open], into roots: inout [Section], deeperThanOrAt level: Int) {
        while let innermost = open.last, innermost.level >= level {
            open.removeLast()
            let parentKind = open.last.flatMap { kind(of: $0.heading, parent: nil) }
            let section = finish(innermost, parentKind: parentKind)
            if open.isEmpty { roots.append(section) } else { open[open.count - 1].children.append(section) }
        }
    }

    private func attributes(_ heading: Block) -> HeadingAttributes? {
        if case .heading(_, _, let attributes) = heading.kind { return attributes }
        return nil
    }

    private func title(_ heading: Block) -> String {
        if case .heading(_, let content, _) = heading.kind { return content.plainText }
        return ""
    }

    /// The kind stated or inferred for a heading; `parent` fills in when the words say nothing.
    private func kind(of heading: Block, parent: SectionKind?) -> SectionKind? {
        let attributes = attributes(heading)
        if attributes?.hasFlag("purpose") == true { return .collection }
        if let stated = attributes?.value(for: "kind"), let kind = SectionKind(rawValue: stated) { return kind }
        return SectionKind.infer(fromHeading: title(heading)) ?? parent
    }

    private mutating func finish(_ open: Open, parentKind: SectionKind?) -> Section {
        let attributes = attributes(open.heading)
        let title = title(open.heading)
        if let stated = attributes?.value(for: "kind"), SectionKind(rawValue: stated) == nil {
            diagnostics.append(Diagnostic(
                .unknownSectionKind, "'\(stated)' is not a section kind",
                at: attributes?.range ?? open.heading.range,
                notes: ["kinds: \(SectionKind.allCases.map(\.rawValue).joined(separator: ", "))"],
                fixIt: NearestMatch.find(stated, in: SectionKind.allCases.map(\.rawValue)).map {
                    FixIt(range: attributes?.range ?? open.heading.range, replacement: "kind=\($0)")
                }))
        }
        for pair in attributes?.pairs ?? [] where pair.key != "kind" {
            diagnostics.append(Diagnostic(.unknownAttribute, "heading attribute '\(pair.key)' is not one policyc knows; it is ignored", at: attributes!.range))
        }
        let knownFlags: Set<String> = ["purpose", "optional", "required"]
        for flag in attributes?.flags ?? [] where !knownFlags.contains(flag) {
            diagnostics.append(Diagnostic(.unknownAttribute, "heading flag '\(flag)' is not one policyc knows; it is ignored", at: attributes!.range,
                                          notes: ["flags: purpose, optional, required"]))
        }
        let id = sectionID(explicit: attributes?.id, title: title, range: attributes?.range ?? open.heading.range)
        let inferred = kind(of: open.heading, parent: parentKind)
        // Children were finished before their parent was known; give kind-less ones the parent's kind.
        let children = open.children.map { child in
            var child = child
            if !child.kindIsDeclared, SectionKind.infer(fromHeading: child.title) == nil, child.kind == .general {
                child.kind = inferred ?? .general
            }
            return child
        }
        var end = open.heading.range
        if let last = open.blocks.last { end = last.range }
        if let last = children.last { end = last.range }
        return Section(
            id: id, title: title, number: Self.number(in: title),
            kind: inferred ?? .general,
            kindIsDeclared: attributes?.value(for: "kind") != nil || attributes?.hasFlag("purpose") == true,
            level: open.level, heading: open.heading, blocks: open.blocks, subsections: children,
            range: open.heading.range.union(end))
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
        let base = Slug.make(title, maxWords: 12).isEmpty ? "section" : Slug.make(title, maxWords: 12)
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
