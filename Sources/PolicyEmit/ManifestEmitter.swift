import PolicyMarkup
import PolicyModel

/// The JSON manifest firmware and services read: every fact of a policy with a stable id and
/// the range of the words that state it. Its shape is `schemas/policy-manifest.schema.json`.
public enum ManifestEmitter {
    /// Bump on any change a consumer could notice; the schema's `const` must match.
    public static let schemaVersion = 2

    /// - Parameter sourcePath: the source's path as consumers should see it (relative to the project).
    public static func manifest(for policy: Policy, sourcePath: String) -> JSON {
        let metadata = policy.metadata
        var members: JSONObject = ["schemaVersion": .int(schemaVersion)]
        members["policy"] = .object([
            "id": .string(metadata.id),
            "title": .string(metadata.title),
            "controller": .optional(metadata.controller),
            "version": .optional(metadata.version),
            "updated": .optional(metadata.updated),
            "effective": .optional(metadata.effective),
            "locale": .string(metadata.locale),
        ])
        members["source"] = .object([
            "path": .string(sourcePath),
            "sha256": .string(policy.source.sha256),
            "bytes": .int(policy.source.byteCount),
        ])
        members["sections"] = .array(policy.sections.map(section))
        members["definitions"] = .array(policy.definitions.map(definition))
        members["purposes"] = .array(policy.purposes.map(purpose))
        members["dataItems"] = .array(policy.dataItems.map(dataItem))
        members["recipients"] = .array(policy.recipients.map(recipient))
        members["storage"] = storage(policy.storage)
        members["rights"] = .array(policy.rights.map(right))
        members["exceptions"] = .array(policy.exceptions.map(exception))
        members["contacts"] = .array(policy.contacts.map(contact))
        members["responseTime"] = policy.responseTime.map(responseTime) ?? .null
        members["switches"] = .array(policy.switches.map(policySwitch))
        members["updateClause"] = policy.updateClause.map(updateClause) ?? .null
        members["controllers"] = .array(policy.controllers.map { controller in
            .object(["name": .string(controller.name), "address": .optional(controller.address), "statement": statement(controller.statement)])
        })
        return .object(members)
    }

    static func definition(_ definition: Definition) -> JSON {
        .object(["id": .string(definition.id), "term": .string(definition.term), "statements": .array(definition.statements.map { statement($0) })])
    }

    static func dataItem(_ item: DataItem) -> JSON {
        .object([
            "id": .string(item.id), "label": .string(item.label), "category": .optional(item.category),
            "sensitive": .bool(item.sensitive), "purposes": .array(item.purposes.map(JSON.string)),
            "mentions": .array(item.mentions.map(mention)),
        ])
    }

    static func recipient(_ recipient: Recipient) -> JSON {
        .object([
            "id": .string(recipient.id), "label": .string(recipient.label), "kind": .optional(recipient.kind),
            "mentions": .array(recipient.mentions.map(mention)),
        ])
    }

    static func storage(_ storage: Storage) -> JSON {
        let regions: [JSON] = storage.regions.map { region in
            .object(["code": .string(region.code), "label": .string(region.label), "mentions": .array(region.mentions.map(mention))])
        }
        let crossBorder: [JSON] = storage.crossBorder.map { rule in
            statement(rule.statement, adding: ["requiresSeparateConsent": .bool(rule.requiresSeparateConsent)])
        }
        let retention: [JSON] = storage.retention.map { retention in
            statement(retention.statement, adding: ["period": .optional(retention.period), "minimumNecessary": .bool(retention.minimumNecessary)])
        }
        return .object(["regions": .array(regions), "crossBorder": .array(crossBorder), "retention": .array(retention)])
    }

    static func exception(_ exception: Exception) -> JSON {
        statement(exception.statement, adding: [
            "id": .string(exception.id), "number": .string(exception.number), "section": .string(exception.sectionID),
        ])
    }

