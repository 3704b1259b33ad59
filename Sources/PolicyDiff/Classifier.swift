import PolicyMarkup
import PolicyModel

/// The law a change is also judged by, beside the policy's own update clause.
public enum LawProfile: String, Sendable, CaseIterable {
    /// China's Personal Information Protection Law: Art. 14 (new consent when purposes, methods
    /// or categories change), Art. 17 (what must be disclosed), Art. 23 (new recipients), Art. 39
    /// (cross-border transfers), Art. 44–47 (rights).
    case pipl
    /// The GDPR: Art. 13 (information to be provided), Art. 44 ff. (transfers), Art. 12–22 (rights).
    case gdpr

    /// The article that makes a change of `subject` major, if the law does. Removals that take
    /// nothing from the user (a purpose dropped, a recipient no longer used) are not.
    func article(for change: Change) -> String? {
        let adds = change.kind == .added || change.kind == .changed
        switch (self, change.subject) {
        case (.pipl, .purpose) where adds: return "PIPL Art. 14, 17(1)(2): a new or changed purpose of processing needs new notice and consent"
        case (.pipl, .dataItem) where adds: return "PIPL Art. 14, 17(1)(2): a new category of personal information needs new notice and consent"
        case (.pipl, .recipient) where adds: return "PIPL Art. 23: a new recipient needs notice and separate consent"
        case (.pipl, .storageRegion) where adds, (.pipl, .crossBorder) where adds:
            return "PIPL Art. 39, 40: a new storage region or transfer abroad needs notice and separate consent"
        case (.pipl, .right) where change.narrows, (.pipl, .choice) where change.narrows, (.pipl, .responseTime) where change.narrows:
            return "PIPL Art. 17(1)(3), 44–50: a right removed or narrowed"
        case (.pipl, .exception) where change.kind != .removed: return "PIPL Art. 17(1)(3), 44–50: a new or reworded exception to the rights"
        case (.pipl, .promise): return "PIPL Art. 14, 17(1)(2): processing the policy promised not to do, or did only with consent, needs new notice and consent"
        case (.gdpr, .promise): return "GDPR Art. 13(3), 5(1)(a): processing beyond what the data subject was told"
        case (.pipl, .controller): return "PIPL Art. 17(1)(1): the identity of the personal information handler"
        case (.pipl, .contact) where change.narrows || change.kind == .changed:
            return "PIPL Art. 17(1)(1): the handler's contact method"
        case (.pipl, .retention) where change.kind != .removed || change.narrows:
            return "PIPL Art. 17(1)(2): the retention period"
        case (.gdpr, .purpose) where adds: return "GDPR Art. 13(1)(c), 13(3): a new purpose of processing"
        case (.gdpr, .dataItem) where adds: return "GDPR Art. 13(3), 14(1)(d): a new category of personal data"
        case (.gdpr, .recipient) where adds: return "GDPR Art. 13(1)(e): new recipients or categories of recipients"
        case (.gdpr, .storageRegion) where adds, (.gdpr, .crossBorder) where adds: return "GDPR Art. 13(1)(f): a transfer to a third country"
        case (.gdpr, .right) where change.narrows, (.gdpr, .choice) where change.narrows: return "GDPR Art. 13(2)(b), 12–22: a data subject right narrowed"
        case (.gdpr, .exception) where change.kind != .removed: return "GDPR Art. 23: a new or reworded restriction of data subject rights"
        case (.gdpr, .controller): return "GDPR Art. 13(1)(a): the identity of the controller"
        case (.gdpr, .contact) where change.narrows || change.kind == .changed: return "GDPR Art. 13(1)(a), (b): the contact details of the controller or DPO"
        case (.gdpr, .retention) where change.kind != .removed || change.narrows: return "GDPR Art. 13(2)(a): the retention period"
        default: return nil
        }
    }
}

