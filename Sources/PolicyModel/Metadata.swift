import PolicyMarkup
import Yams

/// The facts about a policy that its front matter states.
public struct Metadata: Hashable, Sendable {
    public var id: String
    public var title: String
    public var controller: String?
    public var version: String?
    /// ISO dates (YYYY-MM-DD).
    public var updated: String?
    public var effective: String?
    public var locale: String
    /// The notice of this version's changes, when the front matter declares one (a release
    /// with a major change needs it).
    public var notice: ChangeNotice? = nil
    /// A person's decisions on the changes `policyc diff` leaves for review, in the order the
    /// front matter gives them (`reviewed:`).
    public var reviewed: [ReviewDecision] = []
    /// The front matter's range, or the start of the file when there is none.
    public var range: SourceRange
}

/// `notice:` in the front matter: how users are told of this version's changes, and what they
/// are told.
public struct ChangeNotice: Hashable, Sendable {
    /// Ids of the update clause's notification channels ("e-mail", "short-message", …).
    public var channels: [String]
    public var text: String
    public var range: SourceRange
}

/// One entry of `reviewed:` in the front matter: a person's decision on a change that policyc
/// marks `review` (substantive wording it cannot classify), named by its stable change id.
/// `policyc release` releases such a change only with a decision, and archives the decision.
public struct ReviewDecision: Hashable, Sendable {
    /// How the change counts for the release: a `major` one needs the notice to users.
    public enum Decision: String, Hashable, Sendable { case minor, major }
    /// The change's id as `policyc diff` and `policyc release --dry-run` print it (`c-1a2b3c4d5e6f`).
    public var change: String
    public var decision: Decision
    /// Why, in the decider's words.
    public var reason: String
    /// Who decided, when the entry says.
    public var by: String?
    /// The entry's range in the front matter.
    public var range: SourceRange
}

/// Reads front matter into `Metadata`.
///
/// Annotated policies (in a project with a vocabulary) must state their metadata; plain Markdown
/// (the GitHub corpus, legacy files) may carry front matter of any shape, and what is missing is
/// inferred from the path and the text.
struct FrontMatterReader {
    static let knownKeys: Set<String> = ["id", "title", "controller", "version", "updated", "effective", "locale", "notice", "reviewed"]
    static let requiredKeys = ["id", "title", "controller", "version", "effective"]
    static let dateKeys: Set<String> = ["updated", "effective"]

    let document: Document
    let strict: Bool
    let fallbackID: String

    struct Result {
        var metadata: Metadata
        var diagnostics: [Diagnostic]
    }

