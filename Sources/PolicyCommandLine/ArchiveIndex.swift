import Foundation
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// `archive/index.json`: the release records and the chain that binds them (docs/archive.md).
extension Archive {
    /// The index as read: its format, its head and its records.
    struct Index {
        /// 1: records without hashes (before the chain); 2: chained.
        var schemaVersion: Int
        /// The hash of the last record, as the index states it.
        var head: String?
        var releases: [Release]
        /// The line of each record in the file, for diagnostics.
        var lines: [Int]
    }

    /// The format `release` writes.
    static let chainedSchemaVersion = 2

    // MARK: - The chain

    /// A record's hash: the SHA-256 of the record as the index writes it, alone and without its
    /// own `record` member (keys sorted, two-space indent, a final newline), so that it covers
    /// every field, every file's digest and the previous record's hash.
    public static func recordHash(_ release: Release) -> String {
        PolicyBuilder.sha256(json(release, withHash: false).serialized())
    }

    /// The releases with `previousRecord` and `record` set in order, each chained to the one
    /// before: what the index holds after a release (and after `migrate-archive`).
    public static func chained(_ releases: [Release]) -> [Release] {
        var previous: String?
        return releases.map { release in
            let chained = chain(release, after: previous)
            previous = chained.record
            return chained
        }
    }

    /// `release` recorded after the record whose hash is `previous`.
    static func chain(_ release: Release, after previous: String?) -> Release {
        var release = release
        release.previousRecord = previous
        release.record = recordHash(release)
        return release
    }

    // MARK: - Writing

    /// The index of chained releases, with its head.
    static func index(_ releases: [Release]) -> JSON {
        .object([
            "schemaVersion": .int(chainedSchemaVersion),
            "head": .optional(releases.last?.record),
            "releases": .array(releases.map { json($0, withHash: true) }),
        ])
    }

