import Foundation
import Glibc
import PolicyMarkup
import PolicyModel
import Synchronization

/// Walks source trees for what the code collects: `policy-collects:` markers in comments
/// (`// policy-collects: contact.phone for registration`) and the telemetry calls that
/// `policyc.yaml`'s `scan.patterns` describe.
///
/// It skips what `scan.exclude` and the root's `.gitignore` exclude and binary files (a NUL byte
/// in the first 8 KiB), and reports files over 16 MiB unread; it follows symbolic links but never into a folder it
/// has already entered, so a link loop ends with a diagnostic instead of a hang; a folder or file
/// it cannot read is reported and passed over.
public struct SourceScanner: Sendable {
    public static let marker = Array("policy-collects:".utf8)
    public static let maximumFileBytes = 16 << 20

    let settings: ScanSettings
    private var rootRealPath: String?
    private let patterns: [(pattern: String, expression: ScanExpression, item: String?, literal: [UInt8]?)]
    /// The marker (needle 0) and every pattern's literal, searched for in one pass per file.
    private let needles: NeedleSet
    /// For needle `n` > 0, the pattern whose literal it is.
    private let patternOfNeedle: [Int: Int]

    public init(settings: ScanSettings) {
        self.settings = settings
        var patterns = settings.patterns.compactMap { pattern in
            ScanExpression(pattern.pattern).map { (pattern: pattern.pattern, expression: $0, item: pattern.item, literal: Self.requiredLiteral(pattern.pattern)) }
        }
        var needles = [Self.marker]
        var patternOfNeedle: [Int: Int] = [:]
        for index in patterns.indices {
            guard let literal = patterns[index].literal else { continue }
            // Past the search's limit of needles a pattern is searched for in every file, as if
            // it had no literal: a literal that is never looked for would never be found.
            guard needles.count < ByteSearch.maximumNeedles else {
                patterns[index].literal = nil
                continue
            }
            patternOfNeedle[needles.count] = index
            needles.append(literal)
        }
        self.patterns = patterns
        self.needles = NeedleSet(needles)
        self.patternOfNeedle = patternOfNeedle
    }

    /// The text every match of `pattern` starts with, when it starts with plain characters
    /// (`Telemetry\.track\(` → `Telemetry.track(`): lines are found with memchr/memcmp and
    /// the regular expression runs on those lines only, not on every byte of the tree.
    static func requiredLiteral(_ pattern: String) -> [UInt8]? {
        var literal: [UInt8] = []
        var lastLength = 0
        var characters = Array(pattern.unicodeScalars)[...]
        // An alternation anywhere could match without the prefix.
        if pattern.contains("|") { return nil }
        func append(_ scalar: Unicode.Scalar) {
            let bytes = Array(String(scalar).utf8)
            literal += bytes
            lastLength = bytes.count
        }
        while let scalar = characters.first {
            // A literal never crosses a line: candidate regions are found line by line.
            if scalar == "\n" || scalar == "\r" { break }
            if scalar == "\\" {
                guard characters.count >= 2 else { break }
                let next = characters[characters.startIndex + 1]
                // \d, \w, \s, \b … are classes or anchors, not characters.
                guard next.isASCII, !next.properties.isAlphabetic, !("0"..."9").contains(next) else { break }
                append(next)
                characters = characters.dropFirst(2)
                continue
            }
            if ".[]()*+?{}^$".unicodeScalars.contains(scalar) { break }
            append(scalar)
            characters = characters.dropFirst()
        }
        // A quantifier right after the prefix (`ab*`) makes its last character optional.
        if let next = characters.first, "*?{".unicodeScalars.contains(next), !literal.isEmpty {
            literal.removeLast(lastLength)
        }
        return literal.count >= 3 ? literal : nil
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
        // Files are read on every core while the walk goes on (on a large tree the walk alone
        // was a tenth of the scan, with the other cores idle); results are kept in walk order.
        let queue = FileQueue()
        let readFiles = Mutex<[(index: Int, result: FileResult)]>([])
        let read: @Sendable () -> Void = {
            var mine: [(index: Int, result: FileResult)] = []
            while let (first, paths) = queue.take(upTo: 8) {
                for (offset, path) in paths.enumerated() { mine.append((first + offset, scanFile(path))) }
            }
            readFiles.withLock { $0 += mine }
        }
        let otherReaders = DispatchGroup()
        for _ in 1..<max(1, ProcessInfo.processInfo.activeProcessorCount) {
            DispatchQueue.global().async(group: otherReaders, execute: read)
        }
        var files = FileQueue.Batch(queue)
        var scanner = self
        scanner.rootRealPath = Self.realPath(root)
        scanner.walk(root, relative: "", viaLink: false, ignore: ignore, entered: &entered, files: &files, problems: &result.problems)
        files.send()
        queue.finish()
        read()
        otherReaders.wait()
        for file in readFiles.withLock({ $0 }).sorted(by: { $0.index < $1.index }).map(\.result) {
            result.collected += file.collected
            result.problems += file.problems
            result.filesRead += file.read ? 1 : 0
            result.binarySkipped += file.binary ? 1 : 0
        }
        return result
    }

