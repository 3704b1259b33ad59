import PolicyDiff
import PolicyMarkup
import PolicyModel

/// The changes since the last release that policyc leaves for review, against the decisions in
/// the front matter's `reviewed:`: each must be decided, by its change id, before the version is
/// released.
///
/// A decision gives its change the severity the person chose, so a change decided major needs the
/// notice as any major change does. A decision that names no change for review is stale: a
/// warning, and ignored. The diff policyc made is left as it is (the archive keeps it); the
/// decided one is what the gate, the notice and the device change file go by.
struct ReviewGate {
    /// The diff with every decided change at the decided severity, its reason saying who decided.
    var decided: PolicyDiffReport
    /// The decisions that decided a change, with that change's summary, in the diff's order.
    var applied: [Archive.ReviewedChange] = []
    /// An error for each change for review without a decision, a warning for each stale decision.
    var diagnostics: [Diagnostic] = []

    init(_ diff: PolicyDiffReport, metadata: Metadata) {
        decided = diff
        let decisions = Dictionary(metadata.reviewed.map { ($0.change, $0) }, uniquingKeysWith: { first, _ in first })
        for index in diff.changes.indices where diff.changes[index].severity == .review {
            let change = diff.changes[index]
            let id = change.stableID
            guard let decision = decisions[id] else {
                diagnostics.append(Self.undecided(change, id: id, metadata: metadata))
                continue
            }
            let record = Archive.ReviewedChange(change: id, decision: decision.decision, reason: decision.reason, by: decision.by,
                                                summary: change.summary)
            decided.changes[index].severity = decision.decision == .major ? .major : .minor
            decided.changes[index].reason = "\(record.decided): \(decision.reason)"
            if !applied.contains(record) { applied.append(record) }
        }
        for decision in metadata.reviewed where !applied.contains(where: { $0.change == decision.change }) {
            let classified = diff.changes.first { $0.stableID == decision.change }
            diagnostics.append(Self.stale(decision, why: classified.map {
                "policyc classifies that change as \($0.severity.rawValue) itself (\($0.reason)); a decision is taken only on a change for review"
            } ?? "no change since version \(diff.old.version ?? "?") has this id: the wording may have changed again since it was decided"))
        }
    }

    /// A decision on a policy's first release, which has nothing to decide.
    static func stale(_ decision: ReviewDecision, why: String) -> Diagnostic {
        Diagnostic(.staleReviewDecision, "the decision on \(decision.change) is ignored: \(why)", at: decision.range,
                   notes: ["remove it from 'reviewed:', or give it the change id 'policyc release --dry-run' prints now"])
    }

    /// What changed, its id, and the YAML that decides it.
    static func undecided(_ change: Change, id: String, metadata: Metadata) -> Diagnostic {
        let entry = """
              - change: \(id)
                decision: minor        # or major: users are then told, as the update clause promises
                reason: "why it is minor (or major)"
                by: your name (optional)
            """
        return Diagnostic(
            .unreviewedChange, "a person must decide whether this change is major before it is released: \(change.summary) (change id \(id))",
            at: change.new?.range ?? metadata.range,
            notes: [DiagnosticNote("the words: " + wording(of: change)),
                    "why policyc leaves it to a person: \(change.reason)",
                    DiagnosticNote("to decide it, add to the front matter\(metadata.reviewed.isEmpty ? "" : ", under 'reviewed:'"):\n"
                        + (metadata.reviewed.isEmpty ? "reviewed:\n" : "") + entry)])
    }

    /// The words added and removed, quoted (a long run shortened).
    static func wording(of change: Change) -> String {
        func quoted(_ text: String) -> String {
            let words = text.split(whereSeparator: \.isWhitespace)
            return "“" + words.prefix(40).joined(separator: " ") + (words.count > 40 ? " …" : "") + "”"
        }
        let runs: [(added: Bool, text: String)] = change.words.isEmpty
            ? [change.old.map { (false, $0.text) }, change.new.map { (true, $0.text) }].compactMap { $0 }
            : change.words.filter { $0.operation != .equal }.map { ($0.operation == .insert, $0.text) }
        return runs.map { ($0.added ? "added " : "removed ") + quoted($0.text) }.joined(separator: "; ")
    }
}
