import PolicyMarkup
import Yams

/// YAML text embedded at a known place in a file (front matter, vocabulary.yaml), parsed with
/// Yams so that every node keeps the position it came from.
struct YAMLSource {
    let file: String
    let text: String
    /// The file line on which the YAML's first line stands.
    let firstLine: Int

    /// The root node, or one diagnostic placed where libyaml stopped.
    func compose(as what: DiagnosticID) -> Result<Node?, Diagnostic> {
        do {
            // Every value is read as the text it is written with, so no tags are resolved (the
            // default resolver runs a regular expression per scalar), and the encoding is named
            // (Yams' default reads the whole environment on every call): together they were two
            // thirds of the time spent on front matter.
            return .success(try Yams.compose(yaml: text, .basic, .default, .utf8))
        } catch let error as YamlError {
            return .failure(diagnostic(for: error, id: what))
        } catch {
            return .failure(Diagnostic(what, "cannot read the YAML: \(error)", at: .point(file, line: firstLine, column: 1)))
        }
    }

    private func diagnostic(for error: YamlError, id: DiagnosticID) -> Diagnostic {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return Diagnostic(
                id, "the YAML is malformed: \(problem)", at: range(of: mark),
                notes: ["YAML notices a problem where it stops making sense, often just after it: check this line and the one above",
                        "a bracket or quote may be unclosed; put a value that contains ':', '[', '{' or '#' in quotes"])
        case .duplicatedKeysInMapping(let duplicates, _):
            return Diagnostic(id, "the YAML repeats the key(s) \(duplicates.joined(separator: ", "))", at: .point(file, line: firstLine, column: 1))
        default:
            return Diagnostic(id, "the YAML is malformed: \(error)", at: .point(file, line: firstLine, column: 1))
        }
    }

    func range(of mark: Mark?) -> SourceRange {
        guard let mark else { return .point(file, line: firstLine, column: 1) }
        return .point(file, line: firstLine + mark.line - 1, column: mark.column)
    }

    /// The range of a node; a scalar spans its text on one line.
    func range(of node: Node) -> SourceRange {
        var range = range(of: node.mark)
        if case .scalar(let scalar) = node {
            range.end.column += scalar.string.utf8.count
        }
        return range
    }
}

extension Node {
    /// The key/value pairs of a mapping in source order, keys as strings.
    var orderedPairs: [(key: Node, value: Node)]? {
        guard case .mapping(let mapping) = self else { return nil }
        return mapping.map { ($0.key, $0.value) }
    }

    var scalarString: String? {
        if case .scalar(let scalar) = self { return scalar.string }
        return nil
    }
}
