import PolicyModel
import PolicyStatements

/// One difference between statements that decides how a change is classified.
struct StatementFinding {
    var subject: Change.Subject
    /// What is new or gone (a data phrase, a recipient, a region), when one thing is.
    var value: String?
    var kind: Change.Kind
    var narrows = false
    /// The finding names something policyc cannot classify (an unknown recipient): review.
    var uncertain = false
    var summary: String
    var old: PracticeStatement?
    var new: PracticeStatement?

    /// For a promise, what its practice is about: the update clause is searched for that.
    var practiceSubject: Change.Subject? {
        guard subject == .promise, let statement = new ?? old else { return nil }
        return StatementDiff.subject(of: statement)
    }
}

/// Compares the statements of two wordings, or of a paragraph added or removed against the
/// other version as a whole.
enum StatementDiff {
    /// What the controller does for the user: weakening "will" to "may" takes something away.
    static let commitments: Set<String> = ["delete", "respond", "correct", "cancel", "contact"]

    /// Head words that make an unclassified phrase data ("purchase records", "membership number").
    static let dataHeads: Set<Substring> = [
        "information", "data", "details", "info", "records", "record", "number", "numbers", "address", "addresses", "id", "ids",
        "identifier", "identifiers", "history", "logs", "log", "profile", "preferences", "content", "metadata", "location",
    ]

    static let genericWords: Set<Substring> = ["information", "data", "details", "info", "records", "record", "content", "personal"]

    /// A statement reduced to what it says, for equality: wording that leaves this the same is a
    /// rewording.
    static func key(_ statement: PracticeStatement) -> String {
        [
            "\(statement.actor)", statement.actions.sorted().joined(separator: "/"), statement.polarity.rawValue, "\(isPermissive(statement))",
            statement.data.map(\.text).sorted().joined(separator: ","), recipients(of: statement).map(\.text).sorted().joined(separator: ","),
            statement.purposes.map { $0.category ?? $0.text }.sorted().joined(separator: ","),
            statement.conditions.map { "\($0.kind.rawValue):\($0.text)" }.sorted().joined(separator: ","), statement.exceptions.sorted().joined(separator: ","),
            statement.regions.sorted().joined(separator: ","),
            statement.periods.map(String.init).joined(separator: ","),
        ].joined(separator: "|")
    }

    /// Who receives what a statement discloses: its recipients, and an organisation or category
    /// that itself collects ("advertising partners may collect …").
    static func recipients(of statement: PracticeStatement) -> [PracticeStatement.Phrase] {
        var found = statement.disclosesData ? statement.recipients : statement.recipients.filter { $0.category != nil }
        switch statement.actor {
        case .category(let key): found.append(PracticeStatement.Phrase(key, category: key))
        case .organisation(let name): found.append(PracticeStatement.Phrase(name, category: "organisation"))
        case .firstParty, .user: break
        }
        return found
    }

    /// What the controller binds itself to do for the user: "we will delete …", "we will respond
    /// within 15 days", or a verb the lexicon does not know after "we will" (`commit`).
    static func isCommitment(_ statement: PracticeStatement) -> Bool {
        statement.actor == .firstParty && !isPermissive(statement)
            && (statement.actions == ["commit"] || statement.actions.contains { commitments.contains($0) })
    }

    /// "may", as against "will", "must", "need to" and the plain present ("we collect").
    static func isPermissive(_ statement: PracticeStatement) -> Bool { statement.modality == .may }

    static func shorter(_ a: Int, _ b: Int) -> Bool {
        // -1 is "indefinitely", longer than any number of days.
        if a < 0 { return false }
        if b < 0 { return true }
        return a < b
    }

    /// The law's subject for a practice: disclosing is about recipients, retaining about
    /// retention, charging and restricting about rights, anything else about purposes of processing.
    static func subject(of statement: PracticeStatement) -> Change.Subject {
        if statement.isUserRight { return .right }
        if statement.disclosesData { return .recipient }
        if statement.actions.contains(where: { ["charge", "restrict", "respond"].contains($0) }) { return .right }
        if statement.actions.contains(where: { ["retain", "store", "delete"].contains($0) }) { return .retention }
        return .purpose
    }

