import Foundation
import PolicyMarkup
import PolicyModel
import Yams

/// One thing the code collects, found in an inventory, a manifest or a source scan.
public struct CollectedField: Hashable, Sendable {
    public enum Origin: String, Hashable, Sendable { case inventory, androidManifest = "android-manifest", sourceScan = "source-scan" }

    /// What the code calls it: a telemetry field, a permission, a marker's text.
    public var name: String
    /// The data item it is; `nil` when nothing maps it.
    public var item: String?
    /// The purpose the code uses it for, when the inventory says.
    public var purpose: String?
    public var origin: Origin
    public var range: SourceRange

    public init(name: String, item: String?, purpose: String? = nil, origin: Origin, range: SourceRange) {
        self.name = name
        self.item = item
        self.purpose = purpose
        self.origin = origin
        self.range = range
    }
}

/// A field inventory, JSON or YAML (JSON is YAML, and Yams keeps every node's position):
///
/// ```yaml
/// fields:
///   user_phone: contact.phone                              # field → data item
///   device_sn: {item: device.identifier, purpose: safety}  # … and the purpose it serves
///   contact.email:                                         # a field named by its item id
/// ```
public enum FieldInventory {
    public static let maximumBytes = 8 << 20

    public static func read(path: String) -> Result<[CollectedField], Diagnostic> {
        let start = SourceRange.point(path, line: 1, column: 1)
        switch SourceFile.load(path: path) {
        case .failure(let diagnostic): return .failure(diagnostic)
        case .success(let file):
            // YAML anchors and aliases can expand a few hundred bytes into a document too large
            // to hash (Yams checks keys for duplicates); an inventory has no use for them.
            if let alias = file.text.range(of: #"(^|[\s\[\{,:-])[&*][A-Za-z0-9_-]"#, options: .regularExpression) {
                let line = file.text[..<alias.lowerBound].filter { $0 == "\n" }.count + 1
                return .failure(Diagnostic(.malformedInventory, "the inventory uses a YAML anchor or alias (& or *), which policyc refuses",
                                           at: .point(path, line: line, column: 1), notes: ["write each field out in full"]))
            }
            let node: Node?
            do {
                node = try Yams.compose(yaml: file.text, .basic, .default, .utf8)
            } catch {
                return .failure(Diagnostic(.malformedInventory, "the inventory is not valid JSON or YAML: \(error)", at: start))
            }
            func problem(_ message: String, _ at: Node?) -> Result<[CollectedField], Diagnostic> {
                .failure(Diagnostic(.malformedInventory, message, at: at.map { range(of: $0, in: path) } ?? start,
                                    notes: ["write it as: fields: {field-name: data-item-id, other-field: {item: id, purpose: purpose-id}}"]))
            }
            guard let root = node, case .mapping(let top) = root, let fields = top["fields"], case .mapping(let entries) = fields else {
                return problem("the inventory must be a mapping with 'fields:'", node)
            }
            var collected: [CollectedField] = []
            for (key, value) in entries {
                guard let name = key.string else { return problem("a field name must be text", key) }
                let at = range(of: key, in: path)
                switch value {
                case .scalar(let scalar) where scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null":
                    collected.append(CollectedField(name: name, item: name, origin: .inventory, range: at))
                case .scalar(let scalar):
                    collected.append(CollectedField(name: name, item: scalar.string, origin: .inventory, range: at))
                case .mapping(let details):
                    guard let item = details["item"]?.string ?? (details["item"] == nil ? name : nil) else {
                        return problem("'item' of field '\(name)' must be a data item id", value)
                    }
                    collected.append(CollectedField(name: name, item: item, purpose: details["purpose"]?.string, origin: .inventory, range: at))
                default:
                    return problem("field '\(name)' must map to a data item id or to {item, purpose}", value)
                }
            }
            return .success(collected)
        }
    }

    static func range(of node: Node, in path: String) -> SourceRange {
        guard let mark = node.mark else { return .point(path, line: 1, column: 1) }
        return .point(path, line: mark.line, column: mark.column)
    }
}

extension AndroidManifestReader {
    /// The manifest's permissions and features as collected fields: mapped by the vocabulary's
    /// `android-permissions` first, then by the built-in table; ignorable ones left out.
    public static func collected(_ entries: [ManifestEntry], vocabulary: Vocabulary?) -> [CollectedField] {
        var fromVocabulary: [String: String] = [:]
        for (id, item) in vocabulary?.items.sorted(by: { $0.key < $1.key }) ?? [] {
            for permission in item.androidPermissions where fromVocabulary[permission] == nil { fromVocabulary[permission] = id }
        }
        return entries.compactMap { entry in
            if let item = fromVocabulary[entry.name] ?? AndroidPermissions.defaultItems[entry.name] {
                return CollectedField(name: entry.name, item: item, origin: .androidManifest, range: entry.range)
            }
            if AndroidPermissions.ignored.contains(entry.name) { return nil }
            return CollectedField(name: entry.name, item: nil, origin: .androidManifest, range: entry.range)
        }
    }
}
