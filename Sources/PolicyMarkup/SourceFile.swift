import Foundation

/// The text of one input file, checked for size and encoding before any stage sees it.
public struct SourceFile: Sendable {
    /// The path as given by the user; diagnostics print it unchanged.
    public var path: String
    public var text: String
    public var bytes: [UInt8]

    /// Files above this are refused: the largest real policy in the corpus is ~100 KB,
    /// so 8 MiB leaves room for any genuine document while keeping memory bounded.
    public static let maximumByteCount = 8 * 1024 * 1024

    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// Reads and validates a file. Failures come back as one located diagnostic.
    public static func load(path: String) -> Result<SourceFile, Diagnostic> {
        let start = SourceRange.point(path, line: 1, column: 1)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            return .failure(Diagnostic(.unreadableFile, "'\(path)' is a folder; name a Markdown file in it", at: start))
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(Diagnostic(.unreadableFile, "cannot read '\(path)': the file does not exist or permission is denied", at: start))
        }
        defer { try? handle.close() }
        let data: Data
        do {
            // Read one byte more than allowed so an oversized file is detected without reading it all.
            data = try handle.read(upToCount: maximumByteCount + 1) ?? Data()
        } catch {
            return .failure(Diagnostic(.unreadableFile, "cannot read '\(path)': \(error.localizedDescription)", at: start))
        }
        if data.count > maximumByteCount {
            return .failure(Diagnostic(
                .fileTooLarge,
                "'\(path)' is larger than \(maximumByteCount / 1024 / 1024) MiB; a policy source this large is almost certainly not a policy",
                at: start))
        }
        let bytes = [UInt8](data)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let location = firstInvalidUTF8Location(bytes)
            return .failure(Diagnostic(
                .notUTF8, "'\(path)' is not UTF-8 text; save it as UTF-8",
                at: .point(path, line: location.line, column: location.column)))
        }
        return .success(SourceFile(path: path, text: text, bytes: bytes))
    }

    private init(path: String, text: String, bytes: [UInt8]) {
        self.path = path
        self.text = text
        self.bytes = bytes
    }

    /// Where the first byte that breaks UTF-8 is, so the user can find it.
    private static func firstInvalidUTF8Location(_ bytes: [UInt8]) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return SourceLocation(line: line, column: index - lineStart + 1)
            }
            let end = index + length
            if end > bytes.count || bytes[(index + 1)..<end].contains(where: { $0 & 0xC0 != 0x80 })
                || String(validating: bytes[index..<end], as: UTF8.self) == nil {
                return SourceLocation(line: line, column: index - lineStart + 1)
            }
            if byte == 0x0A {
                line += 1
                lineStart = end
            }
            index = end
        }
        return SourceLocation(line: line, column: 1)
    }
}