/// Decides each change's severity: editorial edits are minor; then the policy's own update
/// clause ("major changes include …"), then the law profile.
struct Classifier {
    let updateClause: UpdateClause?
    let profile: LawProfile

    /// The words of an update-clause category that show which subjects it covers.
    private static let cues: [(words: [String], subjects: Set<Change.Subject>)] = [
        (["service model", "purpose", "type of personal", "types of personal", "categor", "processing method", "way of processing", "use of personal"],
         [.purpose, .dataItem]),
        (["shar", "transfer", "disclos", "recipient", "objects"], [.recipient, .storageRegion, .crossBorder]),
        (["right"], [.right, .choice, .exception, .responseTime]),
        (["contact", "department", "complaint", "responsible for"], [.contact, .responseTime]),
        (["ownership", "organization", "organisation", "merger", "controller", "bankrupt"], [.controller]),
        (["retention", "storage period", "store"], [.retention, .storageRegion]),
    ]

    func classify(_ change: inout Change) {
        if change.isEditorial {
            change.severity = .minor
            change.reason = "editorial: " + change.reason
            return
        }
        // The policy's own categories cover a subject whichever way it changes ("change of the
        // main objects subject to sharing" is a recipient added or changed), except where the
        // change takes nothing from the user (below).
        if change.subject == .updateClause, change.kind != .added {
            // A category of major change dropped from the policy's own clause means less notice
            // next time; whether that matters is a person's call.
            change.failsClosed = true
        }
        if change.isUncertain {
            // The statement names something policyc does not know (is "Acme" a recipient?).
            change.severity = .review
            change.reason = "policyc does not know what this names, so it cannot tell whether the change is major; a person decides"
            return
        }
        // A right, a choice or a contact channel added takes nothing from the user.
        let givesMore = change.kind == .added && [.right, .choice, .contact].contains(change.subject)
            // Less processing takes nothing either: a purpose, data item, recipient or region the
            // policy no longer names is not a change the user must be asked about again.
            || change.kind == .removed && [.purpose, .dataItem, .recipient, .storageRegion, .crossBorder].contains(change.subject)
        if !givesMore, !Self.neverMajorByClause.contains(change.subject),
           let clause = updateClause, let entry = policyCategory(for: change.practiceSubject ?? change.subject, in: clause) {
            change.severity = .major
            change.reason = "the policy's update clause counts this as a \(clause.majorChangeTerm) change"
            change.clause = Change.Clause(source: .policy, id: entry.id, text: entry.statement.text, range: entry.statement.range)
            return
        }
        if let article = profile.article(for: change) {
            change.severity = .major
            change.reason = "\(profile.rawValue.uppercased()) baseline"
            change.clause = Change.Clause(source: .law, id: profile.rawValue, text: article, range: nil)
            return
        }
        if change.failsClosed {
            change.severity = .review
            if change.subject != .text {
                change.reason = "neither the update clause nor the \(profile.rawValue.uppercased()) profile names this change; a person decides"
            }
            return
        }
        change.severity = .minor
        if change.reason.isEmpty { change.reason = Self.minorReason(change) }
    }

    private static let neverMajorByClause: Set<Change.Subject> = [.text, .metadata, .dates, .definition, .updateClause]

    private func policyCategory(for subject: Change.Subject, in clause: UpdateClause) -> UpdateClause.Entry? {
        clause.majorChangeCategories.first { entry in
            let folded = FoldedText(entry.statement.text)
            return Self.cues.contains { cue in cue.subjects.contains(subject) && cue.words.contains(where: folded.contains) }
        }
    }

    private static func minorReason(_ change: Change) -> String {
        switch (change.subject, change.kind) {
        case (.metadata, _), (.dates, _): return "metadata only"
        case (.text, _): return "wording changed; no new purpose, category, recipient, region, right or contact recognised"
        case (_, .removed): return "less processing or disclosure than before"
        case (_, .added): return "adds to what the user is told or can do"
        default: return "neither the update clause nor the law profile counts it as major"
        }
    }
}
