import PolicyMarkup

/// Things a reader of unannotated text can recognise without a vocabulary: the facts that
/// decide whether a change is major when nobody has marked the policy up.
///
/// Recognition is deliberately plain (word shapes and short lists), so that what it finds can be
/// explained in a report: an e-mail address, a phone number, a web address, a street address,
/// a country or region, an organisation with a legal-form suffix, a known label of personal
/// information, and the items enumerated after "collect".
struct Entities: Equatable {
    enum Kind: String, CaseIterable {
        case email = "e-mail address", phone = "phone number", url = "web address", address = "postal address"
        case region = "region or country", organisation = "organisation", dataLabel = "category of personal information"
        case collected = "item collected"
    }

    var found: [Kind: Set<String>] = [:]

    subscript(kind: Kind) -> Set<String> { found[kind] ?? [] }

    mutating func insert(_ value: String, as kind: Kind) {
        found[kind, default: []].insert(value)
    }

    mutating func formUnion(_ other: Entities) {
        for (kind, values) in other.found { found[kind, default: []].formUnion(values) }
    }

    /// The entities in `other` that are not in `self`.
    func added(in other: Entities) -> [(Kind, String)] {
        Kind.allCases.flatMap { kind in other[kind].subtracting(self[kind]).sorted().map { (kind, $0) } }
    }

