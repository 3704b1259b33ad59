import PolicyMarkup
import PolicyModel

/// Checks a compiled policy for problems that span more than one annotation.
public enum Validator {
    public static func validate(_ policy: Policy, annotated: Bool) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if annotated {
            for purpose in policy.purposes where purpose.items.isEmpty {
                diagnostics.append(Diagnostic(
                    .purposeWithoutDataItems,
                    "the purpose '\(purpose.title)' names no data item; annotate what it collects, e.g. [mobile phone number](item:contact.phone)",
                    at: purpose.headingRange))
            }
        }
        diagnostics += TemplateTagCheck.run(policy)
        if annotated { diagnostics += AnchorCheck.run(policy) }
        return diagnostics
    }

    /// What a project-wide check needs to know of each policy.
    public struct Identity: Sendable {
        public var id: String
        public var path: String
        public var range: SourceRange

        public init(id: String, path: String, range: SourceRange) {
            self.id = id
            self.path = path
            self.range = range
        }
    }

    /// Problems between policies: two files may not claim the same id.
    public static func validateProject(_ policies: [Identity]) -> [Diagnostic] {
        var seen: [String: Identity] = [:]
        var diagnostics: [Diagnostic] = []
        for policy in policies {
            if let first = seen[policy.id] {
                diagnostics.append(Diagnostic(
                    .duplicateID,
                    "the policy id '\(policy.id)' is already used by \(first.path); each policy needs its own id",
                    at: policy.range))
            } else {
                seen[policy.id] = policy
            }
        }
        return diagnostics
    }
}

/// Liquid tags (`{% … %}`, `{{ … }}`) in plain Markdown are published as written: policyc does
/// not expand them, so say so once per block that holds one.
enum TemplateTagCheck {
    static func run(_ policy: Policy) -> [Diagnostic] {
        // Most sources have no brace at all; walking every inline of them was 3 % of a build.
        guard policy.source.mayContainBraces else { return [] }
        var diagnostics: [Diagnostic] = []
        func report(_ range: SourceRange) {
            diagnostics.append(Diagnostic(
                .templateTagInText, "this block contains a template tag ({% … %} or {{ … }}); it is published as written", at: range))
        }
        policy.forEachInlineRun { inlines, range in
            if containsTag(inlines) { report(range) }
        }
        // Raw HTML blocks hold no inlines but are published too.
        func visitHTML(_ blocks: [Block]) {
            for block in blocks {
                switch block.kind {
                case .htmlBlock(let html) where containsTag(html): report(block.range)
                case .list(_, let items): items.forEach { visitHTML($0.blocks) }
                case .blockQuote(let children), .footnoteDefinition(_, let children): visitHTML(children)
                default: break
                }
            }
        }
        visitHTML(policy.preamble)
        policy.allSections.forEach { visitHTML($0.blocks) }
        return diagnostics.sortedByLocation()
    }

    private static func containsTag(_ text: String) -> Bool {
        text.containsText("{%") || text.containsText("{{")
    }

    /// Looks in the text pieces themselves rather than building the paragraph's plain text.
    private static func containsTag(_ inlines: [Inline]) -> Bool {
        inlines.contains { inline in
            switch inline.kind {
            case .text(let text), .html(let text): containsTag(text)
            default: containsTag(inline.children)
            }
        }
    }
}

/// Links to `#anchor` (the table of contents) must name a section, or the published page has a
/// dead link. Checked in projects, whose anchors are written by hand; plain Markdown written for
/// another site's slug rules is left alone.
enum AnchorCheck {
    static func run(_ policy: Policy) -> [Diagnostic] {
        let ids = Set(policy.allSections.map(\.id))
        var diagnostics: [Diagnostic] = []
        func check(_ inlines: [Inline]) {
            for inline in inlines {
                if case .link(let destination, _, _) = inline.kind, destination.hasPrefix("#"), !ids.contains(String(destination.dropFirst())) {
                    let anchor = String(destination.dropFirst())
                    diagnostics.append(Diagnostic(
                        .brokenAnchor, "the link to '#\(anchor)' names no section of this policy", at: inline.range,
                        notes: NearestMatch.find(anchor, in: ids).map { ["did you mean '#\($0)'?"] } ?? []))
                }
                check(inline.children)
            }
        }
        policy.forEachInlineRun { inlines, _ in check(inlines) }
        return diagnostics
    }
}
