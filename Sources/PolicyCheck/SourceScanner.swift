import Foundation
import Glibc
import PolicyMarkup
import PolicyModel

/// Walks source trees for what the code collects: `policy-collects:` markers in comments
/// (`// policy-collects: contact.phone for registration`) and the telemetry calls that
/// `policyc.yaml`'s `scan.patterns` describe.
///
/// It skips what `scan.exclude` and the root's `.gitignore` exclude, binary files (a NUL byte in
/// the first 8 KiB) and files over 16 MiB; it follows symbolic links but never into a folder it
/// has already entered, so a link loop ends with a diagnostic instead of a hang; a folder or file
/// it cannot read is reported and passed over.
public struct SourceScanner {
    public static let marker = Array("policy-collects:".utf8)
    public static let maximumFileBytes = 16 << 20

    let settings: ScanSettings
    private let patterns: [(regex: NSRegularExpression, item: String?)]

    public init(settings: ScanSettings) {
        self.settings = settings
        patterns = settings.patterns.compactMap { pattern in
            (try? NSRegularExpression(pattern: pattern.pattern)).map { ($0, pattern.item) }
        }
    }

    public struct Result: Sendable {
        public var collected: [CollectedField] = []
        public var problems: [Diagnostic] = []
        public var filesRead = 0
        public var binarySkipped = 0
    }

    public func scan(_ root: String) -> Result {
        var result = Result()
        var status = stat()
        guard stat(root, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            result.problems.append(Diagnostic(.unreadableFile, "'\(root)' is not a folder that can be scanned", at: .point(root, line: 1, column: 1)))
            return result
        }
        let ignore = IgnoreRules(patterns: settings.exclude + Self.gitignore(in: root))
        var entered: Set<FolderIdentity> = []
        walk(root, relative: "", ignore: ignore, entered: &entered, into: &result)
        return result
    }

    private struct FolderIdentity: Hashable {
        let device: UInt
        let inode: UInt
    }

    private func walk(_ folder: String, relative: String, ignore: IgnoreRules, entered: inout Set<FolderIdentity>, into result: inout Result) {
        var status = stat()
        guard stat(folder, &status) == 0 else { return }
        guard entered.insert(FolderIdentity(device: UInt(status.st_dev), inode: UInt(status.st_ino))).inserted else {
            result.problems.append(Diagnostic(
                .scanProblem, "'\(folder)' leads back to a folder already scanned (a symbolic link loop); not entered again",
                at: .point(folder, line: 1, column: 1)))
            return
        }
        guard let directory = opendir(folder) else {
            result.problems.append(Diagnostic(
                .scanProblem, "the folder '\(folder)' cannot be read (\(String(cString: strerror(errno)))); its files were not scanned",
                at: .point(folder, line: 1, column: 1)))
            return
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != "..", name != ".git" { names.append(name) }
        }
        closedir(directory)
        for name in names.sorted() {
            let path = folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // a dangling link
            let isFolder = (info.st_mode & S_IFMT) == S_IFDIR
            if ignore.excludes(relativePath, isFolder: isFolder) { continue }
            if isFolder {
                walk(path, relative: relativePath, ignore: ignore, entered: &entered, into: &result)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                scanFile(path, size: Int(info.st_size), into: &result)
            }
        }
    }

    private func scanFile(_ path: String, size: Int, into result: inout Result) {
        guard size > 0, size <= Self.maximumFileBytes else { return }
        guard let data = FileManager.default.contents(atPath: path) else {
            result.problems.append(Diagnostic(.scanProblem, "'\(path)' cannot be read; it was not scanned", at: .point(path, line: 1, column: 1)))
            return
        }
        let bytes = [UInt8](data)
        if bytes.prefix(8192).contains(0) {
            result.binarySkipped += 1
            return
        }
        result.filesRead += 1
        scanMarkers(bytes, path: path, into: &result.collected)
        if !patterns.isEmpty { scanPatterns(bytes, path: path, into: &result.collected) }
    }

