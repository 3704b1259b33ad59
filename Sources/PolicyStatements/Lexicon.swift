/// The word lists statements are read by: `Lexicon.txt`, compiled into the binary (SwiftPM's
/// `embedInCode`), so that the lists are data with their sources noted, and the binary works
/// from any folder.
public struct Lexicon: Sendable {
    /// Phrases of one section, indexed by their first word, longest first.
    public struct PhraseTable: Sendable {
        fileprivate var byFirstWord: [String: [(words: [String], key: String)]] = [:]

        mutating func add(_ phrase: String, key: String) {
            let words = Lexicon.words(of: phrase)
            guard let first = words.first else { return }
            // Longest first, kept by inserting in place (a sort after every insertion was
            // quadratic in the phrases sharing a first word).
            var list = byFirstWord[first, default: []]
            let position = list.firstIndex { $0.words.count < words.count } ?? list.endIndex
            list.insert((words, key), at: position)
            byFirstWord[first] = list
        }

        /// The longest phrase that starts at `index` of `words`: its key and how many words it takes.
        public func match(_ words: [String], at index: Int) -> (key: String, length: Int)? {
            guard index < words.count, let candidates = byFirstWord[words[index]] else { return nil }
            for candidate in candidates where index + candidate.words.count <= words.count {
                if words[index..<(index + candidate.words.count)].elementsEqual(candidate.words) {
                    return (candidate.key, candidate.words.count)
                }
            }
            return nil
        }

        /// Every match in `words`, left to right, none overlapping.
        public func matches(in words: ArraySlice<String>) -> [(key: String, range: Range<Int>)] {
            var found: [(String, Range<Int>)] = []
            var index = words.startIndex
            while index < words.endIndex {
                if let hit = match(words, at: index) {
                    found.append((hit.key, index..<(index + hit.length)))
                    index += hit.length
                } else {
                    index += 1
                }
            }
            return found
        }

        /// The longest phrase that starts at `index` (an index of the slice's base) and ends
        /// within the slice.
        func match(_ words: ArraySlice<String>, at index: Int) -> (key: String, length: Int)? {
            guard index < words.endIndex, let candidates = byFirstWord[words[index]] else { return nil }
            for candidate in candidates where index + candidate.words.count <= words.endIndex {
                if words[index..<(index + candidate.words.count)].elementsEqual(candidate.words) {
                    return (candidate.key, candidate.words.count)
                }
            }
            return nil
        }
    }

    public private(set) var sections: [String: PhraseTable] = [:]

    public subscript(section: String) -> PhraseTable { sections[section] ?? PhraseTable() }

    /// The lexicon shipped with policyc.
    public static let standard: Lexicon = Lexicon(parsing: String(decoding: PackageResources.Lexicon_txt, as: UTF8.self))

    /// Reads the format of `Lexicon.txt`: `[section]` lines, then `key<TAB>phrase | phrase …`.
    public init(parsing text: String) {
        var section = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast())
                continue
            }
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let key = String(line[..<tab])
            for phrase in line[line.index(after: tab)...].split(separator: "|") {
                sections[section, default: PhraseTable()].add(String(phrase), key: key)
            }
        }
    }

    /// A copy with `phrases` added to `section` (the vocabulary's labels, say).
    public func adding(_ phrases: [(phrase: String, key: String)], to section: String) -> Lexicon {
        var copy = self
        for (phrase, key) in phrases { copy.sections[section, default: PhraseTable()].add(phrase, key: key) }
        return copy
    }

    /// Lowercase words as the reader tokenises them.
    static func words(of phrase: String) -> [String] {
        StatementReader.tokens(of: phrase).filter(\.isWord).map(\.text)
    }
}
