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
        Checks every word against hunspell's en_US dictionary and the project word list \
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
        for unit in document.units {
            let text = unit.text.text
            for sentence in SentenceSplitter.sentences(text) {
                for (word, isFirst) in Self.words(in: text, sentence) where Self.shouldCheck(text[word], isFirstInSentence: isFirst) {
                    let candidate = String(text[word]).replacingOccurrences(of: "’", with: "'")
                    if let meant = Self.slips[candidate.lowercased()] {
                        let range = unit.text.range(of: word)
                        diagnostics.append(Diagnostic(id, slip(candidate, meant), at: range, fixIt: FixIt(range: range, replacement: meant.word)))
                        continue
                    }
                    guard !spelling.isCorrect(candidate) else { continue }
                    let range = unit.text.range(of: word)
                    let suggestion = spelling.suggestions(for: candidate).first
                    diagnostics.append(Diagnostic(
                        id, message(candidate, suggestion), at: range,
                        fixIt: suggestion.map { FixIt(range: range, replacement: $0) }))
                }
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
        "dairy": ("diary", "a milk farm"),
        "trail": ("trial", "a path"),
        "statue": ("statute", "a sculpture"),
        "causal": ("casual", "of causes"),
        "perquisite": ("prerequisite", "a perk"),
        "proscribe": ("prescribe", "to forbid"),
        "wile": ("while", "a trick"),
        "unites": ("units", "joins together"),
    ]

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
