import PolicyMarkup
import PolicyModel

/// A paragraph, list item or sentence that repeats an earlier one word for word, as scraped and
/// pasted policies do ("If facts prove …" twice in a row). Short sentences ("Learn more.") and
/// table cells repeat on purpose and are left alone, and so does a sentence repeated in another
/// section (each purpose may say "this will not affect your normal use …").
struct RepeatedTextRule: LintRule {
    let id = DiagnosticID.repeatedText
    let explanation = """
        Reports a paragraph or list item of eight words or more that repeats an earlier one \
        word for word (white space and letter case aside), and a sentence that repeats one \
        earlier in the same section. The fix-it removes the \
        repetition; if both places are meant, reword one so the reader sees why it is said twice.
        """
    static let minimumWords = 8

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seenUnits: [String: SourceRange] = [:]
        var seenSentences: [String: SourceRange] = [:]
        var sectionID: String?
        for unit in document.units where unit.kind == .paragraph || unit.kind == .listItem {
            if unit.section?.id != sectionID {
                sectionID = unit.section?.id
                seenSentences = [:]
            }
            let text = unit.text.text
            let whole = text.startIndex..<text.endIndex
            let unitKey = Self.key(text[whole])
            if Self.wordCount(unitKey) >= Self.minimumWords, let first = seenUnits[unitKey] {
                let range = unit.text.range(of: whole)
                diagnostics.append(Diagnostic(
                    id, unit.kind == .listItem ? repeatedItem : repeatedParagraph, at: range,
                    notes: [firstSaid(first)], fixIt: FixIt(range: range, replacement: "")))
                continue
            }
            seenUnits[unitKey] = seenUnits[unitKey] ?? unit.text.range(of: whole)
            for sentence in SentenceSplitter.sentences(text) {
                let key = Self.key(text[sentence])
                guard Self.wordCount(key) >= Self.minimumWords else { continue }
                if let first = seenSentences[key] {
                    let range = unit.text.range(of: sentence)
                    diagnostics.append(Diagnostic(id, repeatedSentence, at: range, notes: [firstSaid(first)],
                                                  fixIt: FixIt(range: range, replacement: "")))
                } else {
                    seenSentences[key] = unit.text.range(of: sentence)
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
    private func firstSaid(_ range: SourceRange) -> String { "first said at line \(range.start.line)" }
}
