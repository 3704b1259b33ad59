import PolicyEmit
import PolicyMarkup

/// How diagnostics are shown: `file:line:col: severity: message [code]` for people and editors,
/// or a JSON array for tools.
public enum DiagnosticFormat: String, CaseIterable, Sendable {
    case text, json
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
        }
    }
}