    static func sameActions(_ a: PracticeStatement, _ b: PracticeStatement) -> Bool {
        !Set(a.actions).isDisjoint(with: b.actions) && (a.actor == .user) == (b.actor == .user)
    }

    static func overlaps(_ a: PracticeStatement, _ b: PracticeStatement) -> Bool {
        let aData = Set(a.data.map(\.text)), bData = Set(b.data.map(\.text))
        let aTo = Set(recipients(of: a).map(\.text)), bTo = Set(recipients(of: b).map(\.text))
        let dataMeet = aData.isEmpty || bData.isEmpty || !aData.isDisjoint(with: bData)
        let recipientsMeet = aTo.isEmpty || bTo.isEmpty || !aTo.isDisjoint(with: bTo)
        return dataMeet && recipientsMeet
    }

    // MARK: - A changed paragraph

    /// Findings between the statements of an old and a new wording of one paragraph. `oldIndex`
    /// is the whole old version: a recipient the paragraph now names is new only if the old
    /// version named it nowhere.
    static func changed(old: [PracticeStatement], new: [PracticeStatement], oldIndex: StatementIndex, newIndex: StatementIndex) -> [StatementFinding] {
        var findings: [StatementFinding] = []
        var matchedOld: Set<Int> = []
        // A statement said the same way on both sides (an unchanged sentence beside the edited
        // one) pairs with its twin first, so that it never stands in for another.
        // Keys looked up in a table, candidates by action: a hostile paragraph of thousands of
        // statements is paired in time proportional to its size, not its square.
        var twins: [String: [Int]] = [:]
        for index in old.indices.reversed() { twins[key(old[index]), default: []].append(index) }
        var byAction: [String: [Int]] = [:]
        for index in old.indices { for action in Set(old[index].actions) { byAction[action, default: []].append(index) } }
        var unpairedNew: [PracticeStatement] = []
        for statement in new {
            if let twin = twins[key(statement)]?.popLast() {
                matchedOld.insert(twin)
            } else {
                unpairedNew.append(statement)
            }
        }
        for statement in unpairedNew {
            // The first few unpaired statements of the same actions compete; past them a statement
            // is judged as added (never less severe than as changed).
            var candidates: [Int] = []
            for action in statement.actions {
                for index in byAction[action] ?? [] where !matchedOld.contains(index) && sameActions(old[index], statement) {
                    if candidates.count >= 32 { break }
                    if !candidates.contains(index) { candidates.append(index) }
                }
            }
            guard let best = candidates.max(by: { similarity(old[$0], statement) < similarity(old[$1], statement) }) else {
                findings += added(statement, against: oldIndex)
                continue
            }
            matchedOld.insert(best)
            findings += compare(old[best], statement, oldIndex: oldIndex)
        }
        for index in old.indices where !matchedOld.contains(index) {
            findings += removed(old[index], against: newIndex)
        }
        return findings
    }

    private static func similarity(_ a: PracticeStatement, _ b: PracticeStatement) -> Int {
        let shared = Set(a.actions).intersection(b.actions).count * 4
        let data = Set(a.data.map(\.text)).intersection(b.data.map(\.text)).count * 2
        let to = Set(a.recipients.map(\.text)).intersection(b.recipients.map(\.text)).count * 2
        return shared + data + to + (a.polarity == b.polarity ? 1 : 0)
    }