    func read() -> Result {
        let start = SourceRange.point(document.path, line: 1, column: 1)
        var diagnostics: [Diagnostic] = []
        var values: [String: (String, SourceRange)] = [:]
        var notice: ChangeNotice?
        var reviewed: [ReviewDecision] = []

        if let frontMatter = document.frontMatter {
            let yaml = YAMLSource(file: document.path, text: frontMatter.yaml, firstLine: frontMatter.firstLine)
            switch yaml.compose(as: .malformedFrontMatter) {
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
            case .success(let root):
                if let root, let pairs = root.orderedPairs {
                    for (keyNode, valueNode) in pairs {
                        guard let key = keyNode.scalarString else { continue }
                        let known = Self.knownKeys.contains(key)
                        if !known {
                            if strict {
                                diagnostics.append(Diagnostic(
                                    .unknownMetadataField, "front matter field '\(key)' is not one policyc knows; it is ignored",
                                    at: yaml.range(of: keyNode),
                                    notes: ["known fields: \(Self.knownKeys.sorted().joined(separator: ", "))"]))
                            }
                            continue
                        }
                        if key == "notice" {
                            switch Self.notice(valueNode, yaml: yaml) {
                            case .success(let parsed): notice = parsed
                            case .failure(let diagnostic): diagnostics.append(diagnostic)
                            }
                            continue
                        }
                        if key == "reviewed" {
                            let read = Self.reviewed(valueNode, yaml: yaml)
                            reviewed = read.decisions
                            diagnostics += read.diagnostics
                            continue
                        }
                        guard let value = valueNode.scalarString else {
                            if strict {
                                diagnostics.append(Diagnostic(.invalidMetadataValue, "front matter field '\(key)' must be a single value", at: yaml.range(of: valueNode)))
                            }
                            continue
                        }
                        values[key] = (value, yaml.range(of: valueNode))
                    }
                } else if root != nil || strict {
                    diagnostics.append(Diagnostic(
                        .malformedFrontMatter, "the front matter must be a list of 'field: value' lines",
                        at: .point(document.path, line: frontMatter.firstLine, column: 1)))
                }
            }
        } else if strict {
            diagnostics.append(Diagnostic(
                .missingFrontMatter,
                "this policy has no front matter; start the file with '---', the fields id, title, controller, version and effective, and another '---'",
                at: start))
        }

        for (key, (value, range)) in values where Self.dateKeys.contains(key) && !Self.isISODate(value) {
            diagnostics.append(Diagnostic(
                .invalidMetadataValue, "'\(value)' is not a date; write \(key) as YYYY-MM-DD, e.g. 2020-03-03", at: range))
            values[key] = nil
        }
        // The id and version name files: a bad one must not reach the file system.
        if let (id, range) = values["id"], let problem = PathNames.idProblem(id) {
            diagnostics.append(Diagnostic(.invalidMetadataValue, problem, at: range))
            values["id"] = nil
        }
        if let (version, range) = values["version"], let problem = PathNames.versionProblem(version) {
            diagnostics.append(Diagnostic(.invalidMetadataValue, problem, at: range))
            values["version"] = nil
        }
        if values["id"] == nil, fallbackID.count > PathNames.maximumIDLength || !PathNames.isPlainRelativePath(fallbackID) {
            diagnostics.append(Diagnostic(
                .invalidMetadataValue,
                "the policy has no usable 'id:', and its file's path ('\(fallbackID.count > 40 ? fallbackID.prefix(40) + "…" : fallbackID)', \(fallbackID.count) characters) cannot name its outputs",
                at: start, notes: ["give the policy an 'id:' in its front matter, at most \(PathNames.maximumIDLength) lowercase letters, digits and '-'"]))
        }
        if strict, document.frontMatter != nil, !diagnostics.contains(where: { $0.id == .malformedFrontMatter }) {
            let frontMatterRange = document.frontMatter?.range ?? start
            for key in Self.requiredKeys where values[key] == nil {
                diagnostics.append(Diagnostic(
                    .missingMetadataField, "the front matter has no '\(key)' field", at: .point(document.path, line: frontMatterRange.end.line, column: 1),
                    notes: ["add a line '\(key): …' between the '---' lines"]))
            }
        }

        let metadata = Metadata(
            id: values["id"]?.0 ?? fallbackID,
            title: values["title"]?.0 ?? "",
            controller: values["controller"]?.0,
            version: values["version"]?.0,
            updated: values["updated"]?.0,
            effective: values["effective"]?.0,
            locale: values["locale"]?.0 ?? "en",
            notice: notice,
            reviewed: reviewed,
            range: document.frontMatter?.range ?? start)
        return Result(metadata: metadata, diagnostics: diagnostics)
    }