    /// `policy-collects: ITEM [for PURPOSE]`, found with memchr/memcmp.
    private func scanMarkers(_ bytes: [UInt8], path: String, into collected: inout [CollectedField]) {
        bytes.withUnsafeBufferPointer { buffer in
            Self.marker.withUnsafeBufferPointer { marker in
                var start = 0
                while start < buffer.count,
                      let offset = ByteSearch.firstOffset(of: marker, in: UnsafeBufferPointer(rebasing: buffer[start...])) {
                    let at = start + offset
                    var end = at + marker.count
                    while end < buffer.count, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
                    let rest = String(decoding: UnsafeBufferPointer(rebasing: buffer[(at + marker.count)..<end]), as: UTF8.self)
                    let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "*" || $0 == "/" })
                    if let item = words.first {
                        let purpose = words.count >= 3 && words[1] == "for" ? String(words[2]) : nil
                        let location = Self.lineAndColumn(of: at, in: buffer)
                        collected.append(CollectedField(
                            name: "policy-collects: \(item)", item: String(item), purpose: purpose, origin: .sourceScan,
                            range: .point(path, line: location.line, column: location.column)))
                    }
                    start = end
                }
            }
        }
    }

    private func scanPatterns(_ bytes: [UInt8], path: String, into collected: inout [CollectedField]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let whole = NSRange(text.startIndex..., in: text)
        for (regex, item) in patterns {
            for match in regex.matches(in: text, range: whole) {
                guard let range = Range(match.range, in: text) else { continue }
                let captured = match.numberOfRanges > 1 ? Range(match.range(at: 1), in: text).map { String(text[$0]) } : nil
                guard let itemID = item ?? captured else { continue }
                let offset = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
                let location = bytes.withUnsafeBufferPointer { Self.lineAndColumn(of: offset, in: $0) }
                collected.append(CollectedField(
                    name: String(text[range]), item: itemID, origin: .sourceScan, range: .point(path, line: location.line, column: location.column)))
            }
        }
    }

    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1, lineStart = 0
        for index in 0..<offset where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart + 1)
    }

    static func gitignore(in root: String) -> [String] {
        guard let text = try? String(contentsOfFile: root + "/.gitignore", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}

/// `.gitignore`-style rules: `name` matches at any depth, `dir/` only folders, `/path` from the
/// root, `*`, `?` and `[…]` as in fnmatch, `**/` any folders, `!pattern` takes a path back.
struct IgnoreRules {
    struct Rule {
        let pattern: String
        let negated: Bool
        let folderOnly: Bool
        let anchored: Bool
    }

    let rules: [Rule]

    init(patterns: [String]) {
        rules = patterns.map { raw in
            var pattern = raw
            let negated = pattern.hasPrefix("!")
            if negated { pattern.removeFirst() }
            let folderOnly = pattern.hasSuffix("/")
            if folderOnly { pattern.removeLast() }
            let anchored = pattern.hasPrefix("/") || pattern.dropLast().contains("/")
            if pattern.hasPrefix("/") { pattern.removeFirst() }
            return Rule(pattern: pattern, negated: negated, folderOnly: folderOnly, anchored: anchored)
        }
    }

    /// The last rule that matches decides, as in git.
    func excludes(_ relativePath: String, isFolder: Bool) -> Bool {
        var excluded = false
        let name = relativePath.split(separator: "/").last.map(String.init) ?? relativePath
        for rule in rules where !rule.folderOnly || isFolder {
            let subject = rule.anchored ? relativePath : name
            let matches = fnmatch(rule.pattern, subject, FNM_PATHNAME) == 0
                || (rule.pattern.hasPrefix("**/") && fnmatch(String(rule.pattern.dropFirst(3)), name, FNM_PATHNAME) == 0)
            if matches { excluded = !rule.negated }
        }
        return excluded
    }
}
