import PolicyMarkup
import PolicyModel
import PolicyStatements

/// A policy made ready for comparison: its wording as units and, when it has no annotations,
/// what a reader recognises in each unit.
///
/// Policies compared with each other are prepared together (`prepare`), so that a wording found
/// in several versions is worked out once and every unit's key is a number shared by all of them.
public struct PreparedPolicy: Sendable {
    public let policy: Policy
    let units: [TextUnit]
    let text: String
    /// What a reader recognises in the whole text, for unannotated policies (annotated ones
    /// state their facts); `nil` otherwise.
    let entities: Entities?
    /// The table the units' key numbers come from: two preparations compare by number only
    /// when it is the same one.
    let table: WordingTable.Token
    let labels: [String]
    /// Everything the version states, for telling what a paragraph of another version adds.
    let statementIndex: StatementIndex

    /// One policy on its own. Prepare policies that will be compared with `prepare(_:labels:)`.
    /// `labels` are the vocabulary's names of personal information, recognised in plain text.
    public init(_ policy: Policy, labels: [String] = []) {
        self = Self.prepare([policy], labels: labels)[0]
    }

    init(policy: Policy, units: [TextUnit], entities: Entities?, table: WordingTable.Token, labels: [String], statementIndex: StatementIndex) {
        self.policy = policy
        self.labels = labels
        self.units = units
        self.entities = entities
        self.table = table
        self.statementIndex = statementIndex
        text = units.map(\.text).joined(separator: "\n")
    }

    /// Per unit, what a reader recognises in it; empty for annotated policies.
    func entities(ofUnit index: Int) -> Entities {
        entities == nil ? Entities() : units[index].wording.entities
    }

    /// `policies` prepared together, in order, on every core.
    public static func prepare(_ policies: [Policy], labels: [String] = []) -> [PreparedPolicy] {
        prepare(concurrentMap(policies.indices) { PolicyReading(policies[$0]) }, labels: labels)
    }

    /// Policies already read into units (a compiler can read each as soon as it compiles),
    /// prepared together. In a history most paragraphs read the same in every version: each
    /// distinct wording is split into words, hashed and searched for entities once, not once per
    /// version.
    public static func prepare(_ readings: [PolicyReading], labels: [String] = []) -> [PreparedPolicy] {
        var table = WordingTable()
        let wordingIndices = readings.map { reading in
            reading.drafts.map { table.intern($0, recognisingEntities: !reading.policy.isAnnotated) }
        }
        let wordings = table.finish(labels: labels)
        let token = table.token
        // Every statement filed once: source `w` is wording `w`'s statements, source
        // `wordings.count + w` the same wording read as a row of a recipient table.
        let facts = StatementFacts(wordings.map(\.statements) + wordings.map { $0.recipientRow.map { [$0] } ?? [] })
        return concurrentMap(readings.indices) { index in
            let title = readings[index].policy.metadata.title
            var sources: [Int] = []
            let units = zip(readings[index].drafts, wordingIndices[index]).map { draft, wording in
                let unit = TextUnit(kind: draft.kind, level: draft.level, sectionID: draft.sectionID, sectionTitle: draft.sectionTitle,
                                    sectionKind: draft.sectionKind, text: draft.text, range: draft.range, wording: wordings[wording])
                sources.append(wording)
                if unit.kind == .tableRow, unit.wording.recipientRow != nil, TextDiff.listsRecipients(unit, documentTitle: title) {
                    sources.append(wordings.count + wording)
                }
                return unit
            }
            var entities: Entities?
            if !readings[index].policy.isAnnotated {
                var all = Entities()
                for wording in Set(wordingIndices[index]) where !wordings[wording].entities.isEmpty {
                    all.formUnion(wordings[wording].entities)
                }
                entities = all
            }
            return PreparedPolicy(policy: readings[index].policy, units: units, entities: entities, table: token, labels: labels,
                                  statementIndex: StatementIndex(facts: facts, sources: sources))
        }
    }
}

/// A policy's wording read into units, the part of preparing a policy that needs no other.
public struct PolicyReading: Sendable {
    public let policy: Policy
    let drafts: [UnitDraft]

    public init(_ policy: Policy) {
        self.policy = policy
        drafts = TextUnits.drafts(of: policy)
    }
}

/// The distinct wordings of the units of policies prepared together.
struct WordingTable {
    /// Identifies one table, so that key numbers from two tables are never compared.
    final class Token: Sendable {}

    /// A wording's identity: its text and link targets, byte for byte. Hashed by the hash the
    /// draft carries.
    private struct Identity: Hashable {
        let hash: Int
        let text: String
        let linkTargets: [String]

        func hash(into hasher: inout Hasher) { hasher.combine(hash) }

        static func == (a: Identity, b: Identity) -> Bool {
            // Bytes, not `==` (canonical equivalence), so that equal identities hash alike.
            a.hash == b.hash && a.text.hasSameBytes(as: b.text) && a.linkTargets.count == b.linkTargets.count
                && zip(a.linkTargets, b.linkTargets).allSatisfy { $0.hasSameBytes(as: $1) }
        }
    }

    let token = Token()
    private var indices: [Identity: Int] = [:]
    private var distinct: [(text: String, linkTargets: [String], recognisingEntities: Bool, statesPractices: Bool, isTableRow: Bool)] = []

    /// The number of `draft`'s wording, added when new.
    mutating func intern(_ draft: UnitDraft, recognisingEntities: Bool) -> Int {
        let identity = Identity(hash: draft.wordingHash, text: draft.text, linkTargets: draft.linkTargets)
        // Code and raw HTML state no practice: their words are not read for statements. Headings
        // are ("Copilot for Business does not collect any Code Snippets Data").
        let statesPractices = draft.kind != .code && draft.kind != .html
        let isTableRow = draft.kind == .tableRow
        if let known = indices[identity] {
            if recognisingEntities { distinct[known].recognisingEntities = true }
            if statesPractices { distinct[known].statesPractices = true }
            if isTableRow { distinct[known].isTableRow = true }
            return known
        }
        indices[identity] = distinct.count
        distinct.append((draft.text, draft.linkTargets, recognisingEntities, statesPractices, isTableRow))
        return distinct.count - 1
    }

    /// Every wording worked out, on every core; keys numbered in order of first appearance.
    func finish(labels: [String]) -> [UnitWording] {
        let distinct = distinct
        let reader = StatementReader(itemLabels: labels.map { ($0, $0) }, recipientLabels: [])
        let parts = concurrentMap(distinct.indices) { index in
            let wording = distinct[index]
            return UnitWording.Parts(
                text: wording.text, key: TextUnits.key(text: wording.text, linkTargets: wording.linkTargets),
                entities: wording.recognisingEntities ? Entities.find(in: wording.text, labels: labels) : Entities(),
                statements: wording.statesPractices ? reader.statements(in: wording.text) : [],
                recipientRow: wording.isTableRow ? TextDiff.recipientRow(ofTableRow: wording.text) : nil)
        }
        // Numbered on one core, in order of first appearance: the same numbers on every run.
        var keyIDs: [String: Int] = [:]
        return parts.map { parts in
            let keyID = keyIDs[parts.key] ?? keyIDs.count
            keyIDs[parts.key] = keyID
            return UnitWording(parts, keyID: keyID)
        }
    }
}
