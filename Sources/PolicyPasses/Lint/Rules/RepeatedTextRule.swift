import PolicyMarkup
import PolicyModel

/// A paragraph, list item or sentence that repeats an earlier one word for word, as scraped and
/// pasted policies do ("If facts prove …" twice in a row). Short sentences ("Learn more.") and
/// table cells repeat on purpose and are left alone, and so does text repeated in another section
/// (each purpose may say "this will not affect your normal use …").
struct RepeatedTextRule: LintRule {
    let id = DiagnosticID.repeatedText
    let explanation = """
        Reports a paragraph, list item or sentence of eight words or more that repeats one \
        at most three paragraphs earlier in the same section, word for word (white space and \
        letter case aside). The fix-it removes the \
        repetition; if both places are meant, reword one so the reader sees why it is said twice.
        """
    static let minimumWords = 8
    /// How many paragraphs apart a repetition may be to count as a slip; further apart, a
    /// section usually repeats on purpose (an address given for two kinds of request).
    static let nearby = 3

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seenUnits: [String: (range: SourceRange, position: Int)] = [:]
        var seenSentences: [String: (range: SourceRange, position: Int)] = [:]
        var sectionID: String?
        let units = document.units.filter { $0.kind == .paragraph || $0.kind == .listItem }
        for (position, unit) in units.enumerated() {
            // Text repeated in another section is usually meant (an address under "Contact" and
            // under "Your rights", an annex per region); a slip repeats within one section.
            if unit.section?.id != sectionID {
                sectionID = unit.section?.id
                seenUnits = [:]
                seenSentences = [:]
            }
            let text = unit.text.text
            let whole = text.startIndex..<text.endIndex
            let unitKey = Self.key(text[whole])
            if Self.wordCount(unitKey) >= Self.minimumWords, let first = seenUnits[unitKey], position - first.position <= Self.nearby {
                let range = unit.text.range(of: whole)
                diagnostics.append(Diagnostic(
                    id, unit.kind == .listItem ? repeatedItem : repeatedParagraph, at: range,
                    notes: [firstSaid(first.range)], fixIt: FixIt(range: range, replacement: "")))
                continue
            }
            seenUnits[unitKey] = (unit.text.range(of: whole), position)
            for sentence in SentenceSplitter.sentences(text) {
                let key = Self.key(text[sentence])
                guard Self.wordCount(key) >= Self.minimumWords else { continue }
                if let first = seenSentences[key], position - first.position <= Self.nearby {
                    let range = unit.text.range(of: sentence)
                    diagnostics.append(Diagnostic(id, repeatedSentence, at: range, notes: [firstSaid(first.range)],
                                                  fixIt: FixIt(range: range, replacement: "")))
                } else {
                    seenSentences[key] = (unit.text.range(of: sentence), position)
                }
            }
        }
        return diagnostics
    }

    static func key(_ text: Substring) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    static func wordCount(_ key: String) -> Int {
        key.split(separator: " ").filter { $0.contains(where: \.isLetter) }.count
    }

    // MARK: Messages
    private let repeatedParagraph = "this paragraph repeats an earlier one word for word"
    private let repeatedItem = "this list item repeats an earlier one word for word"
    private let repeatedSentence = "this sentence repeats an earlier one word for word"
    private func firstSaid(_ range: SourceRange) -> DiagnosticNote { "first said at line \(range.start.line)" }
}