    /// `notice: {channels: [e-mail, short-message], text: "…"}`.
    static func notice(_ node: Node, yaml: YAMLSource) -> Swift.Result<ChangeNotice, Diagnostic> {
        let problem = { (message: String) in
            Swift.Result<ChangeNotice, Diagnostic>.failure(Diagnostic(
                .invalidMetadataValue, message, at: yaml.range(of: node),
                notes: ["write it as:\nnotice:\n  channels: [e-mail, short-message]\n  text: \"We have changed …\""]))
        }
        guard let pairs = node.orderedPairs else { return problem("'notice' must hold 'channels' and 'text'") }
        var channels: [String] = []
        var text: String?
        for (keyNode, valueNode) in pairs {
            switch keyNode.scalarString {
            case "channels":
                if let single = valueNode.scalarString { channels = [single] }
                else if case .sequence(let sequence) = valueNode { channels = sequence.compactMap(\.scalarString) }
            case "text": text = valueNode.scalarString
            default: return problem("'notice' takes only 'channels' and 'text', not '\(keyNode.scalarString ?? "")'")
            }
        }
        guard let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return problem("'notice' needs a 'text' for users") }
        guard !channels.isEmpty else { return problem("'notice' needs its 'channels', e.g. [e-mail, short-message]") }
        return .success(ChangeNotice(channels: channels, text: text, range: yaml.range(of: node)))
    }

    /// `reviewed: [{change: c-…, decision: minor | major, reason: "…", by: …}]`. A malformed
    /// entry is reported where it stands and left out of the list.
    static func reviewed(_ node: Node, yaml: YAMLSource) -> (decisions: [ReviewDecision], diagnostics: [Diagnostic]) {
        func problem(_ message: String, at node: Node) -> Diagnostic {
            Diagnostic(.malformedReviewDecision, message, at: yaml.range(of: node),
                       notes: ["write each decision as:\nreviewed:\n  - change: c-1a2b3c4d5e6f\n    decision: minor\n    reason: \"why it is minor\"\n    by: Li Wei (legal)"])
        }
        guard case .sequence(let entries) = node else {
            return ([], [problem("'reviewed' must be a list of decisions, each starting with '- change:'", at: node)])
        }
        var decisions: [ReviewDecision] = []
        var diagnostics: [Diagnostic] = []
        entries: for entry in entries {
            guard let pairs = entry.orderedPairs else {
                diagnostics.append(problem("a decision under 'reviewed' holds 'change', 'decision' and 'reason'", at: entry))
                continue
            }
            var values: [String: (text: String, node: Node)] = [:]
            for (keyNode, valueNode) in pairs {
                let key = keyNode.scalarString ?? ""
                guard ["change", "decision", "reason", "by"].contains(key) else {
                    diagnostics.append(problem("a decision takes only 'change', 'decision', 'reason' and 'by', not '\(key)'", at: keyNode))
                    continue entries
                }
                guard let value = valueNode.scalarString else {
                    diagnostics.append(problem("'\(key)' of a decision must be a single value", at: valueNode))
                    continue entries
                }
                values[key] = (value.trimmingCharacters(in: .whitespacesAndNewlines), valueNode)
            }
            guard let change = values["change"]?.text, !change.isEmpty else {
                diagnostics.append(problem("this decision names no change; give the change id that 'policyc release --dry-run' prints", at: values["change"]?.node ?? entry))
                continue
            }
            guard let decision = values["decision"].flatMap({ ReviewDecision.Decision(rawValue: $0.text) }) else {
                let written = values["decision"].map { "'\($0.text)' is not a decision" } ?? "the decision on \(change) is missing"
                diagnostics.append(problem("\(written): write 'decision: minor' or 'decision: major' (users are then notified)", at: values["decision"]?.node ?? entry))
                continue
            }
            guard let reason = values["reason"]?.text, !reason.isEmpty else {
                diagnostics.append(problem("the decision on \(change) gives no reason; say why the change is \(decision.rawValue)", at: values["reason"]?.node ?? entry))
                continue
            }
            if let earlier = decisions.first(where: { $0.change == change }) {
                diagnostics.append(problem("\(change) is already decided on line \(earlier.range.start.line); keep one decision", at: values["change"]!.node))
                continue
            }
            let by = values["by"].map(\.text).flatMap { $0.isEmpty ? nil : $0 }
            decisions.append(ReviewDecision(change: change, decision: decision, reason: reason, by: by, range: yaml.range(of: entry)))
        }
        return (decisions, diagnostics)
    }

    static func isISODate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
