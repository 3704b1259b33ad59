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
        (.sharing, ["share", "sharing", "disclose", "disclosure", "transfer", "recipient", "subprocessor", "processor"]),
        (.storage, ["store", "storage", "storing", "retain", "retention", "keep", "keeping", "where we"]),
        (.protection, ["protect", "security", "secure", "safeguard"]),
        (.rights, ["your rights", "manage", "access", "correct", "delet", "withdraw", "cancel", "choices", "control", "refus", "right"]),
        (.collection, ["collect", "information we", "data we", "use your", "use of", "process", "purpose"]),
    ]

    /// Cues that are whole words, not stems: "control" is not "controllers", "right" not "copyright".
    private static let wholeWordCues: Set<String> = ["control", "right", "access", "manage", "minor", "child"]

    /// The kind the heading's words suggest, or `nil` when none does. A cue counts where a word
    /// starts with it ("collect" in "Collection"); a whole-word cue only as the word itself or its plural.
    public static func infer(fromHeading heading: String) -> SectionKind? {
        // Letters and digits lowercased, everything else one space, a space at either end: cues
        // are then found by byte search (this runs on every heading of every compile).
        var normalised: [UInt8] = [0x20]
        for byte in heading.utf8 {
            let lowered = byte &- 65 < 26 ? byte | 0x20 : byte
            let isWordByte = (lowered >= 0x61 && lowered <= 0x7A) || (lowered >= 0x30 && lowered <= 0x39) || lowered >= 0x80 || lowered == 0x2D
            if isWordByte { normalised.append(lowered) } else if normalised.last != 0x20 { normalised.append(0x20) }
        }
        if normalised.last != 0x20 { normalised.append(0x20) }
        return normalised.withUnsafeBufferPointer { hay in
            cueNeedles.first { _, needles in
                needles.contains { needle in needle.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: hay) != nil } }
            }?.kind
        }
    }

    /// Each kind's cues as the bytes searched for: " cue" for a stem, " cue " and " cues " for a
    /// whole word (made once, not for every heading).
    private static let cueNeedles: [(kind: SectionKind, needles: [[UInt8]])] = cues.map { kind, cues in
        (kind, cues.flatMap { cue in wholeWordCues.contains(cue) ? [Array(" \(cue) ".utf8), Array(" \(cue)s ".utf8)] : [Array(" \(cue)".utf8)] })
    }

    /// What a section's own words are mostly about, when they say it often enough to tell:
    /// sharing, collection, storage, rights, contact or cookies.
    private static func infer(fromBody folded: FoldedText) -> (kind: SectionKind, count: Int)? {
        // One pass over the words for every cue at once (a search per cue read each section's
        // words thirty times): a table of the cues' first two bytes says where one may start.
        var counts = [Int](repeating: 0, count: bodyCues.count)
        let bytes = folded.bytes
        var index = 0
        while index + 1 < bytes.count {
            let key = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            if cueStarts[key], let candidates = cuesByStart[UInt16(key)] {
                for (needle, kind) in candidates where bytes[index...].starts(with: needle) {
                    counts[kind] += 1
                }
            }
            index += 1
        }
        if let last = bytes.last, last == UInt8(ascii: "@"), let kind = bodyCues.firstIndex(where: { $0.cues.contains("@") }) { counts[kind] += 1 }
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        // Ties go to the kind listed first, as a search kind by kind gave them.
        let first = counts.firstIndex(of: counts[best])!
        return (bodyCues[first].kind, counts[first])
    }

    /// The body cues by their first two bytes (a one-byte cue, "@", under each possible second byte).
    private static let cuesByStart: [UInt16: [(needle: [UInt8], kind: Int)]] = {
        var table: [UInt16: [(needle: [UInt8], kind: Int)]] = [:]
        for (kind, entry) in bodyCues.enumerated() {
            for cue in entry.cues {
                let bytes = Array(cue.utf8)
                let keys: [UInt16] = bytes.count >= 2 ? [UInt16(bytes[0]) << 8 | UInt16(bytes[1])] : (0...255).map { UInt16(bytes[0]) << 8 | UInt16($0) }
                for key in keys { table[key, default: []].append((bytes, kind)) }
            }
        }
        return table
    }()

    private static let cueStarts: [Bool] = {
        var starts = [Bool](repeating: false, count: 65536)
        for key in cuesByStart.keys { starts[Int(key)] = true }
        return starts
    }()

    /// The kind of a section from its heading and its own words: the heading's, unless the words
    /// never speak of it and speak at least three times of something else ("Controllers and
    /// responsible parties" names no kind; its words speak of the controller's contact).
    /// `body` is asked for only when the heading leaves the kind open to its words.
    public static func infer(heading: String, body: () -> String) -> SectionKind? {
        let fromHeading = infer(fromHeading: heading)
        if let fromHeading, !bodyCues.contains(where: { $0.kind == fromHeading }) { return fromHeading }
        let folded = FoldedText(body())
        guard let fromHeading else {
            return infer(fromBody: folded).flatMap { $0.count >= 2 ? $0.kind : nil }
        }
        // Most sections speak of what their heading says: one search settles it.
        guard let headingCues = bodyCues.first(where: { $0.kind == fromHeading })?.cues,
              !headingCues.contains(where: folded.contains) else { return fromHeading }
        if let fromBody = infer(fromBody: folded), fromBody.kind != fromHeading, fromBody.count >= 3 { return fromBody.kind }
        return fromHeading
    }

    private static let bodyCues: [(kind: SectionKind, cues: [String])] = [
        (.sharing, ["share ", "shared ", "sharing ", "disclose", "third part", "subprocessor", "transfer"]),
        (.collection, ["collect", "we use ", "we process", "purpose"]),
        (.storage, ["retain", "retention", "store ", "stored ", "storage"]),
        (.rights, ["right to", "you can ", "you may ", "request ", "withdraw", "delete"]),
        (.contact, ["contact us", "@", "e-mail", "email", "hotline", "address"]),
        (.cookies, ["cookie"]),
    ]
}
