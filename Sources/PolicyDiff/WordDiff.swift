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
        self.init(oldWords: old.words, oldHashes: old.wordHashes, newWords: new.words, newHashes: new.wordHashes, newDocument: newDocument)
    }

    /// Whether two wordings of one fact differ only editorially (or not at all).
    static func isEditorial(_ old: String, _ new: String) -> Bool {
        let oldWords = WordHash.split(old), newWords = WordHash.split(new)
        let diff = WordDiff(oldWords: oldWords, oldHashes: oldWords.map(WordHash.of), newWords: newWords,
                            newHashes: newWords.map(WordHash.of), newDocument: new)
        return diff.editorialReason != nil
    }

    init(oldWords: [Substring], oldHashes: [UInt64], newWords: [Substring], newHashes: [UInt64], newDocument: String) {
        let steps = EditScript.steps(from: oldHashes, to: newHashes)
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
        // Digits with their separators are not punctuation: "1.5 years" → "15 years" changes the policy.
        if letters(before) == letters(after), numbers(before) == numbers(after) {
            return before.lowercased() == after.lowercased() ? "letter case" : "punctuation"
        }
        if deleted.count == inserted.count, zip(deleted, inserted).allSatisfy({ isSpellingFix($0, $1) }) { return "spelling" }
        // A sentence said twice, once removed.
        if inserted.isEmpty, Self.isSentence(before), newDocument.containsText(before) { return "duplicated sentence removed" }
        return nil
    }

    /// The numbers written, each with the separators inside it ("1.5", "10,000", "2020-03-03").
    static func numbers(_ text: some StringProtocol) -> [String] {
        var numbers: [String] = []
        var current = ""
        for character in text {
            if character.isNumber || (!current.isEmpty && ".,:-/".contains(character)) {
                current.append(character)
            } else if !current.isEmpty {
                numbers.append(current)
                current = ""
            }
        }
        if !current.isEmpty { numbers.append(current) }
        return numbers.map { String($0.reversed().drop { !$0.isNumber }.reversed()) }
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
            return a == b && a.count > 0 && numbers(old) == numbers(new)
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
        of(sorted: a.sortedWordHashes, b.sortedWordHashes)
    }

    static func of(words a: String, _ b: String) -> Double {
        of(sorted: WordHash.split(a).map(WordHash.of).sorted(), WordHash.split(b).map(WordHash.of).sorted())
    }

    /// Whether the two word counts allow a similarity of `threshold` at all: Dice's coefficient
    /// is at most 2·min/(a+b). Checked before the merge, which most pairs then skip.
    static func mayReach(_ threshold: Double, _ a: TextUnit, _ b: TextUnit) -> Bool {
        let shorter = min(a.words.count, b.words.count), total = a.words.count + b.words.count
        return total == 0 || Double(2 * shorter) / Double(total) >= threshold
    }

    /// The shared words of two sorted multisets, counted by merging.
    static func of(sorted a: [UInt64], _ b: [UInt64]) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        var i = 0, j = 0, shared = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return Double(2 * shared) / Double(a.count + b.count)
    }
}
