import CHunspell
import Foundation
import Synchronization

/// Hunspell with English dictionaries and the project's own words. A word is right when any
/// dictionary knows it: policies in English are written in US and in British spelling
/// ("authorized", "authorised"). Hunspell handles are not safe to share between threads, so
/// every call holds a lock.
public final class SpellChecker: Sendable {
    /// Debian's hunspell-en-us (required) and hunspell-en-gb (used when installed).
    public static let defaultDictionaries = ["/usr/share/hunspell/en_US", "/usr/share/hunspell/en_GB"]

    private let handles: Mutex<[OpaquePointer]>

    /// `nil` when no dictionary can be loaded: the caller reports that spelling was not checked.
    public init?(dictionaries: [String] = SpellChecker.defaultDictionaries, extraWords: [String] = []) {
        var created: [OpaquePointer] = []
        for dictionary in dictionaries where FileManager.default.isReadableFile(atPath: dictionary + ".aff")
            && FileManager.default.isReadableFile(atPath: dictionary + ".dic") {
            if let handle = Hunspell_create(dictionary + ".aff", dictionary + ".dic") { created.append(handle) }
        }
        guard let first = created.first else { return nil }
        for word in extraWords + PrivacyWords.all where !word.isEmpty { Hunspell_add(first, word) }
        handles = Mutex(created)
    }

    deinit {
        handles.withLock { handles in
            handles.forEach { Hunspell_destroy($0) }
            handles = []
        }
    }

    public func isCorrect(_ word: String) -> Bool {
        handles.withLock { handles in handles.contains { Hunspell_spell($0, word) != 0 } }
    }

    /// Hunspell's suggestions from the first dictionary, best first.
    public func suggestions(for word: String) -> [String] {
        handles.withLock { handles -> [String] in
            guard let pointer = handles.first else { return [] }
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
