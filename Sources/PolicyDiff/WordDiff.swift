import PolicyMarkup
import PolicyModel

/// A run of words that stayed, went or came, for redlines and for the JSON report.
public struct WordRun: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable { case equal, delete, insert }
    public var operation: Operation
    public var text: String
}

/// The word-level difference of one changed unit, and whether it is only editorial.
struct WordDiff {
    let runs: [WordRun]
    /// What kind of editorial edit every change is, or `nil` when one of them changes wording.
    let editorialReason: String?
    /// The words inserted and deleted, for entity recognition.
    let inserted: [Substring]
    let deleted: [Substring]

    /// `newDocument` is all the new version's text, to recognise a sentence removed because it
    /// was said twice.
    init(old: TextUnit, new: TextUnit, newDocument: String) {
        self.init(oldWords: old.words, newWords: new.words, newDocument: newDocument)
    }

    /// Whether two wordings of one fact differ only editorially (or not at all).
    static func isEditorial(_ old: String, _ new: String) -> Bool {
        let diff = WordDiff(oldWords: old.split(separator: " "), newWords: new.split(separator: " "), newDocument: new)
        return diff.editorialReason != nil
    }

    init(oldWords: [Substring], newWords: [Substring], newDocument: String) {
        let steps = EditScript.steps(from: oldWords, to: newWords)
        var runs: [WordRun] = []
        var edits: [(deleted: [Substring], inserted: [Substring])] = []
        var pending: (deleted: [Substring], inserted: [Substring]) = ([], [])
        func append(_ operation: WordRun.Operation, _ word: Substring) {
            if let last = runs.last, last.operation == operation {
                runs[runs.count - 1].text += " " + word
            } else {
                runs.append(WordRun(operation: operation, text: String(word)))
            }
        }
        for step in steps {
            switch step {
            case .equal(let index, _):
                if !pending.deleted.isEmpty || !pending.inserted.isEmpty { edits.append(pending); pending = ([], []) }
                append(.equal, oldWords[index])
            case .delete(let index):
                pending.deleted.append(oldWords[index])
                append(.delete, oldWords[index])
            case .insert(let index):
                pending.inserted.append(newWords[index])
                append(.insert, newWords[index])
            }
        }
        if !pending.deleted.isEmpty || !pending.inserted.isEmpty { edits.append(pending) }
        self.runs = runs
        inserted = edits.flatMap(\.inserted)
        deleted = edits.flatMap(\.deleted)
        var reasons: [String] = []
        for edit in edits {
            guard let reason = Self.editorialReason(deleted: edit.deleted, inserted: edit.inserted, newDocument: newDocument) else {
                editorialReason = nil
                return
            }
            if !reasons.contains(reason) { reasons.append(reason) }
        }
        editorialReason = reasons.isEmpty ? "white space or mark-up" : reasons.joined(separator: ", ")
    }

    /// Why replacing `deleted` by `inserted` leaves the meaning alone, if it does.
    static func editorialReason(deleted: [Substring], inserted: [Substring], newDocument: String) -> String? {
        let before = deleted.joined(separator: " "), after = inserted.joined(separator: " ")
        if before.filter({ !$0.isWhitespace }) == after.filter({ !$0.isWhitespace }) { return "white space" }
        if letters(before) == letters(after) {
            return before.lowercased() == after.lowercased() ? "letter case" : "punctuation"
        }
        if deleted.count == inserted.count, zip(deleted, inserted).allSatisfy({ isSpellingFix($0, $1) }) { return "spelling" }
        // A sentence said twice, once removed.
        if inserted.isEmpty, Self.isSentence(before), newDocument.containsText(before) { return "duplicated sentence removed" }
        return nil
    }

    /// Letters and digits only, lowercased: what is left when punctuation and case are ignored.
    static func letters(_ text: some StringProtocol) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil }.map(Character.init))
    }

    /// A misspelt word corrected: the same word give or take a letter or two. Numbers are never
    /// spelling ("15 days" → "30 days" changes the policy), nor are short words ("may" → "not").
    static func isSpellingFix(_ old: Substring, _ new: Substring) -> Bool {
        let a = letters(old), b = letters(new)
        guard a != b, a.count >= 4, b.count >= 4, !a.contains(where: \.isNumber), !b.contains(where: \.isNumber) else {
            return a == b && a.count > 0
        }
        let distance = NearestMatch.editDistance(Array(a.utf8), Array(b.utf8))
        return distance <= max(1, min(a.count, b.count) / 4)
    }

    static func isSentence(_ text: String) -> Bool {
        guard let last = text.last, text.split(separator: " ").count >= 3 else { return false }
        return ".!?;。！？；".contains(last)
    }
}

/// How alike two units are: twice the shared words over all words (Dice's coefficient on word
/// multisets), cheap enough to try every pair in a hunk.
enum Similarity {
    static func of(_ a: TextUnit, _ b: TextUnit) -> Double {
        of(a.words, b.words)
    }

    static func of(words a: String, _ b: String) -> Double {
        of(a.split(whereSeparator: \.isWhitespace), b.split(whereSeparator: \.isWhitespace))
    }

    static func of(_ wordsA: [Substring], _ wordsB: [Substring]) -> Double {
        guard !wordsA.isEmpty || !wordsB.isEmpty else { return 1 }
        var counts: [Substring: Int] = [:]
        for word in wordsA { counts[word, default: 0] += 1 }
        var shared = 0
        for word in wordsB where counts[word, default: 0] > 0 {
            counts[word]! -= 1
            shared += 1
        }
        return Double(2 * shared) / Double(wordsA.count + wordsB.count)
    }
}
