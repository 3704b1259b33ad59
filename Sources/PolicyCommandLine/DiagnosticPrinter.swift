import Foundation
import PolicyEmit
import PolicyMarkup

/// How diagnostics are shown: `file:line:col: severity: message [code]` for people and editors,
/// a JSON array for tools, or GitHub Actions workflow commands (`::error file=…,line=…::…`),
/// which GitHub shows as annotations on the changed lines.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, github, sarif
}

public enum DiagnosticPrinter {
    public static func render(_ diagnostics: [Diagnostic], format: DiagnosticFormat) -> String {
        switch format {
        case .text:
            return diagnostics.map { $0.description + "\n" }.joined()
        case .json:
            let values: [JSON] = diagnostics.map { diagnostic in
                var members: JSONObject = [
                    "code": .string(diagnostic.id.code),
                    "id": .string(diagnostic.id.rawValue),
                    "severity": .string(diagnostic.severity.rawValue),
                    "message": .string(diagnostic.message),
                    "file": .string(diagnostic.range.file),
                    "range": ManifestEmitter.range(diagnostic.range),
                    "notes": .array(diagnostic.notes.map { .string($0.message) }),
                ]
                let located = diagnostic.notes.compactMap { note in
                    note.range.map { JSON.object(["message": .string(note.message), "file": .string($0.file), "range": ManifestEmitter.range($0)]) }
                }
                if !located.isEmpty { members["relatedLocations"] = .array(located) }
                if let fixIt = diagnostic.fixIt {
                    members["fixIt"] = .object(["range": ManifestEmitter.range(fixIt.range), "replacement": .string(fixIt.replacement)])
                }
                return .object(members)
            }
            return String(decoding: JSON.array(values).serialized(), as: UTF8.self)
        case .github:
            return diagnostics.map(githubCommand).joined()
        case .sarif:
            return String(decoding: sarif(diagnostics).serialized(), as: UTF8.self)
        }
    }

    /// A SARIF 2.1.0 log with one run: a rule per diagnostic code that occurs, a result per
    /// diagnostic (notes without a place of their own join its message; notes with one are its
    /// `relatedLocations`), paths relative to the working folder where they lie under it, as
    /// code-scanning services expect.
    static func sarif(_ diagnostics: [Diagnostic], workingFolder: String = FileManager.default.currentDirectoryPath) -> JSON {
        let ids = Array(Set(diagnostics.map(\.id))).sorted { $0.code < $1.code }
        let ruleIndex = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let level = { (severity: Severity) -> String in
            switch severity { case .error: "error"; case .warning: "warning"; case .note: "note" }
        }
        let rules: [JSON] = ids.map { id in
            .object([
                "id": .string(id.code), "name": .string(id.rawValue),
                "shortDescription": .object(["text": .string(id.summary)]),
                "defaultConfiguration": .object(["level": .string(level(id.defaultSeverity))]),
            ])
        }
        func physicalLocation(_ range: SourceRange) -> JSON {
            var region: JSONObject = ["startLine": .int(max(1, range.start.line)), "startColumn": .int(max(1, range.start.column))]
            if range.end.line > range.start.line || (range.end.line == range.start.line && range.end.column > range.start.column) {
                region["endLine"] = .int(range.end.line)
                region["endColumn"] = .int(range.end.column)
            }
            return .object([
                "artifactLocation": .object(["uri": .string(uri(range.file, workingFolder: workingFolder))]),
                "region": .object(region),
            ])
        }
        let results: [JSON] = diagnostics.map { diagnostic in
            let text = ([diagnostic.message] + diagnostic.notes.filter { $0.range == nil }.map(\.message)).joined(separator: "\n")
            var result: JSONObject = [
                "ruleId": .string(diagnostic.id.code), "ruleIndex": .int(ruleIndex[diagnostic.id]!),
                "level": .string(level(diagnostic.severity)),
                "message": .object(["text": .string(text)]),
                "locations": .array([.object(["physicalLocation": physicalLocation(diagnostic.range)])]),
            ]
            let located = diagnostic.notes.compactMap { note in note.range.map { (message: note.message, range: $0) } }
            if !located.isEmpty {
                result["relatedLocations"] = .array(located.enumerated().map { index, note in
                    .object(["id": .int(index), "physicalLocation": physicalLocation(note.range), "message": .object(["text": .string(note.message)])])
                })
            }
            return .object(result)
        }
        return .object([
            "$schema": .string("https://json.schemastore.org/sarif-2.1.0.json"),
            "version": .string("2.1.0"),
            "runs": .array([.object([
                "tool": .object(["driver": .object([
                    "name": .string("policyc"), "version": .string("0.1.0"),
                    "rules": .array(rules),
                ])]),
                "results": .array(results),
            ])]),
        ])
    }

    /// A relative path stays relative (to the working folder, which code scanning takes as the
    /// repository root); an absolute one under the working folder is made relative; any other
    /// becomes a file URI. Characters outside RFC 3986's unreserved set and '/' are escaped.
    static func uri(_ path: String, workingFolder: String) -> String {
        var relative = path
        let prefix = workingFolder.hasSuffix("/") ? workingFolder : workingFolder + "/"
        if relative.hasPrefix(prefix) { relative.removeFirst(prefix.count) }
        // ASCII only: CharacterSet.alphanumerics would let every Unicode letter through unescaped.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        let escaped = relative.addingPercentEncoding(withAllowedCharacters: allowed) ?? relative
        return relative.hasPrefix("/") ? "file://" + escaped : escaped
    }

    /// One workflow command. Properties and message are escaped as GitHub's runner expects
    /// (`%`, CR and LF everywhere; `:` and `,` in properties too); notes join the message.
    static func githubCommand(_ diagnostic: Diagnostic) -> String {
        let command = switch diagnostic.severity { case .error: "error"; case .warning: "warning"; case .note: "notice" }
        // Escaped scalar by scalar: "\r\n" is one Character, and a Character-wise replace would
        // let a CR LF through, and with it a forged workflow command.
        func escape(_ text: String, property: Bool) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "%": out += "%25"
                case "\r": out += "%0D"
                case "\n": out += "%0A"
                case ":" where property: out += "%3A"
                case "," where property: out += "%2C"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        func escapeData(_ text: String) -> String { escape(text, property: false) }
        func escapeProperty(_ text: String) -> String { escape(text, property: true) }
        let range = diagnostic.range
        let properties = [
            "file=\(escapeProperty(range.file))", "line=\(range.start.line)", "col=\(range.start.column)",
            "title=\(escapeProperty("\(diagnostic.id.code) \(diagnostic.id.rawValue)"))",
        ].joined(separator: ",")
        // GitHub shows one place per annotation: a note with a place of its own says where.
        let notes = diagnostic.notes.map { note in
            note.range.map { "\($0.file):\($0.start.line):\($0.start.column): \(note.message)" } ?? note.message
        }
        let message = ([diagnostic.message] + notes).joined(separator: "\n")
        return "::\(command) \(properties)::\(escapeData(message))\n"
    }
}
