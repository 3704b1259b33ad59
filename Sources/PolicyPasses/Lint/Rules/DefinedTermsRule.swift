import Foundation
import PolicyMarkup
import PolicyModel

/// Defined terms are the policy's vocabulary: a term defined and never used is dead weight
/// (or the text uses another word for it); a phrase capitalised like a defined term but never
/// defined leaves its meaning open.
struct DefinedTermsRule: LintRule {
    let id = DiagnosticID.unusedDefinedTerm
    let explanation = """
        PC6008: a term the policy defines (“X” in a "hereinafter referred to as" clause, or an \
        entry of its definitions section) that the text never uses again. PC6009: a phrase of \
        two to four capitalised dictionary words naming data ("Device Operation Data", \
        "Customer Content": its last word is Data, Information or Content) used at least twice \
        inside sentences, as defined terms are, but never defined. A phrase the text ever sets \
        in quotation marks or bold, or follows with "means", counts as defined; names (words \
        the dictionary does not know), headings and link texts are not taken for terms.
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        unused(document) + undefined(document, spelling: context.spelling)
    }

    // MARK: Defined but never used

    private func unused(_ document: LintDocument) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for definition in document.policy.definitions {
            let definingLines = Set(definition.statements.map(\.range.start.line))
            // "Users" defined and "users" written is a use: the capital is typography.
            let caseSensitive = false
            let uses = document.units.filter { unit in
                guard !definingLines.contains(unit.text.range(of: unit.text.text.startIndex..<unit.text.text.endIndex).start.line) else {
                    // On the defining line, every occurrence after the first is a use.
                    return Self.occurrences(of: definition.term, in: unit.text.text, caseSensitive: caseSensitive) > 1
                }
                return Self.occurrences(of: definition.term, in: unit.text.text, caseSensitive: caseSensitive) > 0
            }
            if uses.isEmpty, let statement = definition.statements.first {
                diagnostics.append(Diagnostic(id, neverUsed(definition.term), at: statement.range))
            }
        }
        return diagnostics
    }

    static func occurrences(of term: String, in text: String, caseSensitive: Bool) -> Int {
        var count = 0
        var start = text.startIndex
        let options: String.CompareOptions = caseSensitive ? [] : [.caseInsensitive]
        while let found = text.range(of: term, options: options, range: start..<text.endIndex) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if !(before?.isLetter ?? false), !(after?.isLetter ?? false) { count += 1 }
            start = found.upperBound
        }
        return count
    }

    // MARK: Capitalised but never defined

    /// Words that may stand inside a term ("Rules for Protection of Data"). Not "and"/"or": a
    /// phrase that joins two terms ("Customer Data and Personal Data") is two terms.
    private static let connectors: Set<String> = ["of", "the", "for", "to", "on", "in"]

    private func undefined(_ document: LintDocument, spelling: SpellChecker?) -> [Diagnostic] {
        guard let spelling else { return [] }
        let defined = Set(document.policy.definitions.map { $0.term.lowercased() })
        var excluded = Set(document.policy.allSections.map { $0.title.lowercased() })
        excluded.insert(document.policy.metadata.title.lowercased())
        var phrases: [String: [SourceRange]] = [:]
        for unit in document.units where unit.kind != .heading && unit.kind != .title {
            // Link texts name other things; bold and italic set unannotated policies' defined terms.
            let linkTexts = Annotation.links(in: unit.inlines).map(\.words)
            let markedTexts = unit.inlines.collect { inline -> String? in
                switch inline.kind {
                case .strong, .emphasis: inline.children.plainText.trimmingCharacters(in: .punctuationCharacters)
                default: nil
                }
            }
            for text in linkTexts + markedTexts + Self.quotedOrMeant(unit.text.text) { excluded.insert(text.lowercased()) }
            let text = unit.text.text
            for sentence in SentenceSplitter.sentences(text) {
                for phrase in Self.capitalisedPhrases(in: text, sentence) {
                    phrases[String(text[phrase]), default: []].append(unit.text.range(of: phrase))
                }
            }
        }
        var diagnostics: [Diagnostic] = []
        for (phrase, ranges) in phrases.sorted(by: { $0.key < $1.key }) where ranges.count >= 2 {
            let lowered = phrase.lowercased()
            guard Self.dataNouns.contains(String(phrase.split(separator: " ").last ?? "")), !defined.contains(lowered), !defined.contains(where: { lowered.contains($0) || $0.contains(lowered) }),
                  !excluded.contains(where: { $0.contains(lowered) }),
                  phrase.split(separator: " ").allSatisfy({ Self.connectors.contains(String($0)) || spelling.isCorrect($0.lowercased()) })
            else { continue }
            diagnostics.append(Diagnostic(.undefinedCapitalisedTerm, neverDefined(phrase, ranges.count), at: ranges[0]))
        }
        return diagnostics
    }

    /// Runs of two to four capitalised words (connectors allowed between them) that do not
    /// start the sentence.
    static func capitalisedPhrases(in text: String, _ sentence: Range<String.Index>) -> [Range<String.Index>] {
        var words: [Range<String.Index>] = []
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            if text[index].isLetter {
                var end = index
                while end < sentence.upperBound, text[end].isLetter || text[end] == "'" || text[end] == "’" { end = text.index(after: end) }
                words.append(index..<end)
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        var result: [Range<String.Index>] = []
        var run: [Range<String.Index>] = []
        func flush() {
            while let last = run.last, connectors.contains(String(text[last])) { run.removeLast() }
            let capitalised = run.filter { !connectors.contains(String(text[$0])) }
            if capitalised.count >= 2, capitalised.count <= 4, let first = run.first, let last = run.last {
                // Only if the words are separated by single spaces (not a list: "Name, Address").
                let range = first.lowerBound..<last.upperBound
                if !text[range].contains(where: { !$0.isLetter && $0 != " " && $0 != "'" && $0 != "’" }) { result.append(range) }
            }
            run = []
        }
        for (position, word) in words.enumerated() {
            let token = text[word]
            // A possessive ("Customer's Protected Data") is a word about a term, not part of one.
            let isCapitalised = token.first!.isUppercase && token.dropFirst().allSatisfy(\.isLowercase)
            if isCapitalised && position > 0 {
                run.append(word)
            } else if !run.isEmpty && connectors.contains(String(token)) {
                run.append(word)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// The last word of a phrase that names data the way a defined term does.
    static let dataNouns: Set<String> = ["Data", "Information", "Content"]

    /// “Quoted” phrases, and the words before "means": definitions in running text.
    static func quotedOrMeant(_ text: String) -> [String] {
        var result: [String] = []
        var open: String.Index?
        for index in text.indices {
            let character = text[index]
            if let start = open, character == "”" || character == "“" || character == "\"" {
                result.append(String(text[start..<index]))
                open = nil
            } else if character == "“" || character == "\"" {
                open = text.index(after: index)
            }
        }
        var searchStart = text.startIndex
        while let means = text.range(of: " mean", range: searchStart..<text.endIndex) {
            let before = text[..<means.lowerBound].split(separator: " ").suffix(4).joined(separator: " ")
            result.append(before.trimmingCharacters(in: .punctuationCharacters))
            searchStart = means.upperBound
        }
        return result
    }

    // MARK: Messages
    private func neverUsed(_ term: String) -> String {
        "the term '\(term)' is defined but never used"
    }
    private func neverDefined(_ phrase: String, _ count: Int) -> String {
        "'\(phrase)' is capitalised like a defined term (\(count) times) but never defined"
    }
}
