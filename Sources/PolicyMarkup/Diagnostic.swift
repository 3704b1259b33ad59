/// How serious a diagnostic is. Errors fail the build; warnings and notes do not
/// (unless a command is asked to be strict).
public enum Severity: String, Sendable, Comparable {
    case note, warning, error

    private var rank: Int {
        switch self {
        case .note: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// A suggested replacement: the legal team sees it as a hint, tools may apply it.
public struct FixIt: Hashable, Sendable {
    public var range: SourceRange
    public var replacement: String

    public init(range: SourceRange, replacement: String) {
        self.range = range
        self.replacement = replacement
    }
}

/// A remark attached to a diagnostic, as swift-docc's `DiagnosticNote`: more about the same place,
/// or, with a range of its own, another place the diagnostic involves (the other half of a
/// contradiction). A string literal is a note without a range, so `notes: ["did you mean …?"]`
/// reads as it always did.
public struct DiagnosticNote: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var message: String
    /// Where the note points; `nil` for a note about the diagnostic's own place.
    public var range: SourceRange?

    public init(_ message: String, at range: SourceRange? = nil) {
        self.message = message
        self.range = range
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    public var description: String { message }
}

/// One message about the input, always with a place in it.
///
/// The message is written for a reader who is not a programmer: it says what is wrong
/// in the policy's own terms and, where possible, what to write instead.
public struct Diagnostic: Error, Hashable, Sendable {
    public var id: DiagnosticID
    public var severity: Severity
    public var message: String
    public var range: SourceRange
    public var notes: [DiagnosticNote]
    public var fixIt: FixIt?

    public init(
        _ id: DiagnosticID, _ message: String, at range: SourceRange,
        severity: Severity? = nil, notes: [DiagnosticNote] = [], fixIt: FixIt? = nil
    ) {
        self.id = id
        self.severity = severity ?? id.defaultSeverity
        self.message = message
        self.range = range
        self.notes = notes
        self.fixIt = fixIt
    }
}

extension Diagnostic: CustomStringConvertible {
    /// `file:line:col: error: message [PC1001]`, the format compilers and editors understand; each
    /// note on a line of its own, at its own place when it has one.
    public var description: String {
        var text = "\(range.file):\(range.start.line):\(range.start.column): \(severity.rawValue): \(message) [\(id.code)]"
        for note in notes {
            let place = note.range ?? range
            text += "\n\(place.file):\(place.start.line):\(place.start.column): note: \(note.message)"
        }
        return text
    }
}

/// Gathers diagnostics synchronously while a stage runs; stages return its contents.
public struct DiagnosticCollector: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []

    public init() {}

    public mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    public mutating func report(contentsOf other: [Diagnostic]) {
        diagnostics.append(contentsOf: other)
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Array where Element == Diagnostic {
    /// Sorted by file and position, so output is stable whatever order stages reported in.
    public func sortedByLocation() -> [Diagnostic] {
        enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element, rhs.element)
            if l.range.file != r.range.file { return l.range.file < r.range.file }
            if l.range.start != r.range.start { return l.range.start < r.range.start }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}
