import Foundation

/// Company names as policies write them: words ending in a legal form ("Shanghai SUNMI
/// Technology Co., Ltd.", "GitHub, Inc."). Shared by the importer, which finds the controller,
/// and lint, which checks that the controller is named one way.
public enum CompanyName {
    /// Longest first, so "Co., Ltd." is found before "Ltd.".
    public static let legalForms = ["Co., Ltd.", "Co., Limited", "Ltd.", "Limited", "Inc.", "LLC", "GmbH", "Corporation", "Corp.", "S.A.", "B.V.", "AG", "plc"]

    /// Up to seven capitalised words and a legal form.
    public static let pattern: NSRegularExpression = {
        let forms = legalForms.map { NSRegularExpression.escapedPattern(for: $0).replacingOccurrences(of: " ", with: #"\s*"#) }.joined(separator: "|")
        return try! NSRegularExpression(pattern: #"(?:[A-Z][\w&'-]*,?\s+){0,6}?[A-Z][\w&'-]*,?\s+(?:"# + forms + ")")
    }()

    /// Every company name in `text`.
    public static func ranges(in text: String) -> [Range<String.Index>] {
        pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { Range($0.range, in: text) }
    }

    /// The legal form a name ends with ("" if none).
    public static func legalForm(of name: String) -> String {
        legalForms.first { name.hasSuffix($0) } ?? ""
    }
}

/// Words that name PIPL Art. 28 sensitive personal information: biometrics, specific identity,
/// medical health, financial accounts, whereabouts. The importer marks proposed items with them;
/// lint looks for them in unannotated collection sections.
public enum SensitiveCategories {
    public static let cues = [
        "precise location", "geolocation", "whereabouts", "trajectory", "biometric", "facial", "face image", "face recognition",
        "fingerprint", "voiceprint", "iris", "health", "medical", "bank account", "payment card", "credit card",
        "financial account", "identity card", "id card", "id number", "passport", "religious",
    ]

    /// The first cue in `text`, as whole words (so "interface" is not "face").
    public static func firstMention(in text: String) -> Range<String.Index>? {
        var best: Range<String.Index>?
        for cue in cues {
            var start = text.startIndex
            while let found = text.range(of: cue, options: .caseInsensitive, range: start..<text.endIndex) {
                let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
                let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
                if !(before?.isLetter ?? false), !(after.map { $0.isLetter && $0 != "s" } ?? false) {
                    if best.map({ found.lowerBound < $0.lowerBound }) ?? true { best = found }
                    break
                }
                start = found.upperBound
            }
        }
        return best
    }
}

/// What stays of a title when letter case, spacing and punctuation are ignored: how a table of
/// contents entry is matched with its heading.
public enum TitleKey {
    public static func make(_ text: String) -> String {
        text.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