    private struct FileResult: Sendable {
        var collected: [CollectedField] = []
        var problems: [Diagnostic] = []
        var read = false
        var binary = false
    }

    private struct FolderIdentity: Hashable {
        let device: UInt
        let inode: UInt
    }

    private func walk(_ folder: String, relative: String, viaLink: Bool, ignore: IgnoreRules, entered: inout Set<FolderIdentity>,
                      files: inout FileQueue.Batch, problems: inout [Diagnostic]) {
        var status = stat()
        guard stat(folder, &status) == 0 else { return }
        guard entered.insert(FolderIdentity(device: UInt(status.st_dev), inode: UInt(status.st_ino))).inserted else {
            problems.append(Diagnostic(
                .scanProblem, "'\(folder)' leads to a folder already scanned (a symbolic link, perhaps a loop); not entered again",
                at: .point(folder, line: 1, column: 1)))
            return
        }
        // A symbolic link may point anywhere; the scan stays inside the tree it was given. A
        // folder reached without a link is inside it already.
        if viaLink, let real = Self.realPath(folder), let rootReal = rootRealPath, real != rootReal, !real.hasPrefix(rootReal + "/") {
            problems.append(Diagnostic(
                .scanProblem, "'\(folder)' is a link to '\(real)', outside the scanned tree; not followed", at: .point(folder, line: 1, column: 1)))
            return
        }
        guard let directory = opendir(folder) else {
            problems.append(Diagnostic(
                .scanProblem, "the folder '\(folder)' cannot be read (\(String(cString: strerror(errno)))); its files were not scanned",
                at: .point(folder, line: 1, column: 1)))
            return
        }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != ".", name != "..", name != ".git" { entries.append((name, entry.pointee.d_type)) }
        }
        closedir(directory)
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let path = folder + "/" + name
            let relativePath = relative.isEmpty ? name : relative + "/" + name
            // The folder entry tells plain files and folders apart; only links (followed) and
            // entries of unknown type need a stat, which on a large tree was most of the walk.
            var isFolder = type == UInt8(DT_DIR), isFile = type == UInt8(DT_REG)
            if !isFolder, !isFile {
                var info = stat()
                guard stat(path, &info) == 0 else { continue }  // a dangling link
                isFolder = (info.st_mode & S_IFMT) == S_IFDIR
                isFile = (info.st_mode & S_IFMT) == S_IFREG
            }
            if ignore.excludes(relativePath, name: name, isFolder: isFolder) { continue }
            if isFolder {
                // The readers get this folder's files so far before the walk goes down.
                files.send()
                walk(path, relative: relativePath, viaLink: type != UInt8(DT_DIR), ignore: ignore, entered: &entered, files: &files, problems: &problems)
            } else if isFile {
                files.append(path)
            }
        }
    }

    private func scanFile(_ path: String) -> FileResult {
        var result = FileResult()
        let bytes: [UInt8]
        switch Self.read(path, limit: Self.maximumFileBytes) {
        case .empty: return result
        case .tooLarge(let size):
            result.problems.append(Diagnostic(
                .scanProblem, "'\(path)' is \(size >> 20) MiB; files over \(Self.maximumFileBytes >> 20) MiB are not scanned",
                at: .point(path, line: 1, column: 1), notes: ["exclude it in policyc.yaml's scan.exclude if it is generated or data"]))
            return result
        case .unreadable:
            result.problems.append(Diagnostic(.scanProblem, "'\(path)' cannot be read; it was not scanned", at: .point(path, line: 1, column: 1)))
            return result
        case .read(let read): bytes = read
        }
        let isBinary = bytes.withUnsafeBytes { memchr($0.baseAddress!, 0, min($0.count, 8192)) != nil }
        if isBinary {
            result.binary = true
            return result
        }
        result.read = true
        let firstHits = scanMarkersAndLiterals(bytes, path: path, into: &result.collected)
        if !patterns.isEmpty { scanPatterns(bytes, path: path, firstHits: firstHits, into: &result) }
        return result
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    enum FileContents {
        case read([UInt8]), empty, tooLarge(Int), unreadable
    }

    /// The file's bytes, read straight into one array (no Data in between: a scan reads every
    /// byte of a tree, and the extra copy was a visible share of it). The size comes from the
    /// open file, so a file larger than `limit` is refused before any of it is read.
    static func read(_ path: String, limit: Int) -> FileContents {
        // Non-blocking: were the file swapped for a FIFO after the walk, opening it would wait
        // for a writer; this way it reads as empty.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else { return .unreadable }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable }
        let size = Int(info.st_size)
        guard size > 0 else { return .empty }
        guard size <= limit else { return .tooLarge(size) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            while count < size {
                let got = Glibc.read(descriptor, buffer.baseAddress! + count, size - count)
                if got < 0 { failed = true; return }
                if got == 0 { break }
                count += got
            }
        }
        return failed ? .unreadable : .read(bytes)
    }

    /// `policy-collects: ITEM [for PURPOSE]` markers, and where each pattern's literal first
    /// occurs (by pattern index), found together in one pass over the file.
    private func scanMarkersAndLiterals(_ bytes: [UInt8], path: String, into collected: inout [CollectedField]) -> [Int: Int] {
        var firstHits: [Int: Int] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var active = Array(0..<needles.count)
            var start = 0
            var lines = LineCounter()
            // The rest of a marker's line is its words: a second marker there is one of them. The
            // search still goes through that line, for the literals.
            var markerLineEnd = 0
            while start < buffer.count,
                  let (offset, needle) = ByteSearch.firstOffset(ofAny: needles, active: active, in: UnsafeBufferPointer(rebasing: buffer[start...])) {
                let at = start + offset
                if let pattern = patternOfNeedle[needle] {
                    // A literal's first occurrence is all the pattern search needs.
                    firstHits[pattern] = at
                    active.removeAll { $0 == needle }
                    start = at
                    continue
                }
                start = at + 1
                guard at >= markerLineEnd else { continue }
                var end = at + Self.marker.count
                while end < buffer.count, buffer[end] != 0x0A, buffer[end] != 0x0D { end += 1 }
                let rest = String(decoding: UnsafeBufferPointer(rebasing: buffer[(at + Self.marker.count)..<end]), as: UTF8.self)
                let words = rest.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "*" || $0 == "/" })
                if let item = words.first {
                    let purpose = words.count >= 3 && words[1] == "for" ? String(words[2]) : nil
                    let location = lines.location(of: at, in: buffer)
                    collected.append(CollectedField(
                        name: "policy-collects: \(item)", item: String(item), purpose: purpose, origin: .sourceScan,
                        range: .point(path, line: location.line, column: location.column)))
                }
                markerLineEnd = end
            }
        }
        return firstHits
    }

    private func scanPatterns(_ bytes: [UInt8], path: String, firstHits: [Int: Int], into result: inout FileResult) {
        // Byte offsets name places in the text only when the bytes are valid UTF-8; other files
        // are searched for markers only. Checked only once a pattern may match: most files hold
        // none of the literals, and validating every byte of a tree cost as much as searching it.
        var isUTF8: Bool?
        bytes.withUnsafeBufferPointer { text in
            for (index, (pattern, expression, item, literal)) in patterns.enumerated() {
                if literal != nil, firstHits[index] == nil { continue }
                if isUTF8 == nil { isUTF8 = String(validating: bytes, as: UTF8.self) != nil }
                guard isUTF8 == true else { return }
                let found: ScanExpression.Found
                if let literal, let first = firstHits[index] {
                    // Every match begins with the literal: the expression is tried where it stands.
                    found = literal.withUnsafeBufferPointer { needle in
                        expression.matches(in: text) { from in
                            from <= first ? first : ByteSearch.firstOffset(of: needle, in: UnsafeBufferPointer(rebasing: text[from...])).map { from + $0 }
                        }
                    }
                } else {
                    found = expression.matches(in: text)
                }
                if !found.complete {
                    result.problems.append(Diagnostic(
                        .scanProblem, "the pattern '\(pattern)' could not be searched to the end of '\(path)' (the regular expression engine stopped: it backtracked too long); what it found before is reported",
                        at: .point(path, line: 1, column: 1), notes: ["simplify the pattern, or exclude the file in policyc.yaml's scan.exclude"]))
                }
                var lines = LineCounter()
                for match in found.matches {
                    let captured = match.firstGroup.map { String(decoding: text[$0], as: UTF8.self) }
                    guard let itemID = item ?? captured else { continue }
                    let location = lines.location(of: match.range.lowerBound, in: text)
                    result.collected.append(CollectedField(
                        name: String(decoding: text[match.range], as: UTF8.self), item: itemID, origin: .sourceScan,
                        range: .point(path, line: location.line, column: location.column)))
                }
            }
        }
    }

    /// Line and column of increasing offsets in one buffer, counting each newline once (a file
    /// with many matches must not be re-read from its start for each). Newlines are counted
    /// 32 bytes at a time: a match deep in a large file is common, and a loop over every byte
    /// before it was a tenth of a scan.
    struct LineCounter {
        private var offset = 0
        private var line = 1
        private var lineStart = 0

        mutating func location(of target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
            let target = min(target, bytes.count)
            if target < offset { self = LineCounter() }
            if target > offset {
                let newlines = ByteSearch.count(of: 0x0A, in: UnsafeBufferPointer(rebasing: bytes[offset..<target]))
                if newlines > 0 {
                    line += newlines
                    // The last newline before the target starts the target's line.
                    var last = target - 1
                    while bytes[last] != 0x0A { last -= 1 }
                    lineStart = last + 1
                }
                offset = target
            }
            return (line, target - lineStart + 1)
        }
    }

    static func gitignore(in root: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: root + "/.gitignore") else { return [] }
        // Split on bytes: with CR LF endings, "\r\n" is one Character and a Character split finds no line.
        return data.split(separator: 0x0A).map { line in
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            while line.last == 0x20 { line = line.dropLast() }  // git trims trailing spaces only
            return String(decoding: line, as: UTF8.self)
        }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
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
        /// The pattern's segments when it holds `**`, which fnmatch cannot match; split once
        /// here, not for every path of the tree.
        let globstarSegments: [Substring]?
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
            let globstarSegments = pattern.containsText("**") ? pattern.split(separator: "/", omittingEmptySubsequences: false) : nil
            return Rule(pattern: pattern, negated: negated, folderOnly: folderOnly, anchored: anchored, globstarSegments: globstarSegments)
        }
    }

    /// The last rule that matches decides, as in git.
    /// `name` is the last part of `relativePath`.
    func excludes(_ relativePath: String, name: String, isFolder: Bool) -> Bool {
        var excluded = false
        for rule in rules where !rule.folderOnly || isFolder {
            let subject = rule.anchored ? relativePath : name
            let matches = if let segments = rule.globstarSegments {
                Self.match(segments[...], relativePath.split(separator: "/")[...])
            } else {
                fnmatch(rule.pattern, subject, FNM_PATHNAME) == 0
            }
            if matches { excluded = !rule.negated }
        }
        return excluded
    }

    /// Segment by segment, `**` standing for any number of folders (none included).
    static func match(_ pattern: ArraySlice<Substring>, _ path: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            return (0...path.count).contains { skip in match(pattern.dropFirst(), path.dropFirst(skip)) }
        }
        guard let segment = path.first, fnmatch(String(head), String(segment), 0) == 0 else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }
}
