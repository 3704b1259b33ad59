import PolicyMarkup
import PolicyModel

/// Changes between the facts two versions state: metadata, purposes, data items, recipients,
/// storage, rights, exceptions, contacts, switches, definitions. Facts are matched by id (or by
/// their normalised wording, for facts without one) and compared without their source ranges.
enum FactDiff {
    static func changes(_ old: Policy, _ new: Policy) -> [Change] {
        var changes: [Change] = []
        metadata(old.metadata, new.metadata, into: &changes)
        purposes(old, new, into: &changes)
        keyed(old.dataItems, new.dataItems, subject: .dataItem, id: \.id, name: { "data item '\($0.id)' (\($0.label))" },
              side: { side($0.label, $0.mentions.first?.range) }, signature: { "\($0.category ?? "")|\($0.sensitive)" }, into: &changes)
        keyed(old.recipients, new.recipients, subject: .recipient, id: \.id, name: { "recipient '\($0.id)' (\($0.label))" },
              side: { side($0.label, $0.mentions.first?.range) }, signature: { $0.kind ?? "" }, into: &changes)
        keyed(old.storage.regions, new.storage.regions, subject: .storageRegion, id: \.code, name: { "storage region \($0.code) (\($0.label))" },
              side: { side($0.label, $0.mentions.first?.range) }, signature: { _ in "" }, into: &changes)
        keyed(old.storage.crossBorder, new.storage.crossBorder, subject: .crossBorder, id: { TextUnits.collapse($0.statement.text) },
              name: { _ in "cross-border transfer rule" }, side: { side($0.statement) }, signature: { "\($0.requiresSeparateConsent)" },
              narrows: { old, new in old.requiresSeparateConsent && !new.requiresSeparateConsent }, into: &changes)
        retention(old.storage.retention, new.storage.retention, into: &changes)
        rights(old.rights, new.rights, into: &changes)
        keyed(old.exceptions, new.exceptions, subject: .exception, id: { TextUnits.collapse($0.statement.text) },
              name: { "exception (\($0.number))" }, side: { side($0.statement) }, signature: { _ in "" }, into: &changes)
        keyed(old.contacts, new.contacts, subject: .contact, id: { $0.id.hasPrefix($0.kind.rawValue + ":") ? $0.id : "\($0.kind.rawValue):\($0.id)" },
              name: { "\($0.kind.rawValue) contact '\($0.label ?? $0.id)'" }, side: { side($0.value, $0.mentions.first?.range) },
              signature: { $0.value.lowercased() }, narrows: { _, _ in true }, removalNarrows: true, into: &changes)
        pairReplacedContacts(in: &changes)
        // A company named in a new way is the same one ("Acme Inc" → "Acme Inc."); another name,
        // or an address changed, is a change of who handles the data.
        keyed(old.controllers, new.controllers, subject: .controller, id: \.key, name: { "controller '\($0.name)'" },
              side: { side($0.statement) }, signature: { ($0.address ?? "").lowercased().filter { $0.isLetter || $0.isNumber } },
              into: &changes)
        responseTime(old.responseTime, new.responseTime, into: &changes)
        keyed(old.switches, new.switches, subject: .choice, id: \.id, name: { "switch '\($0.label)'" },
              side: { side($0.label, $0.range) }, signature: { "\($0.item ?? "")|\($0.defaultSetting.rawValue)" },
              narrows: { old, new in old.defaultSetting != .allow && new.defaultSetting == .allow },
              removalNarrows: true, into: &changes)
        keyed(old.definitions, new.definitions, subject: .definition, id: { $0.term.lowercased() }, name: { "definition of '\($0.term)'" },
              side: { side($0.statements.map(\.text).joined(separator: " "), $0.statements.first?.range) },
              signature: { TextUnits.collapse($0.statements.map(\.text).joined(separator: " ")) },
              sameMeaning: { WordDiff.isEditorial(TextUnits.collapse($0.statements.map(\.text).joined(separator: " ")),
                                                  TextUnits.collapse($1.statements.map(\.text).joined(separator: " "))) },
              into: &changes)
        updateClause(old.updateClause, new.updateClause, into: &changes)
        return changes
    }