    /// One statement against its earlier form.
    private static func compare(_ old: PracticeStatement, _ new: PracticeStatement, oldIndex: StatementIndex) -> [StatementFinding] {
        var findings: [StatementFinding] = []
        func finding(_ subject: Change.Subject, _ kind: Change.Kind, _ summary: String, narrows: Bool = false, uncertain: Bool = false) {
            findings.append(StatementFinding(subject: subject, kind: kind, narrows: narrows, uncertain: uncertain, summary: summary, old: old, new: new))
        }
        let verbs = new.actions.joined(separator: "/")
        if old.polarity == .negated, new.polarity == .affirmative {
            if new.actor == .user {
                // "you cannot …" → "you can …": a right granted.
                return []
            }
            finding(.promise, .changed, "the promise not to \(old.actions.joined(separator: "/")) is withdrawn: the text now says it \(new.modality == .may ? "may" : "will") \(verbs)", narrows: true)
            return findings
        }
        if old.polarity == .affirmative, new.polarity == .negated {
            if new.isUserRight { finding(.right, .changed, "a right is now denied: you cannot \(verbs)", narrows: true) }
            // "we will delete …" → "we will not delete …": a commitment to the user withdrawn.
            if isCommitment(old) { finding(.promise, .changed, "a commitment is withdrawn: the text now says it will not \(verbs)", narrows: true) }
            return findings
        }
        if new.polarity == .negated {
            // "we do not sell or share" → "we do not sell": the promise covers less.
            let dropped = old.actions.filter { !new.actions.contains($0) }
            if !dropped.isEmpty {
                finding(.promise, .changed, "the promise not to \(old.actions.joined(separator: "/")) no longer covers \(dropped.joined(separator: "/"))", narrows: true)
            }
            // A promise that stays a promise can still be weakened: "will not" → "may not", or new exceptions.
            if !isPermissive(old), isPermissive(new) {
                finding(.promise, .changed, "the promise not to \(verbs) is weakened from “\(old.modality == .stated ? "does not" : "will not")” to “may not”", narrows: true, uncertain: true)
            }
            // Conditions of a negated statement are exceptions too ("… or where necessary for our business").
            let oldLimits = Set(old.exceptions + old.conditions.map(\.text))
            let newExceptions = (new.exceptions + new.conditions.map(\.text)).filter { !oldLimits.contains($0) }
            if !newExceptions.isEmpty {
                finding(.exception, .added, "the promise not to \(verbs) gains an exception: unless \(newExceptions.joined(separator: "; "))")
            }
            // Fewer exceptions make a stronger promise: nothing to report.
            return findings
        }
        if new.isUserRight {
            if old.modality != .need, new.modality == .need {
                finding(.right, .changed, "a right now has a precondition: you need to \(verbs)", narrows: true, uncertain: true)
            }
            return findings
        }
        if !isPermissive(old), isPermissive(new) {
            // "we will delete …" → "we may delete …": a commitment becomes a possibility.
            let commitment = new.actions.contains { commitments.contains($0) }
            finding(commitment ? .right : subject(of: new), .changed,
                    "a commitment is weakened: “\(old.modality == .stated ? "we \(verbs)" : "will \(verbs)")” becomes “may \(verbs)”",
                    narrows: true, uncertain: !commitment)
        }
        // "we collect" → "we collect and sell": a practice the old statement did not name.
        let added = new.actions.filter { !old.actions.contains($0) && PracticeStatement.processingActions.contains($0) }
        if !added.isEmpty {
            finding(added.contains { PracticeStatement.disclosingActions.contains($0) } ? .recipient : .purpose, .changed,
                    "a new practice: the text now also says it will \(added.joined(separator: "/")) what it \(old.actions.joined(separator: "/"))s")
        }
        findings += widening(from: old, to: new, oldIndex: oldIndex)
        // A condition the old statement set and the new one drops.
        let oldConsent = old.conditions.filter { $0.kind == .consent || $0.kind == .separateConsent }
        if !oldConsent.isEmpty, !new.conditions.contains(where: { $0.kind == .consent || $0.kind == .separateConsent }) {
            finding(subject(of: new), .changed, "the condition “\(oldConsent[0].text)” is removed: the text no longer asks for consent to \(verbs)", narrows: true)
        } else if old.conditions.contains(where: { $0.kind == .separateConsent }), !new.conditions.contains(where: { $0.kind == .separateConsent }) {
            finding(subject(of: new), .changed, "separate consent is no longer required to \(verbs)", narrows: true)
        }
        return findings
    }

