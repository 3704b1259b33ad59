import Foundation
import PolicyMarkup

/// Recognises clauses in the policy's wording: the consequence of refusing, retention,
/// cross-border transfer, rights and how to exercise them, switches, response time and the
/// update clause. Each reader keeps the exact words and their range; none rewrites text.
enum ClauseReader {
    // MARK: Purposes

    static func refusal(in section: Section) -> Refusal? {
        let sentences = ClauseRuns.collect(section.blocks).flatMap(\.sentences)
        let cues = ["will not affect your normal use", "may not be able to", "not be able to", "higher safety risk", "if you do not", "if you withdraw"]
        guard let sentence = sentences.last(where: { $0.text.containsAny(cues) }) else { return nil }
        let text = FoldedText(sentence.text)
        let effect: Refusal.Effect
        if text.contains("will not affect your normal use") {
            effect = text.contains("may not") || text.contains("not be able") ? .featureUnavailable : .noEffectOnNormalUse
        } else if text.contains("not be able to") {
            effect = .serviceUnavailable
        } else if text.contains("risk") {
            effect = .higherRisk
        } else {
            effect = .other
        }
        return Refusal(effect: effect, statement: sentence.statement)
    }

    // MARK: Storage

    static func storage(_ units: [InlineText], into storage: inout Storage) {
        let cues = ["retention", "retain", "keep", "outside"]
        for sentence in units.filter({ FoldedText($0.text).containsAny(cues) }).flatMap(\.sentences) {
            let lowered = FoldedText(sentence.text)
            if lowered.contains("retention period") || lowered.contains("retain") || (lowered.contains("keep") && lowered.contains("period")) {
                storage.retention.append(Retention(
                    statement: sentence.statement, period: concretePeriod(in: sentence.text),
                    minimumNecessary: lowered.contains("minimum")))
            }
            if lowered.contains("outside") && (lowered.contains("transfer") || lowered.contains("store")) {
                storage.crossBorder.append(CrossBorderRule(
                    statement: sentence.statement,
                    requiresSeparateConsent: lowered.contains("consent separately") || lowered.contains("separate consent")))
            }
        }
    }

    /// "15 days", "3 years", "six months"…
    static func concretePeriod(in text: Substring) -> String? {
        // Split on UTF-8 bytes: splitting a long sentence by Characters was most of the cost.
        let words = text.utf8.split(separator: UInt8(ascii: " ")).map { Substring($0) }
        for index in words.indices.dropFirst() where words[index].utf8.count <= 12 {
            var unit = words[index]
            while unit.first?.isPunctuation == true { unit.removeFirst() }
            while unit.last?.isPunctuation == true { unit.removeLast() }
            // Only a word of a unit's length is lowercased and compared (this runs on every word
            // of every retention sentence).
            guard (3...6).contains(unit.utf8.count), periodUnits.contains(unit.lowercased()) else { continue }
            let amount = words[index - 1].lowercased()
            if Int(amount) != nil || periodNumbers.contains(amount) {
                return "\(amount) \(unit.lowercased())"
            }
        }
        return nil
    }

