/// Sentences of a unit's text, with their ranges in it: split after ".", "!", "?", ";" or "。"
/// followed by a space or the end, unless the next word starts in lowercase or with a digit
/// ("No. 388", "Co., Ltd. having", "e.g. Device Agents" stay one sentence).
public enum SentenceSplitter {
    public static func sentences(_ text: String) -> [Range<String.Index>] {
        var result: [Range<String.Index>] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if ".!?;。".contains(character), next == text.endIndex || text[next] == " " && !continues(text, after: next)
                && !(character == "." && endsWithAbbreviation(text[start..<next])) {
                result.append(start..<next)
                start = next
                while start < text.endIndex, text[start] == " " { start = text.index(after: start) }
                index = start
                continue
            }
            index = next
        }
        if start < text.endIndex { result.append(start..<text.endIndex) }
        return result
    }

    /// "Inc.", "B.V.", "No.", "Jr.": a full stop that ends an abbreviation, not a sentence.
    private static func endsWithAbbreviation(_ sentence: Substring) -> Bool {
        // Only the last word: splitting the whole sentence at every full stop was quadratic.
        let lastWord = sentence[(sentence.lastIndex(of: " ").map { sentence.index(after: $0) } ?? sentence.startIndex)...].lowercased()
        let abbreviations: Set<String> = ["inc.", "ltd.", "co.", "corp.", "jr.", "sr.", "st.", "no.", "dr.", "mr.", "mrs.", "ms.", "vs.", "e.g.", "i.e.", "etc.", "art."]
        if abbreviations.contains(lastWord) { return true }
        // Initials with dots: "B.V.", "U.S.", "P."
        let letters = lastWord.filter(\.isLetter)
        return letters.count <= 3 && lastWord.filter { $0 == "." }.count >= letters.count && !letters.isEmpty
    }

    private static func continues(_ text: String, after space: String.Index) -> Bool {
        let following = text[space...].drop { $0 == " " }
        guard let first = following.first else { return false }
        return first.isLowercase || first.isNumber
    }
}
