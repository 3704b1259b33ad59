import PolicyModel

/// The layered short notice: at most one screen saying what is collected, why, who receives
/// it, the user's choices, the contact and where the full text is — built from the model, so
/// it changes whenever the policy does. Lists that do not fit end in "+N more".
public enum ShortNoticeRenderer {
    /// Printers have no screen; their short notice is held to what fits a receipt stub.
    public static let printerLineLimit = 20

    struct Field {
        var label: String
        var items: [String]
    }

    public static func render(_ policy: Policy, profile: DeviceProfile, fullNoticePages: Int?) -> String {
        let limit = profile.rows ?? printerLineLimit
        let wrapper = TextWrapper(width: profile.columns)
        let title = Array(wrapper.wrap(policy.metadata.title).prefix(2))
        let fields = fields(of: policy, profile: profile, fullNoticePages: fullNoticePages)
        // Give every field the lines it needs, then take lines back from the longest field until
        // the notice fits; a field keeps at least one line.
        var allowances = fields.map { layout($0, wrapper: wrapper, maxLines: .max).count }
        let budget = limit - title.count - 1
        while allowances.reduce(0, +) > budget, let longest = allowances.indices.max(by: { allowances[$0] < allowances[$1] }), allowances[longest] > 1 {
            allowances[longest] -= 1
        }
        var lines = title + [""]
        for (field, allowance) in zip(fields, allowances) {
            lines += layout(field, wrapper: wrapper, maxLines: allowance)
        }
        return lines.prefix(limit).map { $0 + "\n" }.joined()
    }

    static func fields(of policy: Policy, profile: DeviceProfile, fullNoticePages: Int?) -> [Field] {
        var fields: [Field] = []
        if !policy.dataItems.isEmpty {
            let sensitive = policy.dataItems.filter(\.sensitive).map { "\($0.label) (sensitive)" }
            fields.append(Field(label: "Collects", items: sensitive + policy.dataItems.filter { !$0.sensitive }.map(\.label)))
        }
        if !policy.purposes.isEmpty {
            fields.append(Field(label: "Why", items: policy.purposes.map { purpose in
                purpose.necessity == .optional ? "\(purpose.title) (optional)" : purpose.title
            }))
        }
        fields.append(Field(label: "Shared with", items: policy.recipients.isEmpty ? ["no recipient named"] : policy.recipients.map(\.label)))
        if !policy.storage.regions.isEmpty {
            fields.append(Field(label: "Stored in", items: policy.storage.regions.map(\.label)))
        }
        var choices = policy.rights.flatMap(\.kinds).reduce(into: [String]()) { labels, kind in
            let label = choiceLabels[kind] ?? kind.rawValue
            if !labels.contains(label) { labels.append(label) }
        }
        if !policy.switches.isEmpty {
            let onByDefault = policy.switches.allSatisfy { $0.defaultSetting == .allow }
            choices.append("\(policy.switches.count) settings you can turn off" + (onByDefault ? " (on by default)" : ""))
        }
        if !choices.isEmpty { fields.append(Field(label: "Your choices", items: choices)) }
        let contacts = policy.contacts.filter { $0.kind != .url }.map(\.value)
        if !contacts.isEmpty { fields.append(Field(label: "Contact", items: contacts)) }
        if let url = profile.url(for: policy.metadata.id) {
            fields.append(Field(label: "Full text", items: [url]))
        } else if let pages = fullNoticePages {
            fields.append(Field(label: "Full text", items: ["the full notice, \(pages) \(pages == 1 ? "screen" : "screens")"]))
        } else {
            fields.append(Field(label: "Full text", items: ["print the full notice"]))
        }
        return fields
    }

    static let choiceLabels: [Right.Kind: String] = [
        .access: "see", .rectification: "correct", .erasure: "delete", .withdrawConsent: "withdraw consent",
        .accountDeletion: "close your account", .objectToMarketing: "refuse marketing", .portability: "take a copy",
        .complaint: "complain",
    ]

    /// "Label: a, b, c" wrapped with a hanging indent; when it needs more than `maxLines`, the
    /// list is shortened and ends in "+N more".
    static func layout(_ field: Field, wrapper: TextWrapper, maxLines: Int) -> [String] {
        let label = field.label + ": "
        let indent = "  "
        for shown in stride(from: field.items.count, through: 1, by: -1) {
            var text = field.items.prefix(shown).joined(separator: ", ")
            if shown < field.items.count { text += ", +\(field.items.count - shown) more" }
            let lines = wrapper.wrap(text, firstPrefix: label, prefix: indent)
            if lines.count <= maxLines { return lines }
        }
        return Array(wrapper.wrap("\(field.items.count) items", firstPrefix: label, prefix: indent).prefix(maxLines))
    }
}
