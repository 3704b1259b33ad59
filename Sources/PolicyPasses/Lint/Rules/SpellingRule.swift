import PolicyMarkup
import PolicyModel

/// Words in neither the English dictionary nor the project's word list ("cemera", "jobbery").
///
/// Names are not words a dictionary knows, so a capitalised word inside a sentence is taken
/// for a name and passed over; so are words in capitals (SUNMI, GDPR), words with digits, and
/// web and e-mail addresses. A capitalised word that starts a sentence is checked.
struct SpellingRule: LintRule {
    let id = DiagnosticID.misspelledWord
    let explanation = """
        Checks every word against hunspell's en_US and en_GB dictionaries, a built-in list of privacy words and the project word list \
        (policies/words.txt, one word per line, or --words FILE). Capitalised words inside a \
        sentence, words in capitals, words with digits and addresses are taken for names and \
        skipped. A few dictionary words that in a policy are almost always a slip of one letter \
        ("jobbery" for "robbery", "pubic" for "public") are reported too. The fix-it is \
        hunspell's first suggestion; add real words to the word list.
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        guard let spelling = context.spelling else {
            return [Diagnostic(id, noDictionary, at: .point(document.policy.source.path, line: 1, column: 1), severity: .note)]
        }
        var diagnostics: [Diagnostic] = []
        // Hunspell takes tens of milliseconds to suggest; a word misspelt a thousand times is
        // asked about once.
        var suggestions: [String: String?] = [:]
        for unit in document.units {
            let text = unit.text.text
            // Code spans hold identifiers and cookie names, not words.
            let code = unit.inlines.collect { inline -> String? in
                if case .code(let text) = inline.kind { return text } else { return nil }
            }
            let candidates = SentenceSplitter.sentences(text).flatMap { sentence in
                Self.words(in: text, sentence).filter { word, isFirst in
                    // A capitalised word that opens a table cell or a list item is usually a name
                    // (a company, a cookie's provider), not the start of a sentence.
                    Self.shouldCheck(text[word], isFirstInSentence: isFirst && (unit.kind == .paragraph || unit.kind == .heading || unit.kind == .title))
                        && !code.contains { $0.contains(text[word]) }
                }.map(\.0)
            }
            // A passage in another language (a French notice in an English policy) is not
            // checked against English dictionaries: when it has none of English's commonest
            // words and most of its words are unknown. (Typo-ridden English still has "the".)
            if !Self.looksEnglish(text) {
                let unknown = candidates.filter { !spelling.isCorrect(String(text[$0]).replacingOccurrences(of: "’", with: "'")) }
                if unknown.count >= 3, unknown.count * 5 >= candidates.count * 2 { continue }
            }
            for word in candidates {
                var candidate = String(text[word]).replacingOccurrences(of: "’", with: "'")
                // A possessive is its noun: "subprocessor's" is right when "subprocessor" is.
                if candidate.hasSuffix("'s") { candidate.removeLast(2) }
                if let meant = Self.slips[candidate.lowercased()] {
                    let range = unit.text.range(of: word)
                    diagnostics.append(Diagnostic(id, slip(candidate, meant), at: range, fixIt: FixIt(range: range, replacement: meant.word)))
                    continue
                }
                guard !spelling.isCorrect(candidate) else { continue }
                let range = unit.text.range(of: word)
                let suggestion: String?
                if let known = suggestions[candidate] {
                    suggestion = known
                } else {
                    suggestion = spelling.suggestions(for: candidate).first
                    suggestions[candidate] = suggestion
                }
                diagnostics.append(Diagnostic(
                    id, message(candidate, suggestion), at: range,
                    fixIt: suggestion.map { FixIt(range: range, replacement: $0) }))
            }
        }
        return diagnostics
    }

    /// Runs of letters (with inner apostrophes), skipping tokens that hold digits, '@', '/' or
    /// '.' inside (addresses, versions, file names).
    static func words(in text: String, _ sentence: Range<String.Index>) -> [(Range<String.Index>, Bool)] {
        var result: [(Range<String.Index>, Bool)] = []
        var isFirst = true
        var index = sentence.lowerBound
        while index < sentence.upperBound {
            guard !text[index].isWhitespace else {
                index = text.index(after: index)
                continue
            }
            // One whitespace-delimited token.
            var end = index
            while end < sentence.upperBound, !text[end].isWhitespace { end = text.index(after: end) }
            let token = text[index..<end]
            if let first = token.firstIndex(where: \.isLetter), let last = token.lastIndex(where: \.isLetter) {
                let coreEnd = text.index(after: last)
                let core = text[first..<coreEnd]
                let isAddress = token.contains("@") || token.contains("/") || core.contains(".") || core.contains(where: \.isNumber) || core.contains("_")
                    || token.contains("[at]") || token.contains("(at)") || token.contains("[dot]")
                if !isAddress { result += parts(of: text, first..<coreEnd, isFirst: isFirst) }
            }
            isFirst = false
            index = end
        }
        return result
    }

    /// Hyphenated compounds are checked part by part ("third-party", "opt-out"); other
    /// punctuation inside a token splits it too.
    private static func parts(of text: String, _ core: Range<String.Index>, isFirst: Bool) -> [(Range<String.Index>, Bool)] {
        var result: [(Range<String.Index>, Bool)] = []
        var partStart = core.lowerBound
        let coreEnd = core.upperBound
        var cursor = partStart
        while cursor <= coreEnd {
            if cursor == coreEnd || !(text[cursor].isLetter || text[cursor] == "'" || text[cursor] == "’") {
                if partStart < cursor { result.append((partStart..<cursor, isFirst)) }
                if cursor == coreEnd { break }
                partStart = text.index(after: cursor)
            }
            cursor = text.index(after: cursor)
        }
        return result
    }

    /// Words a dictionary accepts that in a privacy policy are almost always a slip of one
    /// letter for a common word (as LanguageTool's confusion sets do for English at large).
    static let slips: [String: (word: String, sense: String)] = [
        "jobbery": ("robbery", "corruption in public office"),
        "pubic": ("public", "of the pubis"),
        "costumer": ("customer", "a maker of costumes"),
        "costumers": ("customers", "makers of costumes"),
        "manger": ("manager", "a feeding trough"),
        "perquisite": ("prerequisite", "a perk"),
    ]

    static let functionWords: Set<String> = ["the", "and", "of", "to", "we", "you", "your", "is", "are", "in", "for", "or", "with", "our", "this", "that", "will", "may"]

    static func looksEnglish(_ text: String) -> Bool {
        text.lowercased().split { !$0.isLetter }.contains { functionWords.contains(String($0)) }
    }

    static func shouldCheck(_ word: Substring, isFirstInSentence: Bool) -> Bool {
        let letters = word.filter(\.isLetter)
        guard letters.count >= 2, letters.allSatisfy({ $0.isASCII || $0.isLetter && $0.unicodeScalars.first!.value < 0x250 }) else { return false }
        if letters.allSatisfy(\.isUppercase) { return false }
        if word.dropFirst().contains(where: \.isUppercase) { return false }  // iPhone, GitHub
        if word.first!.isUppercase && !isFirstInSentence { return false }
        return true
    }

    // MARK: Messages
    private func slip(_ word: String, _ meant: (word: String, sense: String)) -> String {
        "'\(word)' is in the dictionary, but it means \(meant.sense); did you mean '\(meant.word)'?"
    }
    private let noDictionary = "spelling was not checked: the en_US dictionary (Debian package hunspell-en-us) is not installed"
    private func message(_ word: String, _ suggestion: String?) -> String {
        "'\(word)' is not in the dictionary" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (if it is right, add it to the project word list)"
    }
}
