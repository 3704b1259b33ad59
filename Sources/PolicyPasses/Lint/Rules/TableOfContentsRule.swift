import PolicyMarkup
import PolicyModel

/// The table of contents must say what the headings say, in their order, and leave none out.
/// The seed's contents list "II.How Do We store …" over the heading "II.How Do We Store …", and
/// "V.How Do We Handle Minors' …" over "V.How Do We Process Minors' …".
struct TableOfContentsRule: LintRule {
    let id = DiagnosticID.tableOfContentsMismatch
    let explanation = """
        A table of contents is a list whose items link to sections (#anchor), or list the \
        headings' words before the first section. Each entry must match its heading: letter \
        case and wording (a difference of a word or two is reported with a fix-it; an entry \
        that shortens its heading on purpose is left alone), in the headings' order, and every \
        section at the level the contents list must be in it.
        """

    struct Entry {
        var text: String
        var range: SourceRange
        var section: Section
    }

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        let sections = document.policy.allSections
        let byID = Dictionary(sections.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let byKey = Dictionary(sections.map { (TitleKey.make($0.title), $0) }, uniquingKeysWith: { first, _ in first })
        var entries: [Entry] = []
        for unit in document.units where unit.kind == .listItem {
            let text = unit.text.text
            let whole = unit.text.range(of: text.startIndex..<text.endIndex)
            if unit.inlines.count == 1, case .link(let destination, _, _) = unit.inlines[0].kind, destination.hasPrefix("#"),
               let section = byID[String(destination.dropFirst())] {
                entries.append(Entry(text: text, range: whole, section: section))
            } else if unit.section == nil,
                      // The same words, or (as the imported seed's "Handle" for "Process") one
                      // or two changed: an entry that says its heading slightly differently.
                      let section = byKey[TitleKey.make(text)] ?? sections.first(where: { (Self.wordsChanged(text, $0.title) ?? 3) <= 2 }) {
                entries.append(Entry(text: text, range: whole, section: section))
            }
        }
        guard entries.count >= 2 else { return [] }
        var diagnostics: [Diagnostic] = []
        for entry in entries where entry.text != entry.section.title {
            if TitleKey.make(entry.text) == TitleKey.make(entry.section.title) {
                diagnostics.append(Diagnostic(id, caseDiffers(entry.text, entry.section.title), at: entry.range,
                                              fixIt: FixIt(range: entry.range, replacement: entry.section.title)))
            } else if let changed = Self.wordsChanged(entry.text, entry.section.title), changed <= 2 {
                diagnostics.append(Diagnostic(id, wordingDiffers(entry.text, entry.section.title), at: entry.range,
                                              fixIt: FixIt(range: entry.range, replacement: entry.section.title)))
            }
        }
        let order = sections.map(\.id)
        for (previous, entry) in zip(entries, entries.dropFirst())
        where (order.firstIndex(of: entry.section.id) ?? 0) < (order.firstIndex(of: previous.section.id) ?? 0) {
            diagnostics.append(Diagnostic(id, outOfOrder(entry.text, previous.text), at: entry.range))
        }
        // Sections at the level the contents list, that it leaves out.
        let level = entries[0].section.level
        let listed = Set(entries.map(\.section.id))
        let atLevel = sections.filter { $0.level == level }
        if listed.count * 2 >= atLevel.count {
            for section in atLevel where !listed.contains(section.id) {
                diagnostics.append(Diagnostic(id, missing(section.title), at: section.heading.range,
                                              notes: ["the table of contents starts at line \(entries[0].range.start.line)"]))
            }
        }
        return diagnostics
    }

    /// How many words must change to turn one title into the other, when they have the same
    /// number of words (a reworded title); `nil` otherwise.
    static func wordsChanged(_ a: String, _ b: String) -> Int? {
        let wordsA = a.lowercased().split { !$0.isLetter && !$0.isNumber }
        let wordsB = b.lowercased().split { !$0.isLetter && !$0.isNumber }
        guard wordsA.count == wordsB.count, wordsA.count >= 3 else { return nil }
        let changed = zip(wordsA, wordsB).filter { $0 != $1 }.count
        return changed * 3 <= wordsA.count ? changed : nil
    }

    // MARK: Messages
    private func caseDiffers(_ entry: String, _ heading: String) -> String {
        "the table of contents says '\(entry)' but the heading says '\(heading)' (only letter case or punctuation differs)"
    }
    private func wordingDiffers(_ entry: String, _ heading: String) -> String {
        "the table of contents says '\(entry)' but the heading says '\(heading)'"
    }
    private func outOfOrder(_ entry: String, _ previous: String) -> String {
        "the table of contents lists '\(entry)' after '\(previous)', but the sections come the other way round"
    }
    private func missing(_ title: String) -> String {
        "the section '\(title)' is missing from the table of contents"
    }
}
