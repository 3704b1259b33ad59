import PolicyEmit
import PolicyMarkup

/// How diagnostics are shown: `file:line:col: severity: message [code]` for people and editors,
/// a JSON array for tools, or GitHub Actions workflow commands (`::error file=…,line=…::…`),
/// which GitHub shows as annotations on the changed lines.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json, github
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
                    "notes": .array(diagnostic.notes.map(JSON.string)),
                ]
                if let fixIt = diagnostic.fixIt {
                    members["fixIt"] = .object(["range": ManifestEmitter.range(fixIt.range), "replacement": .string(fixIt.replacement)])
                }
                return .object(members)
            }
            return String(decoding: JSON.array(values).serialized(), as: UTF8.self)
        case .github:
            return diagnostics.map(githubCommand).joined()
        }
    }

    /// One workflow command. Properties and message are escaped as GitHub's runner expects
    /// (`%`, CR and LF everywhere; `:` and `,` in properties too); notes join the message.
    static func githubCommand(_ diagnostic: Diagnostic) -> String {
        let command = switch diagnostic.severity { case .error: "error"; case .warning: "warning"; case .note: "notice" }
        func escapeData(_ text: String) -> String {
            text.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D").replacingAll("\n", with: "%0A")
        }
        func escapeProperty(_ text: String) -> String {
            escapeData(text).replacingAll(":", with: "%3A").replacingAll(",", with: "%2C")
        }
        let range = diagnostic.range
        let properties = [
            "file=\(escapeProperty(range.file))", "line=\(range.start.line)", "col=\(range.start.column)",
            "title=\(escapeProperty("\(diagnostic.id.code) \(diagnostic.id.rawValue)"))",
        ].joined(separator: ",")
        let message = ([diagnostic.message] + diagnostic.notes).joined(separator: "\n")
        return "::\(command) \(properties)::\(escapeData(message))\n"
    }
}

private extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