    static func contact(_ contact: Contact) -> JSON {
        .object([
            "id": .string(contact.id), "kind": .string(contact.kind.rawValue), "value": .string(contact.value),
            "label": .optional(contact.label), "mentions": .array(contact.mentions.map(mention)),
        ])
    }

    static func responseTime(_ time: ResponseTime) -> JSON {
        statement(time.statement, adding: ["amount": .int(time.amount), "unit": .string(time.unit)])
    }

    static func policySwitch(_ item: Switch) -> JSON {
        let defaultStatement: JSON = item.defaultStatement.map { statement($0) } ?? .null
        return .object([
            "id": .string(item.id), "label": .string(item.label), "item": .optional(item.item),
            "default": .string(item.defaultSetting.rawValue), "range": range(item.range),
            "defaultStatement": defaultStatement,
        ])
    }

    // MARK: - Pieces

    public static func range(_ range: SourceRange) -> JSON {
        .object([
            "line": .int(range.start.line), "column": .int(range.start.column),
            "endLine": .int(range.end.line), "endColumn": .int(range.end.column),
        ])
    }

    static func statement(_ statement: Statement, adding extra: JSONObject = [:]) -> JSON {
        var members = extra
        members["text"] = .string(statement.text)
        members["range"] = range(statement.range)
        return .object(members)
    }

    static func mention(_ mention: Mention) -> JSON {
        .object(["text": .string(mention.text), "range": range(mention.range), "section": .optional(mention.sectionID)])
    }

    static func section(_ section: Section) -> JSON {
        .object([
            "id": .string(section.id), "title": .string(section.title), "number": .optional(section.number),
            "kind": .string(section.kind.rawValue), "kindDeclared": .bool(section.kindIsDeclared),
            "level": .int(section.level), "range": range(section.range),
            "subsections": .array(section.subsections.map(self.section)),
        ])
    }

    static func purpose(_ purpose: Purpose) -> JSON {
        .object([
            "id": .string(purpose.id), "title": .string(purpose.title),
            "necessity": .string(purpose.necessity.rawValue), "necessityDeclared": .bool(purpose.necessityIsDeclared),
            "refusal": purpose.refusal.map { statement($0.statement, adding: ["effect": .string($0.effect.rawValue)]) } ?? .null,
            "items": .array(purpose.items.map(reference)),
            "recipients": .array(purpose.recipients.map(reference)),
            "range": range(purpose.range),
        ])
    }

    static func reference(_ reference: Reference) -> JSON {
        .object(["id": .string(reference.id), "text": .string(reference.text), "range": range(reference.range)])
    }

    static func right(_ right: Right) -> JSON {
        .object([
            "id": .string(right.id), "title": .string(right.title),
            "kinds": .array(right.kinds.map { .string($0.rawValue) }),
            "exercise": .array(right.exercise.map { statement($0.statement, adding: ["method": .string($0.method.rawValue)]) }),
            "conditions": .array(right.conditions.map { statement($0.statement, adding: ["number": .string($0.number)]) }),
            "range": range(right.range),
        ])
    }

    static func updateClause(_ clause: UpdateClause) -> JSON {
        func entry(_ entry: UpdateClause.Entry) -> JSON { statement(entry.statement, adding: ["id": .string(entry.id)]) }
        return .object([
            "section": .string(clause.sectionID),
            "majorChangeTerm": .string(clause.majorChangeTerm),
            "majorChangeCategories": .array(clause.majorChangeCategories.map(entry)),
            "notificationChannels": .array(clause.notificationChannels.map(entry)),
            "publication": clause.publication.map { statement($0) } ?? .null,
            "archivesPreviousVersions": clause.archivesPreviousVersions.map { statement($0) } ?? .null,
            "noReductionOfRightsWithoutConsent": clause.noReductionOfRightsWithoutConsent.map { statement($0) } ?? .null,
            "range": range(clause.range),
        ])
    }
}