    /// What an affirmative statement says that the old version did not: data, recipients,
    /// purposes, regions, periods.
    private static func widening(from old: PracticeStatement?, to new: PracticeStatement, oldIndex: StatementIndex) -> [StatementFinding] {
        guard new.polarity == .affirmative, new.actor != .user else { return [] }
        var findings: [StatementFinding] = []
        let verbs = new.actions.joined(separator: "/")
        func finding(_ subject: Change.Subject, _ summary: String, value: String? = nil, uncertain: Bool = false) {
            findings.append(StatementFinding(subject: subject, value: value, kind: .added, uncertain: uncertain, summary: summary, old: old, new: new))
        }
        let oldData = Set(old?.data.map(\.text) ?? [])
        if new.processesData {
            for phrase in new.data where !oldData.contains(phrase.text) && !oldIndex.namesData(phrase.text) {
                // A phrase neither the lexicon nor its own head word marks as data is left to the
                // paragraph's judgement ("we use regular security audits").
                guard phrase.category != nil || phrase.text.split(separator: " ").last.map(dataHeads.contains) == true else { continue }
                finding(.dataItem, "new data: \(verbs) “\(phrase.text)”", value: phrase.text, uncertain: phrase.category == nil)
            }
        }
        let oldRecipients = Set(old.map { recipients(of: $0).map(\.text) } ?? [])
        for phrase in recipients(of: new) where !oldRecipients.contains(phrase.text) && !oldIndex.namesRecipient(phrase) {
            finding(.recipient, "new recipient: \(verbs) with “\(phrase.text)”", value: phrase.text, uncertain: phrase.category == nil)
        }
        let oldPurposes = Set(old?.purposes.map { $0.category ?? $0.text } ?? [])
        for phrase in new.purposes where !oldPurposes.contains(phrase.category ?? phrase.text)
            && !(old?.purposes.contains { narrows($0.text, to: phrase.text) } ?? false) {
            if let category = phrase.category {
                if !oldIndex.hasPurpose(category: category) { finding(.purpose, "new purpose (\(category)): \(verbs) for “\(phrase.text)”") }
            } else if !oldIndex.hasPurpose(text: phrase.text) {
                finding(.purpose, "new purpose: \(verbs) for “\(phrase.text)”", uncertain: true)
            }
        }
        // Where data is kept or sent: the regions of statements that store, retain or disclose.
        let placesData = new.disclosesData || new.keepsData
        for region in new.regions where placesData && !(old?.regions.contains(region) ?? false) && !oldIndex.hasRegion(region) {
            finding(.storageRegion, region == "abroad" ? "data now \(verbs) outside the country" : "new region: \(verbs) in \(region)", value: region)
        }
        if let period = new.periods.max(by: shorter), new.keepsData {
            let before = old?.periods.max(by: shorter) ?? oldIndex.longestRetention
            if before.map({ shorter($0, period) }) ?? true {
                finding(.retention, "kept longer: \(period < 0 ? "indefinitely" : "\(period) days")\(before.map { " (before: \($0 < 0 ? "indefinitely" : "\($0) days"))" } ?? "")")
            }
        }
        if let period = new.periods.max(by: shorter), new.actions.contains("respond"),
           let before = old?.periods.max(by: shorter) ?? oldIndex.longestResponse, shorter(before, period) {
            findings.append(StatementFinding(subject: .responseTime, kind: .changed, narrows: true,
                                             summary: "answered later: \(period) days (before: \(before) days)", old: old, new: new))
        }
        if new.limitsRights, old?.limitsRights != true {
            findings.append(StatementFinding(subject: .right, kind: .changed, narrows: true, summary: "a new limit on the user's rights: we \(verbs)", old: old, new: new))
        }
        return findings
    }

    /// Whether `narrower` is `phrase` with words left out, none of which limited it: "so that we
    /// and our partners can understand …" → "so that we can understand …" names fewer parties,
    /// while leaving out "other than" or "only" widens what the phrase allows.
    static func narrows(_ phrase: String, to narrower: String) -> Bool {
        let before = phrase.split(separator: " "), after = narrower.split(separator: " ")
        guard after.count < before.count else { return false }
        var left = before[...], removed: [Substring] = []
        // `after` must be `before` in order, with words left out.
        for word in after {
            guard let index = left.firstIndex(of: word) else { return false }
            removed += left[left.startIndex..<index]
            left = left[(index + 1)...]
        }
        removed += left
        return !removed.contains { limitingWords.contains($0.lowercased()) || $0.contains(where: \.isNumber) }
    }

