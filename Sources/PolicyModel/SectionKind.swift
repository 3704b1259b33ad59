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
        let counts = headingCueCounter.counts(in: normalised)
        return counts.firstIndex { $0 > 0 }.map { cues[$0].0 }
    }

    /// Each kind's cues as the bytes searched for: " cue" for a stem, " cue " and " cues " for a
    /// whole word (made once, not for every heading).
    private static let headingCueCounter = CueCounter(cues.enumerated().flatMap { group, entry in
        entry.1.flatMap { cue in
            (wholeWordCues.contains(cue) ? [" \(cue) ", " \(cue)s "] : [" \(cue)"]).map { (Array($0.utf8), group) }
        }
    })

    /// What a section's own words are mostly about, when they say it often enough to tell:
    /// sharing, collection, storage, rights, contact or cookies.
    private static func infer(fromBody folded: FoldedText) -> (kind: SectionKind, count: Int)? {
        let counts = bodyCueCounter.counts(in: folded.bytes)
        guard let best = counts.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { return nil }
        // Ties go to the kind listed first, as a search kind by kind gave them.
        let first = counts.firstIndex(of: counts[best])!
        return (bodyCues[first].kind, counts[first])
    }

    private static let bodyCueCounter = CueCounter(bodyCues.enumerated().flatMap { group, entry in
        entry.cues.map { (Array($0.utf8), group) }
    })

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

/// Counts, in one pass over a text's bytes, how often each group of cues occurs in it (a search
/// per cue read every heading and section thirty to sixty times): a table of the cues' first two
/// bytes says where one may start.
private struct CueCounter: Sendable {
    private let groupCount: Int
    private let cuesByStart: [UInt16: [(needle: [UInt8], group: Int)]]
    private let startsACue: [Bool]
    /// One-byte cues ("@"), which can also end the text.
    private let singleBytes: [(byte: UInt8, group: Int)]

    init(_ cues: [(needle: [UInt8], group: Int)]) {
        groupCount = (cues.map(\.group).max() ?? -1) + 1
        var table: [UInt16: [(needle: [UInt8], group: Int)]] = [:]
        for (needle, group) in cues where !needle.isEmpty {
            let keys: [UInt16] = needle.count >= 2 ? [UInt16(needle[0]) << 8 | UInt16(needle[1])] : (0...255).map { UInt16(needle[0]) << 8 | UInt16($0) }
            for key in keys { table[key, default: []].append((needle, group)) }
        }
        cuesByStart = table
        var starts = [Bool](repeating: false, count: 65536)
        for key in table.keys { starts[Int(key)] = true }
        startsACue = starts
        singleBytes = cues.filter { $0.needle.count == 1 }.map { ($0.needle[0], $0.group) }
    }

    /// Per group, the number of places in `bytes` where one of its cues starts.
    func counts(in bytes: [UInt8]) -> [Int] {
        var counts = [Int](repeating: 0, count: groupCount)
        var index = 0
        while index + 1 < bytes.count {
            let key = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            if startsACue[key], let candidates = cuesByStart[UInt16(key)] {
                for (needle, group) in candidates where bytes[index...].starts(with: needle) { counts[group] += 1 }
            }
            index += 1
        }
        if let last = bytes.last {
            for (byte, group) in singleBytes where byte == last { counts[group] += 1 }
        }
        return counts
    }
}
