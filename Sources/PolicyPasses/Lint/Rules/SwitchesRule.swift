import PolicyMarkup
import PolicyModel

/// The switches a rights section offers ("The information for which you can choose to change
/// authorization includes: …") must be the things the policy collects. A switch for something
/// never collected promises a control that does nothing; an item collected with no switch
/// breaks the promise that the user can turn collection off.
///
/// Needs annotated data items: in unannotated text policyc cannot tell what a switch controls,
/// so the rule stays silent there rather than guess.
struct SwitchesRule: LintRule {
    let id = DiagnosticID.switchWithoutItem
    let explanation = """
        Compares the switches the rights section lists with the data items the purposes \
        collect. PC6006: a switch whose words name no item that any purpose collects. PC6007: \
        an item a purpose collects that no switch controls, when the policy offers switches at \
        all. Runs on annotated sources only (it needs to know which words are data items).
        """

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        let policy = document.policy
        guard !policy.switches.isEmpty, !policy.purposes.isEmpty else { return [] }
        let collected = policy.dataItems.filter { !$0.purposes.isEmpty }
        let collectedIDs = Set(collected.map(\.id))
        // A switch controls an item when it is annotated with it or says the item's words.
        let controlled = policy.switches.map { control in
            control.item ?? collected.first { item in
                item.mentions.contains { $0.text.caseInsensitiveCompare(control.label) == .orderedSame }
                    || item.label.caseInsensitiveCompare(control.label) == .orderedSame
            }?.id
        }
        var diagnostics: [Diagnostic] = []
        for (control, item) in zip(policy.switches, controlled) where !(item.map(collectedIDs.contains) ?? false) {
            diagnostics.append(Diagnostic(id, controlsNothing(control.label), at: control.range,
                                          notes: [DiagnosticNote(collectedNote(collected))]))
        }
        let switched = Set(controlled.compactMap { $0 })
        for item in collected where !switched.contains(item.id) {
            let mention = item.mentions.first { $0.sectionID.map { id in policy.purposes.contains { $0.id == id } } ?? false } ?? item.mentions.first
            guard let mention else { continue }
            diagnostics.append(Diagnostic(.itemWithoutSwitch, noSwitch(mention.text), at: mention.range,
                                          notes: ["the switches are listed at line \(policy.switches[0].range.start.line)"]))
        }
        return diagnostics
    }

    // MARK: Messages
    private func controlsNothing(_ label: String) -> String {
        "the switch '\(label)' controls nothing the policy says it collects"
    }
    private func collectedNote(_ items: [DataItem]) -> String {
        "collected: " + items.prefix(8).map { $0.mentions.first?.text ?? $0.label }.joined(separator: ", ") + (items.count > 8 ? ", …" : "")
    }
    private func noSwitch(_ text: String) -> String {
        "'\(text)' is collected, but no switch in the rights section controls it"
    }
}