    private static let periodUnits: Set<String> = ["day", "days", "week", "weeks", "month", "months", "year", "years"]
    private static let periodNumbers: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "thirty", "ninety",
    ]

    // MARK: Rights

    private static let rightCues: [(Right.Kind, [String])] = [
        (.access, ["access"]),
        (.rectification, ["correct", "rectif"]),
        (.erasure, ["delet", "erasure"]),
        (.withdrawConsent, ["authoriz", "withdraw", "consent"]),
        (.accountDeletion, ["cancel", "close your account"]),
        (.objectToMarketing, ["marketing", "targeted push", "opt out", "opt-out"]),
        (.portability, ["portab", "copy of"]),
        (.complaint, ["complain"]),
    ]

    static func right(in section: Section, units: [InlineText]) -> Right? {
        let heading = FoldedText(section.title)
        var kinds = rightCues.filter { $0.1.contains(where: heading.contains) }.map(\.0)
        // A rights section without subsections may state the right only in its text.
        if kinds.isEmpty, section.subsections.isEmpty, section.level <= 2 {
            let text = FoldedText(units.map(\.text).joined(separator: " "))
            if text.contains("withdraw your authorization") || text.contains("withdraw your consent") { kinds = [.withdrawConsent] }
        }
        guard !kinds.isEmpty else { return nil }
        var exercise: [Right.Exercise] = []
        for sentence in units.flatMap(\.sentences) {
            let lowered = FoldedText(sentence.text)
            if lowered.contains("click") || lowered.contains("settings") || lowered.contains("turning on or off") {
                exercise.append(Right.Exercise(method: .selfService, statement: sentence.statement))
            } else if lowered.contains("contact us") || lowered.contains("request us") || lowered.contains("request our") {
                exercise.append(Right.Exercise(method: .contact, statement: sentence.statement))
            }
        }
        let conditions = units.flatMap { unit in
            unit.parenthesisedEnumeration.map { Enumerated(number: $0.number, statement: $0.span.statement) }
        }
        return Right(id: section.id, title: section.title, kinds: kinds, exercise: exercise, conditions: conditions, range: section.range)
    }

    // MARK: Switches

    /// "The information for which you can choose to change authorization includes: A, B, …, Z."
    /// followed by "The default setting of your device is to allow …".
    static func switches(in units: [InlineText], items: [DataItem]) -> [Switch] {
        var result: [Switch] = []
        for unit in units where FoldedText(unit.text).contains("authoriz") {
            let sentences = unit.sentences
            guard let list = sentences.first(where: { FoldedText($0.text).contains("authoriz") && $0.text.containsText(":") }),
                  let colon = list.text.firstIndex(of: ":") else { continue }
            let defaultSentence = sentences.first { FoldedText($0.text).contains("default setting") }
            let defaultText = FoldedText(defaultSentence?.text ?? "")
            let setting: Switch.Default = defaultText.contains("to allow") || defaultText.contains("is on") ? .allow
                : defaultText.contains("to deny") || defaultText.contains("is off") || defaultText.contains("not to allow") ? .deny : .unstated
            var start = unit.text.index(after: colon)
            let end = list.text.last == "." ? unit.text.index(before: list.text.endIndex) : list.text.endIndex
            while start < end {
                let rest = unit.text[start..<end]
                let comma = rest.firstRange(ofText: ", ")?.lowerBound ?? end
                let piece = unit.trimmedSpan(start..<comma)
                var label = piece.text
                if label.hasPrefix("and ") { label = label.dropFirst(4) }
                if !label.isEmpty {
                    let item = items.first { item in item.mentions.contains { $0.range.start < piece.range.end && piece.range.start < $0.range.end } }
                    result.append(Switch(
                        id: Slug.make(String(label)), label: String(label), item: item?.id, defaultSetting: setting,
                        range: piece.range, defaultStatement: defaultSentence?.statement))
                }
                start = comma == end ? end : unit.text.index(comma, offsetBy: 2)
            }
        }
        return result
    }

    // MARK: Contact

    static func responseTime(in units: [InlineText]) -> ResponseTime? {
        for sentence in units.filter({ FoldedText($0.text).contains("within") }).flatMap(\.sentences) where FoldedText(sentence.text).contains("within") {
            let words = sentence.text.split(separator: " ")
            for (index, word) in words.enumerated() where word.lowercased() == "within" && index + 2 < words.count {
                let unit = words[index + 2].trimmingCharacters(in: .punctuationCharacters).lowercased()
                if let amount = Int(words[index + 1]), ["day", "days", "hours", "working", "business"].contains(unit) {
                    let fullUnit = ["working", "business"].contains(unit) && index + 3 < words.count
                        ? unit + " " + words[index + 3].trimmingCharacters(in: .punctuationCharacters) : unit
                    return ResponseTime(amount: amount, unit: fullUnit, statement: sentence.statement)
                }
            }
        }
        return nil
    }

    /// Addresses written to defeat harvesters: "privacy[at]github[dot]com", "dpo [at] example [dot] org".
    static func obfuscatedEmails(in unit: InlineText) -> [(String, TextSpan)] {
        guard unit.text.containsText("[at]") else { return [] }
        var result: [(String, TextSpan)] = []
        let text = unit.text
        var searchStart = text.startIndex
        func isAddressCharacter(_ character: Character) -> Bool {
            character.isASCII && (character.isLetter || character.isNumber || "._-+".contains(character))
        }
        while let at = text.firstRange(ofText: "[at]", in: searchStart..<text.endIndex) {
            searchStart = at.upperBound
            var start = at.lowerBound
            while start > text.startIndex, isAddressCharacter(text[text.index(before: start)]) { start = text.index(before: start) }
            var end = at.upperBound
            while end < text.endIndex {
                if isAddressCharacter(text[end]) { end = text.index(after: end) }
                else if text[end...].hasPrefix("[dot]") { end = text.index(end, offsetBy: 5) }
                else { break }
            }
            // A sentence's final full stop is not part of the address.
            while end > at.upperBound, text[text.index(before: end)] == "." { end = text.index(before: end) }
            let written = text[start..<end]
            let address = written.replacingOccurrences(of: "[at]", with: "@").replacingOccurrences(of: "[dot]", with: ".")
            guard start < at.lowerBound, address.containsText("."), !address.hasSuffix("@") else { continue }
            result.append((address.lowercased(), unit.span(start..<end)))
        }
        return result
    }

    // MARK: Update clause

    static func updateClause(in section: Section, units: [InlineText]) -> UpdateClause? {
        var clause = UpdateClause(
            sectionID: section.id, majorChangeTerm: "major", majorChangeCategories: [], notificationChannels: [],
            publication: nil, archivesPreviousVersions: nil, noReductionOfRightsWithoutConsent: nil, range: section.range)
        for unit in units {
            for sentence in unit.sentences {
                let lowered = FoldedText(sentence.text)
                if (lowered.contains("major changes include") || lowered.contains("significant changes include")), clause.majorChangeCategories.isEmpty,
                   let colon = sentence.text.firstIndex(of: ":") {
                    clause.majorChangeTerm = lowered.contains("significant changes include") ? "significant" : "major"
                    clause.majorChangeCategories = listEntries(in: unit, from: unit.text.index(after: colon), to: sentence.text.endIndex, separators: ["; "])
                        .map { UpdateClause.Entry(id: Slug.make(String($0.text), maxWords: 6), statement: $0.statement) }
                }
                if lowered.contains("prominent notice"), clause.notificationChannels.isEmpty {
                    clause.notificationChannels = notificationChannels(in: unit, sentence: sentence)
                }
                if lowered.contains("publish"), clause.publication == nil { clause.publication = sentence.statement }
                if lowered.contains("archive"), clause.archivesPreviousVersions == nil { clause.archivesPreviousVersions = sentence.statement }
                if lowered.contains("derogate") || lowered.contains("reduce your rights"), clause.noReductionOfRightsWithoutConsent == nil {
                    clause.noReductionOfRightsWithoutConsent = sentence.statement
                }
            }
        }
        let found = !clause.majorChangeCategories.isEmpty || !clause.notificationChannels.isEmpty || clause.publication != nil
        return found ? clause : nil
    }

    /// "(… by including but not limited to e-mail, short message or special tip on the browsing page)"
    private static func notificationChannels(in unit: InlineText, sentence: TextSpan) -> [UpdateClause.Entry] {
        let text = sentence.text
        let markers = ["not limited to ", "such as ", " by "]
        guard let marker = markers.lazy.compactMap({ text.firstRange(ofText: $0) }).first else { return [] }
        var end = text.endIndex
        if let close = text[marker.upperBound...].firstIndex(of: ")") { end = close }
        else if text.last == "." { end = text.index(before: text.endIndex) }
        return listEntries(in: unit, from: marker.upperBound, to: end, separators: [", ", " or ", " and "])
            .map { UpdateClause.Entry(id: Slug.make(String($0.text), maxWords: 6), statement: $0.statement) }
    }

    /// Splits `unit.text[from..<to]` at any of the separators, dropping a final "." and a leading "and ".
    static func listEntries(in unit: InlineText, from: String.Index, to: String.Index, separators: [String]) -> [TextSpan] {
        var entries: [TextSpan] = []
        var start = from
        var end = to
        if end > start, unit.text[unit.text.index(before: end)] == "." { end = unit.text.index(before: end) }
        while start < end {
            let rest = unit.text[start..<end]
            let next = separators.compactMap { rest.firstRange(ofText: $0) }.min { $0.lowerBound < $1.lowerBound }
            let pieceEnd = next?.lowerBound ?? end
            var piece = unit.trimmedSpan(start..<pieceEnd)
            if piece.text.hasPrefix("and ") {
                piece = unit.trimmedSpan(unit.text.index(piece.text.startIndex, offsetBy: 4)..<piece.text.endIndex)
            }
            if !piece.text.isEmpty { entries.append(piece) }
            start = next?.upperBound ?? end
        }
        return entries
    }
}