    // MARK: - Helpers

    static func side(_ text: String, _ range: SourceRange?) -> Change.Side { Change.Side(text: text, range: range) }
    static func side(_ statement: Statement) -> Change.Side { Change.Side(text: statement.text, range: statement.range) }

    /// Added, removed and changed members of two collections of facts matched by `id`.
    private static func keyed<Fact>(
        _ old: [Fact], _ new: [Fact], subject: Change.Subject, id: (Fact) -> String, name: (Fact) -> String,
        side: (Fact) -> Change.Side, signature: (Fact) -> String,
        narrows: (Fact, Fact) -> Bool = { _, _ in false }, removalNarrows: Bool = false,
        sameMeaning: (Fact, Fact) -> Bool = { _, _ in false }, into changes: inout [Change]
    ) {
        var oldByID: [String: Fact] = [:]
        for fact in old where oldByID[id(fact)] == nil { oldByID[id(fact)] = fact }
        var seen: Set<String> = []
        for fact in new {
            let key = id(fact)
            guard seen.insert(key).inserted else { continue }
            if let before = oldByID[key] {
                // A wording fixed editorially is the same fact; the text comparison shows the edit.
                if signature(before) != signature(fact), !sameMeaning(before, fact) {
                    changes.append(Change(subject, .changed, id: key, summary: "\(name(fact)) changed",
                                          old: side(before), new: side(fact), narrows: narrows(before, fact)))
                }
            } else {
                changes.append(Change(subject, .added, id: key, summary: "\(name(fact)) added", new: side(fact)))
            }
        }
        var removedSeen: Set<String> = []
        for fact in old where !seen.contains(id(fact)) && removedSeen.insert(id(fact)).inserted {
            changes.append(Change(subject, .removed, id: id(fact), summary: "\(name(fact)) removed", old: side(fact), narrows: removalNarrows))
        }
        pairReworded(subject, in: &changes)
    }

    /// Facts matched by their wording ("exception (3)") come back as removed and added when a
    /// word of them changes. A pair that differs only editorially is no change of the fact (the
    /// text comparison reports the edit); any other pair is one changed fact.
    private static func pairReworded(_ subject: Change.Subject, in changes: inout [Change]) {
        var index = 0
        while index < changes.count {
            defer { index += 1 }
            guard changes[index].subject == subject, changes[index].kind == .added, let added = changes[index].new else { continue }
            let partner = changes.indices.first { other in
                changes[other].subject == subject && changes[other].kind == .removed
                    && changes[other].old.map { Similarity.of(words: $0.text, added.text) >= 0.8 } == true
            }
            guard let partner, let removed = changes[partner].old else { continue }
            if WordDiff.isEditorial(TextUnits.collapse(removed.text), TextUnits.collapse(added.text)) {
                changes[index].kind = .moved  // marked for removal below
            } else {
                changes[index].kind = .changed
                changes[index].old = removed
                changes[index].summary = changes[index].summary.replacingAll(" added", with: " reworded")
            }
            changes.remove(at: partner)
            if partner < index { index -= 1 }
        }
        changes.removeAll { $0.subject == subject && $0.kind == .moved }
    }

    /// A channel removed and another of the same kind added is one channel changed
    /// ("Hotline: 400-6666-509" → "Hotline: 400-6666-510").
    private static func pairReplacedContacts(in changes: inout [Change]) {
        func kind(_ change: Change) -> Substring? { change.id?.split(separator: ":").first }
        for index in changes.indices where changes[index].subject == .contact && changes[index].kind == .added {
            guard let partner = changes.indices.first(where: {
                changes[$0].subject == .contact && changes[$0].kind == .removed && kind(changes[$0]) == kind(changes[index])
            }) else { continue }
            changes[index].kind = .changed
            changes[index].old = changes[partner].old
            changes[index].summary = "\(kind(changes[index]) ?? "") contact changed: \(changes[partner].old?.text ?? "") → \(changes[index].new?.text ?? "")"
            // A page of the same site moved ("help.github.com/en/…" → "help.github.com/…") is the
            // same channel; another site, number or address is not.
            let sameSite = kind(changes[index]) == "url" && host(changes[partner].old?.text) != nil
                && host(changes[partner].old?.text) == host(changes[index].new?.text)
            changes[index].narrows = !sameSite
            if sameSite {
                changes[index].isEditorial = true
                changes[index].reason = "a page of the same site; the channel is the same"
            }
            changes[partner].kind = .moved  // dropped below
        }
        changes.removeAll { $0.subject == .contact && $0.kind == .moved }
    }