    /// Words that limit what a phrase allows: leaving one out widens it.
    private static let limitingWords: Set<String> = [
        "not", "no", "never", "nor", "only", "solely", "exclusively", "other", "than", "except", "unless", "without",
        "beyond", "unrelated", "limited", "strictly", "necessary", "minimum", "consent", "if", "when", "where", "provided",
    ]

    // MARK: - Added and removed

    /// A statement in a new paragraph: what it says that the old version said nowhere.
    static func added(_ statement: PracticeStatement, against oldIndex: StatementIndex) -> [StatementFinding] {
        if statement.polarity == .negated, statement.isUserRight {
            // "You cannot delete your account.": a right denied.
            return [StatementFinding(subject: .right, kind: .changed, narrows: true,
                                     summary: "a right is denied: you cannot \(statement.actions.joined(separator: "/"))", new: statement)]
        }
        if statement.polarity == .negated || statement.isUserRight { return [] }
        return widening(from: nil, to: statement, oldIndex: oldIndex)
    }

    /// A statement of a removed paragraph: a promise or a right that the new version no longer makes.
    static func removed(_ statement: PracticeStatement, against newIndex: StatementIndex) -> [StatementFinding] {
        let verbs = statement.actions.joined(separator: "/")
        if statement.polarity == .negated, statement.actor != .user, !newIndex.keepsPromise(statement) {
            return [StatementFinding(subject: .promise, kind: .removed, narrows: true,
                                     summary: "the promise not to \(verbs) is withdrawn", old: statement)]
        }
        if statement.isUserRight, statement.polarity == .affirmative, !newIndex.keepsRight(statement) {
            return [StatementFinding(subject: .right, kind: .removed, narrows: true, summary: "a right is removed: you can no longer \(verbs)", old: statement)]
        }
        if isCommitment(statement), statement.polarity == .affirmative, !newIndex.hasKey(key(statement)) {
            return [StatementFinding(subject: .promise, kind: .removed, narrows: true, uncertain: true,
                                     summary: "a commitment is no longer made: we \(statement.modality == .may ? "may" : "will") \(statement.data.first?.text ?? "")", old: statement)]
        }
        let consent = statement.conditions.first { $0.kind == .consent || $0.kind == .separateConsent }
        if let consent, statement.polarity == .affirmative, !newIndex.hasKey(key(statement)) {
            return [StatementFinding(subject: .promise, kind: .removed, narrows: true, uncertain: true,
                                     summary: "a practice under “\(consent.text)” is no longer stated with that condition", old: statement)]
        }
        return []
    }

    /// Whether `new` says no more than `old`: each new statement is an old one, an old one with
    /// less data, fewer recipients, purposes or regions and no fewer conditions, a right granted
    /// or a promise made. What `old` said that `new` does not is less processing (promises and
    /// rights withdrawn are findings of their own).
    static func narrowsOrGivesMore(_ old: [PracticeStatement], _ new: [PracticeStatement]) -> Bool {
        new.allSatisfy { statement in
            // A promise not to process, or a right granted, gives the user more; a right denied
            // or a commitment negated does not.
            if statement.isUserRight { return statement.polarity == .affirmative }
            if statement.polarity == .negated { return !statement.actions.contains { commitments.contains($0) || $0 == "commit" } }
            return old.contains { before in
                sameActions(before, statement) && before.polarity == statement.polarity && before.actor == statement.actor
                    && Set(statement.actions).isSubset(of: before.actions)
                    && (isPermissive(statement) == isPermissive(before) || isPermissive(before))
                    && Set(statement.data.map(\.text)).isSubset(of: before.data.map(\.text))
                    && Set(recipients(of: statement).map(\.text)).isSubset(of: recipients(of: before).map(\.text))
                    && statement.purposes.allSatisfy { purpose in
                        before.purposes.contains { ($0.category ?? $0.text) == (purpose.category ?? purpose.text) || narrows($0.text, to: purpose.text) }
                    }
                    && Set(statement.regions).isSubset(of: before.regions)
                    && Set(before.conditions.map(\.kind)).isSubset(of: statement.conditions.map(\.kind))
            }
        }
    }

    /// Whether two sets of statements say the same: equal after rewording.
    static func same(_ a: [PracticeStatement], _ b: [PracticeStatement]) -> Bool {
        Set(a.map(key)) == Set(b.map(key))
    }
}
