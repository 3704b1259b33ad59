import Foundation
import PolicyMarkup
import Yams

/// A screen or printer the plain-text notices are laid out for.
public struct DeviceProfile: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        /// Continuous paper: no pages.
        case printer
        /// A fixed number of rows: the notice is paged, each page ending in a "3/17" footer.
        case screen
    }

    public var id: String
    public var label: String
    public var kind: Kind
    /// Characters per line, in terminal columns.
    public var columns: Int
    /// Lines per screen, footer included; nil for printers.
    public var rows: Int?
    /// Where the full policy is published; `{id}` is replaced by the policy id.
    public var url: String?

    public init(id: String, label: String, kind: Kind, columns: Int, rows: Int? = nil, url: String? = nil) {
        self.id = id
        self.label = label
        self.kind = kind
        self.columns = columns
        self.rows = rows
        self.url = url
    }

    public func url(for policyID: String) -> String? {
        url.map { $0.replacingOccurrences(of: "{id}", with: policyID) }
    }
}

/// `policies/policyc.yaml`: settings that apply to every policy of a project.
public struct ProjectSettings: Hashable, Sendable {
    public var profiles: [DeviceProfile] = []
    /// How `policyc check --scan` reads source trees.
    public var scan = ScanSettings()

    public init(profiles: [DeviceProfile] = []) {
        self.profiles = profiles
    }

    /// The narrowest line a notice can be laid out on: long words are cut, but a heading
    /// underline or a "12/99" footer needs some room.
    static let minimumColumns = 16
    static let minimumRows = 4

    public static func load(yaml text: String, file: String) -> (ProjectSettings, [Diagnostic]) {
        var settings = ProjectSettings()
        var diagnostics: [Diagnostic] = []
        let yaml = YAMLSource(file: file, text: text, firstLine: 1)
        let root: Node
        switch yaml.compose(as: .malformedProjectSettings) {
        case .failure(let diagnostic): return (settings, [diagnostic])
        case .success(nil): return (settings, [])
        case .success(let node?): root = node
        }
        func problem(_ message: String, _ node: Node) {
            diagnostics.append(Diagnostic(.malformedProjectSettings, message, at: yaml.range(of: node)))
        }
        guard let sections = root.orderedPairs else {
            problem("policyc.yaml must be a mapping (profiles: …)", root)
            return (settings, diagnostics)
        }
        for (key, value) in sections {
            if key.scalarString == "scan" {
                settings.scan = ScanSettings.load(value, yaml: yaml, problem: problem)
                continue
            }
            guard key.scalarString == "profiles" else {
                problem("'\(key.scalarString ?? "")' is not a setting policyc knows; the settings are: profiles, scan", key)
                continue
            }
            guard let entries = value.orderedPairs else {
                problem("'profiles' must map profile ids to their settings", value)
                continue
            }
            for (idNode, fieldsNode) in entries {
                guard let id = idNode.scalarString, let fields = fieldsNode.orderedPairs else {
                    problem("a profile must be 'id:' followed by its fields (kind, columns, rows, label, url)", idNode)
                    continue
                }
                // The id names files (<id>.txt, <id>.short.txt): lowercase letters, digits and '-' only.
                guard !id.isEmpty, id.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
                    problem("'\(id)' cannot be a profile id; use lowercase letters, digits and '-'", idNode)
                    continue
                }
                var values: [String: Node] = [:]
                for (fieldKey, fieldValue) in fields {
                    guard let name = fieldKey.scalarString, ["label", "kind", "columns", "rows", "url"].contains(name) else {
                        problem("profile '\(id)': '\(fieldKey.scalarString ?? "")' is not a profile field (label, kind, columns, rows, url)", fieldKey)
                        continue
                    }
                    values[name] = fieldValue
                }
                guard let kindNode = values["kind"], let kind = kindNode.scalarString.flatMap(DeviceProfile.Kind.init(rawValue:)) else {
                    problem("profile '\(id)' needs 'kind: printer' or 'kind: screen'", values["kind"] ?? idNode)
                    continue
                }
                guard let columnsNode = values["columns"], let columns = columnsNode.scalarString.flatMap(Int.init), columns >= minimumColumns, columns <= 400 else {
                    problem("profile '\(id)' needs 'columns:' between \(minimumColumns) and 400", values["columns"] ?? idNode)
                    continue
                }
                var rows: Int?
                if kind == .screen {
                    guard let rowsNode = values["rows"], let count = rowsNode.scalarString.flatMap(Int.init), count >= minimumRows, count <= 400 else {
                        problem("screen profile '\(id)' needs 'rows:' between \(minimumRows) and 400", values["rows"] ?? idNode)
                        continue
                    }
                    rows = count
                }
                settings.profiles.append(DeviceProfile(
                    id: id, label: values["label"]?.scalarString ?? id, kind: kind, columns: columns, rows: rows,
                    url: values["url"]?.scalarString))
            }
        }
        return (settings, diagnostics)
    }
}

/// `scan:` in policyc.yaml: paths to leave out and the calls that collect data.
///
/// ```yaml
/// scan:
///   exclude: [build/, "*.min.js"]          # .gitignore-style
///   patterns:
///     - pattern: 'Telemetry\.track\("([a-z0-9_.-]+)"'   # group 1 is the data item id
///     - pattern: 'getLine1Number\('                      # or the item is named
///       item: contact.phone
/// ```
public struct ScanSettings: Hashable, Sendable {
    public struct Pattern: Hashable, Sendable {
        public var pattern: String
        public var item: String?

        public init(pattern: String, item: String?) {
            self.pattern = pattern
            self.item = item
        }
    }

    public var exclude: [String] = []
    public var patterns: [Pattern] = []

    public init(exclude: [String] = [], patterns: [Pattern] = []) {
        self.exclude = exclude
        self.patterns = patterns
    }

    static func load(_ node: Node, yaml: YAMLSource, problem: (String, Node) -> Void) -> ScanSettings {
        var settings = ScanSettings()
        guard let pairs = node.orderedPairs else {
            problem("'scan' must hold 'exclude' and 'patterns'", node)
            return settings
        }
        for (key, value) in pairs {
            switch key.scalarString {
            case "exclude":
                guard case .sequence(let items) = value else { problem("'exclude' must be a list of paths or patterns", value); continue }
                settings.exclude = items.compactMap(\.scalarString)
            case "patterns":
                guard case .sequence(let items) = value else { problem("'patterns' must be a list of {pattern, item}", value); continue }
                for item in items {
                    guard let fields = item.orderedPairs, let pattern = fields.first(where: { $0.0.scalarString == "pattern" })?.1.scalarString else {
                        problem("each pattern needs 'pattern:' (a regular expression)", item)
                        continue
                    }
                    let named = fields.first(where: { $0.0.scalarString == "item" })?.1.scalarString
                    guard !pattern.isEmpty else {
                        problem("a pattern is empty: give the regular expression that the collecting calls match", item)
                        continue
                    }
                    guard let expression = ScanExpression(pattern) else {
                        problem("'\(pattern)' is not a valid regular expression", item)
                        continue
                    }
                    if named == nil, expression.captureGroups < 1 {
                        problem("'\(pattern)' names no item: give it 'item:' or a group that captures the item id", item)
                        continue
                    }
                    settings.patterns.append(Pattern(pattern: pattern, item: named))
                }
            default:
                problem("'\(key.scalarString ?? "")' is not a scan setting; they are: exclude, patterns", key)
            }
        }
        return settings
    }
}
