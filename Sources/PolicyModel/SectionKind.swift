import PolicyMarkup

/// What a section is about. Stated with `kind=…` or inferred from the heading's words.
public enum SectionKind: String, Hashable, Sendable, CaseIterable {
    case definitions, collection, storage, sharing, protection, rights, minors, update, contact
    case exceptions, cookies
    case thirdParties = "third-parties"
    case general

    /// Heading words that reveal a kind, tried in order: the first match wins, so the more
    /// specific phrases come before the broad ones ("Exceptions to Response" before "Response").
    private static let cues: [(SectionKind, [String])] = [
        (.exceptions, ["exception"]),
        (.definitions, ["definition", "glossary", "terms used"]),
        (.minors, ["minor", "children", "child"]),
        (.cookies, ["cookie", "tracking technolog"]),
        (.update, ["update", "changes to", "change to", "modification"]),
        (.contact, ["contact", "questions", "complaint"]),
        (.thirdParties, ["third-party", "third party", "third parties"]),
        (.sharing, ["share", "sharing", "disclose", "disclosure", "transfer", "recipient", "subprocessor"]),
        (.storage, ["store", "storage", "storing", "retain", "retention", "keep", "keeping", "where we"]),
        (.protection, ["protect", "security", "secure", "safeguard"]),
        (.rights, ["your rights", "manage", "access", "correct", "delet", "withdraw", "cancel", "choices", "control", "refus", "right"]),
        (.collection, ["collect", "information we", "data we", "use your", "use of", "process", "purpose"]),
    ]

    /// The kind the heading's words suggest, or `nil` when none does.
    public static func infer(fromHeading heading: String) -> SectionKind? {
        let lowered = FoldedText(heading)
        for (kind, words) in cues where words.contains(where: { lowered.contains($0) }) {
            return kind
        }
        return nil
    }
}
