import CHunspell
import Foundation
import Synchronization

/// Hunspell with an English dictionary and the project's own words. Hunspell handles are not
/// safe to share between threads, so every call holds a lock (a lint checks one word at a time
/// per policy; spelling is a small part of its work).
public final class SpellChecker: Sendable {
    /// Debian's hunspell-en-us.
    public static let defaultDictionary = "/usr/share/hunspell/en_US"

    private let handle: Mutex<OpaquePointer?>

    /// `nil` when the dictionary files are missing: the caller reports that spelling was not checked.
    public init?(dictionary: String = SpellChecker.defaultDictionary, extraWords: [String] = []) {
        guard FileManager.default.isReadableFile(atPath: dictionary + ".aff"),
              FileManager.default.isReadableFile(atPath: dictionary + ".dic"),
              let created = Hunspell_create(dictionary + ".aff", dictionary + ".dic") else { return nil }
        for word in extraWords where !word.isEmpty { Hunspell_add(created, word) }
        handle = Mutex(created)
    }

    deinit {
        handle.withLock { pointer in
            if let pointer { Hunspell_destroy(pointer) }
            pointer = nil
        }
    }

    public func isCorrect(_ word: String) -> Bool {
        handle.withLock { pointer in pointer.map { Hunspell_spell($0, word) != 0 } ?? true }
    }

    /// Hunspell's suggestions, best first.
    public func suggestions(for word: String) -> [String] {
        handle.withLock { pointer -> [String] in
            guard let pointer else { return [] }
            var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
            let count = Hunspell_suggest(pointer, &list, word)
            defer { Hunspell_free_list(pointer, &list, count) }
            guard count > 0, let list else { return [] }
            return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
        }
    }

    /// The words of a project word list: one per line; `#` starts a comment.
    public static func words(inWordList text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let word = line.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            return word.isEmpty ? nil : word
        }
    }
}