    /// The host of a web address, lowercased, without "www.".
    private static func host(_ url: String?) -> String? {
        guard let url, let scheme = url.range(of: "://") else { return nil }
        let rest = url[scheme.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.lowercased()
        return host.hasPrefix("www.") ? String(host.dropFirst(4)) : (host.isEmpty ? nil : host)
    }

    private static func metadata(_ old: Metadata, _ new: Metadata, into changes: inout [Change]) {
        func compare(_ field: String, _ a: String?, _ b: String?, _ subject: Change.Subject) {
            guard a != b else { return }
            let kind: Change.Kind = a == nil ? .added : b == nil ? .removed : .changed
            changes.append(Change(subject, kind, id: field, summary: "\(field) \(a ?? "–") → \(b ?? "–")",
                                  old: a.map { side($0, old.range) }, new: b.map { side($0, new.range) }))
        }
        // Ids are not compared: plain Markdown takes its id from the file name, which differs
        // between the files of two versions; the report names both ids.
        compare("title", old.title, new.title, .metadata)
        compare("version", old.version, new.version, .metadata)
        compare("locale", old.locale, new.locale, .metadata)
        compare("updated", old.updated, new.updated, .dates)
        compare("effective", old.effective, new.effective, .dates)
        // "Acme Inc" → "Acme Inc." is the same controller; any other change of name is not.
        if let a = old.controller, let b = new.controller, a != b, WordDiff.isEditorial(TextUnits.collapse(a), TextUnits.collapse(b)) {
            return
        }
        compare("controller", old.controller, new.controller, .controller)
    }

    private static func purposes(_ old: Policy, _ new: Policy, into changes: inout [Change]) {
        keyed(old.purposes, new.purposes, subject: .purpose, id: \.id, name: { "purpose '\($0.title)'" },
              side: { side($0.title, $0.headingRange) },
              signature: { "\($0.necessity)|\($0.refusal?.effect.rawValue ?? "")" }, into: &changes)
        // Data newly used for an existing purpose, or newly shared for it.
        let oldPurposes = Dictionary(old.purposes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for purpose in new.purposes {
            guard let before = oldPurposes[purpose.id] else { continue }
            let oldItems = Set(before.items.map(\.id))
            for item in purpose.items where !oldItems.contains(item.id) {
                changes.append(Change(.dataItem, .changed, id: item.id, summary: "'\(item.id)' now used for purpose '\(purpose.title)'",
                                      new: side(item.text, item.range)))
            }
            let oldRecipients = Set(before.recipients.map(\.id))
            for recipient in purpose.recipients where !oldRecipients.contains(recipient.id) {
                changes.append(Change(.recipient, .changed, id: recipient.id,
                                      summary: "'\(recipient.id)' now receives data for purpose '\(purpose.title)'",
                                      new: side(recipient.text, recipient.range)))
            }
        }
    }

    private static func retention(_ old: [Retention], _ new: [Retention], into changes: inout [Change]) {
        let oldPeriods = old.compactMap(\.period), newPeriods = new.compactMap(\.period)
        guard oldPeriods != newPeriods || old.isEmpty != new.isEmpty else { return }
        let kind: Change.Kind = old.isEmpty ? .added : new.isEmpty ? .removed : .changed
        changes.append(Change(
            .retention, kind, summary: "retention period \(oldPeriods.isEmpty ? "not stated" : oldPeriods.joined(separator: ", ")) → \(newPeriods.isEmpty ? "not stated" : newPeriods.joined(separator: ", "))",
            old: old.first.map { side($0.statement) }, new: new.first.map { side($0.statement) }, narrows: kind == .removed))
    }

    private static func rights(_ old: [Right], _ new: [Right], into changes: inout [Change]) {
        func byKind(_ rights: [Right]) -> [Right.Kind: Right] {
            var result: [Right.Kind: Right] = [:]
            for right in rights { for kind in right.kinds where result[kind] == nil { result[kind] = right } }
            return result
        }
        let before = byKind(old), after = byKind(new)
        for kind in Right.Kind.allCases {
            switch (before[kind], after[kind]) {
            case (let right?, nil):
                changes.append(Change(.right, .removed, id: kind.rawValue, summary: "right '\(kind.rawValue)' no longer stated",
                                      old: side(right.title, right.range), narrows: true))
            case (nil, let right?):
                changes.append(Change(.right, .added, id: kind.rawValue, summary: "right '\(kind.rawValue)' added", new: side(right.title, right.range)))
            case (let a?, let b?):
                let methodsBefore = Set(a.exercise.map(\.method)), methodsAfter = Set(b.exercise.map(\.method))
                let fewerWays = !methodsBefore.isSubset(of: methodsAfter)
                let moreConditions = b.conditions.count > a.conditions.count
                if fewerWays || moreConditions {
                    changes.append(Change(.right, .changed, id: kind.rawValue,
                                          summary: "right '\(kind.rawValue)' narrowed: " + (fewerWays ? "fewer ways to exercise it" : "more conditions"),
                                          old: side(a.title, a.range), new: side(b.title, b.range), narrows: true))
                }
            case (nil, nil): break
            }
        }
    }

    private static func responseTime(_ old: ResponseTime?, _ new: ResponseTime?, into changes: inout [Change]) {
        guard old?.amount != new?.amount || old?.unit != new?.unit else { return }
        let describe = { (time: ResponseTime?) in time.map { "\($0.amount) \($0.unit)" } ?? "not stated" }
        // Compared in days; a unit that cannot be converted counts as longer, to be safe.
        let longer: Bool
        if let before = old.flatMap(Self.days), let after = new.flatMap(Self.days) {
            longer = after > before
        } else {
            longer = new == nil || old != nil
        }
        changes.append(Change(.responseTime, old == nil ? .added : new == nil ? .removed : .changed,
                              summary: "response time \(describe(old)) → \(describe(new))",
                              old: old.map { side($0.statement) }, new: new.map { side($0.statement) }, narrows: old != nil && longer))
    }

    /// A response time in calendar days: hours / 24, working or business days × 7 / 5.
    static func days(_ time: ResponseTime) -> Double? {
        let unit = time.unit.lowercased()
        if unit.hasPrefix("hour") { return Double(time.amount) / 24 }
        if unit.hasPrefix("working") || unit.hasPrefix("business") { return Double(time.amount) * 7 / 5 }
        if unit.hasPrefix("day") { return Double(time.amount) }
        return nil
    }

    private static func updateClause(_ old: UpdateClause?, _ new: UpdateClause?, into changes: inout [Change]) {
        let before = Set(old?.majorChangeCategories.map(\.id) ?? []), after = Set(new?.majorChangeCategories.map(\.id) ?? [])
        let channelsBefore = Set(old?.notificationChannels.map(\.id) ?? []), channelsAfter = Set(new?.notificationChannels.map(\.id) ?? [])
        guard before != after || channelsBefore != channelsAfter else { return }
        changes.append(Change(.updateClause, .changed, summary: "the update clause's categories or notice channels changed",
                              old: old.map { side("major-change categories: \(before.sorted().joined(separator: ", ")); channels: \(channelsBefore.sorted().joined(separator: ", "))", $0.range) },
                              new: new.map { side("major-change categories: \(after.sorted().joined(separator: ", ")); channels: \(channelsAfter.sorted().joined(separator: ", "))", $0.range) },
                              narrows: !channelsBefore.isSubset(of: channelsAfter)))
    }
}