    static func find(in text: String, labels: [String]) -> Entities {
        var entities = Entities()
        let words = text.split(separator: " ")
        for (index, raw) in words.enumerated() {
            let word = trimmed(raw)
            if let email = emailAddress(word) { entities.insert(email, as: .email) }
            let lowered = word.lowercased()
            if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") || lowered.hasPrefix("www.") {
                entities.insert(lowered, as: .url)
            }
            if let phone = phoneNumber(words[index...].prefix(4).map(trimmed)) { entities.insert(phone, as: .phone) }
            if word.allSatisfy(\.isNumber), index + 1 < words.count,
               let streetOffset = words[(index + 1)...].prefix(4).firstIndex(where: { streetWords.contains(trimmed($0)) }) {
                entities.insert(words[index...streetOffset].map(trimmed).joined(separator: " "), as: .address)
            }
            if legalForms.contains(word), index > 0 {
                let name = words[..<index].reversed().prefix(5).prefix { $0.first?.isUppercase == true || $0 == "&" || $0 == "of" }
                if !name.isEmpty { entities.insert((name.reversed().map(trimmed) + [word]).joined(separator: " "), as: .organisation) }
            }
        }
        for region in regions where text.containsText(region) && isWholeWord(region, in: text) {
            entities.insert(region, as: .region)
        }
        let folded = FoldedText(text)
        for label in labels where label.count >= 3 && folded.contains(label.lowercased()) {
            entities.insert(label.lowercased(), as: .dataLabel)
        }
        for item in collectedItems(in: text) { entities.insert(item, as: .collected) }
        return entities
    }

    // MARK: - Shapes

    private static func trimmed(_ word: Substring) -> Substring {
        var word = word
        while let first = word.first, first.isPunctuation || first == "<" || first == "(" { word.removeFirst() }
        while let last = word.last, last.isPunctuation || last == ">" || last == ")" { word.removeLast() }
        return word
    }

    private static func emailAddress(_ word: Substring) -> String? {
        let normalised = word.lowercased().replacingAll("[at]", with: "@").replacingAll("[dot]", with: ".")
        guard let at = normalised.firstIndex(of: "@"), at != normalised.startIndex,
              normalised[normalised.index(after: at)...].contains(".") else { return nil }
        return normalised
    }

    /// Seven or more digits written as one number ("400-6666-509", "+1 (415) 555-0100"), but
    /// not a date ("2020-03-03").
    private static func phoneNumber(_ words: [Substring]) -> String? {
        guard let first = words.first?.first, first.isNumber || first == "+" else { return nil }
        var digits = ""
        for word in words {
            guard word.allSatisfy({ $0.isNumber || "+-().".contains($0) }) else { break }
            digits += word.filter(\.isNumber)
        }
        guard digits.count >= 7, digits.count <= 15 else { return nil }
        let firstWord = words[0]
        let isDate = firstWord.split(separator: "-").map(\.count) == [4, 2, 2] || firstWord.split(separator: ".").map(\.count) == [4, 2, 2]
        return isDate ? nil : digits
    }

    private static func isWholeWord(_ phrase: String, in text: String) -> Bool {
        var searchFrom = text.startIndex
        while let range = text.firstRange(ofText: phrase, in: searchFrom..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if before.map({ !$0.isLetter }) ?? true, after.map({ !$0.isLetter }) ?? true { return true }
            searchFrom = range.upperBound
        }
        return false
    }

    /// "We collect your name, e-mail address and device model." → name, e-mail address, device model.
    static func collectedItems(in text: String) -> [String] {
        var items: [String] = []
        let folded = FoldedText(text)
        guard let offset = folded.firstOffset(of: "collect") else { return [] }
        let utf8 = text.utf8
        var rest = Substring(text)[utf8.index(utf8.startIndex, offsetBy: offset)...]
        rest = rest.drop { $0 != " " }
        if let end = rest.firstIndex(where: { ".;:。；：".contains($0) }) { rest = rest[..<end] }
        for part in rest.replacingAll(" and ", with: ",").replacingAll(" or ", with: ",").split(separator: ",") {
            var words = part.split(separator: " ").map { $0.lowercased() }
            while let first = words.first, leadingFillers.contains(first) { words.removeFirst() }
            if !words.isEmpty, words.count <= 5 { items.append(words.joined(separator: " ")) }
        }
        return items
    }

    private static let leadingFillers: Set<String> = ["your", "the", "a", "an", "such", "as", "including", "like", "e.g.", "information", "data", "of", "about", "and", "or", "you", "we", "may", "also", "following", "some", "certain"]

    private static let streetWords: Set<Substring> = [
        "Street", "St", "Road", "Rd", "Avenue", "Ave", "Boulevard", "Blvd", "Lane", "Drive", "Way", "Suite", "Floor", "Building", "District",
    ]

    private static let legalForms: Set<Substring> = [
        "Inc", "Inc.", "Ltd", "Ltd.", "LLC", "L.L.C.", "GmbH", "Corporation", "Corp", "Corp.", "Limited", "S.A.", "B.V.", "AG", "plc", "PLC",
    ]

    /// Countries and regions that policies name for storage and transfers.
    static let regions: [String] = [
        "European Economic Area", "European Union", "EEA", "United States", "United Kingdom", "Switzerland", "China",
        "People's Republic of China", "PRC", "Hong Kong", "Macau", "Taiwan", "Singapore", "Japan", "South Korea", "Korea", "India",
        "Indonesia", "Vietnam", "Thailand", "Malaysia", "Philippines", "Australia", "New Zealand", "Canada", "Mexico", "Brazil",
        "Argentina", "Chile", "Colombia", "Germany", "France", "Ireland", "Netherlands", "Belgium", "Luxembourg", "Spain", "Portugal",
        "Italy", "Austria", "Sweden", "Norway", "Denmark", "Finland", "Poland", "Czech Republic", "Hungary", "Romania", "Greece",
        "Israel", "Turkey", "Russia", "Ukraine", "South Africa", "Nigeria", "Kenya", "Egypt", "Saudi Arabia", "United Arab Emirates",
        "Qatar",
    ]
}

extension StringProtocol {
    /// Every `target` replaced, compared byte for byte (Foundation's version goes through NSString).
    func replacingAll(_ target: String, with replacement: String) -> String {
        var result = ""
        var rest = Substring(self)
        while let range = rest.firstRange(ofText: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