    private static func json(_ release: Release, withHash: Bool) -> JSON {
        var entry: JSONObject = [
            "id": .string(release.id), "version": .string(release.version), "title": .string(release.title),
            "updated": .optional(release.updated), "effective": .optional(release.effective),
            "released": .string(release.released), "source": .string(release.source),
            "previousVersion": .optional(release.previousVersion), "change": .string(release.change),
            "files": .object(JSONObject(members: release.files.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
            "previousRecord": .optional(release.previousRecord),
        ]
        // Only where there are decisions, as records written before them have none.
        if !release.reviewed.isEmpty { entry["reviewed"] = .array(release.reviewed.map(\.json)) }
        if withHash { entry["record"] = .optional(release.record) }
        return .object(entry)
    }

    // MARK: - Reading

    /// Reads and checks the index: every field of the right type, every id, version, source,
    /// file name and digest safe to use as a path. Chained or not; `verify` checks the chain.
    func readIndex() -> Result<Index, Diagnostic> {
        var status = stat()
        guard lstat(indexPath, &status) == 0 else { return .success(Index(schemaVersion: Self.chainedSchemaVersion, releases: [], lines: [])) }
        if let problem = ContainedPath(root: folder).problem(with: indexPath) { return .failure(ContainedPath.refusal(indexPath, problem)) }
        guard let data = FileManager.default.contents(atPath: indexPath) else {
            return .failure(malformed("the file cannot be opened", line: 1))
        }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = root["releases"] as? [[String: Any]] else {
            return .failure(malformed("it is not a JSON object with a 'releases' list (is it cut short?)", line: 1))
        }
        let lines = Self.recordLines(in: data, count: entries.count)
        var index = Index(schemaVersion: root["schemaVersion"] as? Int ?? 1, head: root["head"] as? String, releases: [], lines: lines)
        for (number, entry) in entries.enumerated() {
            switch Self.release(from: entry) {
            case .success(let release): index.releases.append(release)
            case .failure(let problem): return .failure(malformed("release \(number + 1): \(problem.why)", line: lines[number]))
            }
        }
        return .success(index)
    }

    func malformed(_ why: String, line: Int) -> Diagnostic {
        Diagnostic(.malformedArchiveIndex, "the archive index cannot be read: \(why)", at: .point(indexPath, line: line, column: 1),
                   notes: ["the index is written by 'policyc release' only; restore it from version control"])
    }

    /// One record, or what is wrong with it.
    private static func release(from entry: [String: Any]) -> Result<Release, ReadProblem> {
        guard let id = entry["id"] as? String, let version = entry["version"] as? String,
              let title = entry["title"] as? String, let released = entry["released"] as? String,
              let source = entry["source"] as? String, let change = entry["change"] as? String,
              let files = entry["files"] as? [String: String] else {
            return .failure("it lacks id, version, title, released, source, change or files")
        }
        // Ids and versions name published pages: nothing read here may climb out of a folder.
        if let problem = PathNames.idProblem(id) { return .failure(ReadProblem(problem)) }
        for case let version? in [version, entry["previousVersion"] as? String] {
            if let problem = PathNames.versionProblem(version) { return .failure(ReadProblem(problem)) }
        }
        guard PathNames.isPlainRelativePath(source) else { return .failure("its source '\(source)' is not a path inside the project") }
        for (name, digest) in files.sorted(by: { $0.key < $1.key }) {
            guard PathNames.isPlainRelativePath(name) else { return .failure("'\(name)' cannot be the name of an archived file") }
            guard isDigest(digest) else { return .failure("the digest of \(name) is not 64 lowercase hexadecimal digits") }
        }
        var optionalStrings: [String: String] = [:]
        for key in ["updated", "effective", "previousVersion", "previousRecord", "record"] where !(entry[key] is NSNull) && entry[key] != nil {
            guard let value = entry[key] as? String else { return .failure(ReadProblem("its \(key) is not text")) }
            optionalStrings[key] = value
        }
        // Records made before decisions were recorded have none.
        guard let decisions = (entry["reviewed"] ?? [Any]()) as? [[String: Any]] else { return .failure("its decisions are not a list") }
        var reviewed: [ReviewedChange] = []
        for decision in decisions {
            guard let change = decision["change"] as? String, let reason = decision["reason"] as? String,
                  let summary = decision["summary"] as? String,
                  let decided = (decision["decision"] as? String).flatMap(ReviewDecision.Decision.init(rawValue:)) else {
                return .failure("a decision lacks change, decision, reason or summary")
            }
            reviewed.append(ReviewedChange(change: change, decision: decided, reason: reason, by: decision["by"] as? String, summary: summary))
        }
        return .success(Release(
            id: id, version: version, title: title, updated: optionalStrings["updated"], effective: optionalStrings["effective"],
            released: released, source: source, previousVersion: optionalStrings["previousVersion"], change: change, files: files,
            reviewed: reviewed, previousRecord: optionalStrings["previousRecord"], record: optionalStrings["record"]))
    }

    /// What is wrong with a record, in words.
    private struct ReadProblem: Error, ExpressibleByStringInterpolation {
        var why: String
        init(_ why: String) { self.why = why }
        init(stringLiteral why: String) { self.why = why }
    }

    /// 64 lowercase hexadecimal digits: a SHA-256 as policyc writes it.
    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// The line of each record: the line of its `"released"` member, which only records have.
    /// An index edited by hand into another layout gets line 1 for what cannot be found.
    private static func recordLines(in data: Data, count: Int) -> [Int] {
        var lines: [Int] = []
        var line = 1
        let key = Array("\"released\"".utf8)
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count, lines.count < count {
            if bytes[offset] == UInt8(ascii: "\n") {
                line += 1
            } else if bytes[offset] == key[0], bytes[offset...].starts(with: key) {
                lines.append(line)
            }
            offset += 1
        }
        return lines + Array(repeating: 1, count: count - lines.count)
    }
}
