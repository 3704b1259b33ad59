/// Sentences of a unit's text, with their ranges in it: split after ".", "!", "?", ";" or "。"
/// followed by a space or the end, unless the next word starts in lowercase or with a digit
/// ("No. 388", "Co., Ltd. having", "e.g. Device Agents" stay one sentence).
///
/// Works on the UTF-8 bytes, every boundary mark being ASCII or one fixed sequence: the diff
/// splits every distinct paragraph of a history, and walking Characters was a tenth of its time.
public enum SentenceSplitter {
    public static func sentences(_ text: String) -> [Range<String.Index>] {
        let utf8 = text.utf8
        var result: [Range<String.Index>] = []
        var start = utf8.startIndex
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            var next = utf8.index(after: index)
            var isMark = byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ";")
            // "。" is E3 80 82.
            if byte == 0xE3, next < utf8.endIndex, utf8[next] == 0x80 {
                let third = utf8.index(after: next)
                if third < utf8.endIndex, utf8[third] == 0x82 {
                    isMark = true
                    next = utf8.index(after: third)
                }
            }
            if isMark, next == utf8.endIndex || utf8[next] == UInt8(ascii: " ") && !continues(text, after: next)
                && !(byte == UInt8(ascii: ".") && endsWithAbbreviation(utf8, from: start, to: next)) {
                result.append(start..<next)
                start = next
                while start < utf8.endIndex, utf8[start] == UInt8(ascii: " ") { start = utf8.index(after: start) }
                index = start
                continue
            }
            index = next
        }
        if start < utf8.endIndex { result.append(start..<utf8.endIndex) }
        return result
    }

    private static let abbreviations: Set<[UInt8]> = Set(
        ["inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "st.", "no.", "dr.", "mr.", "mrs.", "ms.", "vs.", "e.g.", "i.e.", "etc.", "art."].map { Array($0.utf8) })

    /// "Inc.", "B.V.", "No.", "Jr.": a full stop that ends an abbreviation, not a sentence.
    private static func endsWithAbbreviation(_ utf8: String.UTF8View, from start: String.Index, to end: String.Index) -> Bool {
        // Only the last word: splitting the whole sentence at every full stop was quadratic.
        var wordStart = end
        while wordStart > start, utf8[utf8.index(before: wordStart)] != UInt8(ascii: " ") { wordStart = utf8.index(before: wordStart) }
        let lastWord = utf8[wordStart..<end].map { $0 &- 65 < 26 ? $0 | 0x20 : $0 }
        if abbreviations.contains(lastWord) { return true }
        // Initials with dots: "B.V.", "U.S.", "P." (bytes of other scripts count as letters).
        let letters = lastWord.filter { ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0xC0 }.count
        let dots = lastWord.filter { $0 == UInt8(ascii: ".") }.count
        return letters <= 3 && dots >= letters && letters > 0
    }

    private static func continues(_ text: String, after space: String.Index) -> Bool {
        let utf8 = text.utf8
        var index = space
        while index < utf8.endIndex, utf8[index] == UInt8(ascii: " ") { index = utf8.index(after: index) }
        guard index < utf8.endIndex else { return false }
        let byte = utf8[index]
        if byte < 0x80 { return (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) }
        guard let first = text[index...].first else { return false }
        return first.isLowercase || first.isNumber
    }
}
