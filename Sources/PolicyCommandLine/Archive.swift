import Foundation
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// The archive of released versions, committed with the repository and never rewritten.
///
/// ```
/// archive/index.json                      every release: id, version, dates, and for each of its
///                                         files (source.md, manifest.json, policy.html, notices/…)
///                                         the SHA-256 digest of its bytes
/// archive/objects/<2 hex>/<sha256>        the bytes, stored under their digest
/// ```
///
/// Content addressing makes immutability checkable: a file's name is its digest, so `verify`
/// recomputes every digest, and a file no release lists is an intruder.
public struct Archive {
    public let folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public struct Release: Sendable, Equatable {
        public var id: String
        public var version: String
        public var title: String
        public var updated: String?
        public var effective: String?
        /// The day the version was released (YYYY-MM-DD).
        public var released: String
        /// The source's path in the project, as manifests record it.
        public var source: String
        public var previousVersion: String?
        /// "first", or the verdict against the previous version once every change for review
        /// is decided: "unchanged", "minor", "major".
        public var change: String
        /// File name in the release → SHA-256 of its bytes, lowercase hex.
        public var files: [String: String]
        /// The decisions on the changes policyc left for review (absent from older records: none).
        public var reviewed: [ReviewedChange] = []
    }

    /// A person's decision on a change for review, as the release recorded it: the front
    /// matter's `reviewed:` entry and the summary of the change it decided.
    public struct ReviewedChange: Sendable, Equatable {
        public var change: String
        public var decision: ReviewDecision.Decision
        public var reason: String
        public var by: String?
        public var summary: String

        /// "decided minor by Li Wei (legal)".
        public var decided: String {
            "decided \(decision.rawValue)" + (by.map { " by \($0)" } ?? "")
        }

        var json: JSON {
            .object(["change": .string(change), "decision": .string(decision.rawValue), "reason": .string(reason),
                     "by": .optional(by), "summary": .string(summary)])
        }
    }

    public var indexPath: String { folder + "/index.json" }

    func objectPath(_ digest: String) -> String {
        folder + "/objects/" + digest.prefix(2) + "/" + digest
    }

    /// The same digest the manifests give their sources.
    public static func digest(_ bytes: [UInt8]) -> String { PolicyBuilder.sha256(bytes) }

    // MARK: - Reading

    /// The releases in the order they were made; an archive that does not exist yet is empty.
    public func releases() -> Result<[Release], Diagnostic> {
        guard FileManager.default.fileExists(atPath: indexPath) else { return .success([]) }
        func malformed(_ why: String) -> Result<[Release], Diagnostic> {
            .failure(Diagnostic(.malformedArchiveIndex, "the archive index cannot be read: \(why)", at: .point(indexPath, line: 1, column: 1),
                                notes: ["the index is written by 'policyc release' only; restore it from version control"]))
        }
        guard let data = FileManager.default.contents(atPath: indexPath) else { return malformed("the file cannot be opened") }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = root["releases"] as? [[String: Any]] else { return malformed("it is not a JSON object with a 'releases' list") }
        var releases: [Release] = []
        for (index, entry) in entries.enumerated() {
            guard let id = entry["id"] as? String, let version = entry["version"] as? String,
                  let title = entry["title"] as? String, let released = entry["released"] as? String,
                  let source = entry["source"] as? String, let change = entry["change"] as? String,
                  let files = entry["files"] as? [String: String] else {
                return malformed("release \(index + 1) lacks id, version, title, released, source, change or files")
            }
            // Records made before decisions were recorded have none.
            guard let decisions = (entry["reviewed"] ?? [Any]()) as? [[String: Any]] else {
                return malformed("the decisions of release \(index + 1) are not a list")
            }
            var reviewed: [ReviewedChange] = []
            for decision in decisions {
                guard let change = decision["change"] as? String, let reason = decision["reason"] as? String,
                      let summary = decision["summary"] as? String,
                      let decided = (decision["decision"] as? String).flatMap(ReviewDecision.Decision.init(rawValue:)) else {
                    return malformed("a decision of release \(index + 1) lacks change, decision, reason or summary")
                }
                reviewed.append(ReviewedChange(change: change, decision: decided, reason: reason, by: decision["by"] as? String, summary: summary))
            }
            releases.append(Release(
                id: id, version: version, title: title, updated: entry["updated"] as? String, effective: entry["effective"] as? String,
                released: released, source: source, previousVersion: entry["previousVersion"] as? String, change: change, files: files,
                reviewed: reviewed))
        }
        return .success(releases)
    }

    /// The bytes stored under `digest`, if present and still hashing to it: a changed object is
    /// never diffed against or published (`verify` says which).
    public func contents(of digest: String) -> [UInt8]? {
        guard let bytes = FileManager.default.contents(atPath: objectPath(digest)).map({ [UInt8]($0) }),
              Self.digest(bytes) == digest else { return nil }
        return bytes
    }

    // MARK: - Writing

    public var lockPath: String { folder + "/.lock" }

    /// Adds a release: its files become objects (an object already present must hold the same
    /// bytes), then the index is rewritten with the release appended. Nothing is replaced.
    ///
    /// One release at a time: `.lock` is created exclusively for the duration, and under it the
    /// index must still be the one the release was prepared against (`existing`), or the release
    /// is refused rather than losing the other one's entry. Objects reach the disk (fsync) before
    /// the index names them; when anything fails, the objects this release created are removed.
    public func add(_ release: Release, files: [(name: String, bytes: [UInt8])], to existing: [Release]) throws(OutputWriter.WriteError) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: nil, orThrow: indexPath)
        let lock = open(lockPath, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard lock >= 0 else {
            throw OutputWriter.WriteError(path: lockPath, reason: "another release is running, or one was interrupted; if none is running, delete this file")
        }
        defer {
            close(lock)
            unlink(lockPath)
        }
        guard (try? releases().get()) == existing else {
            throw OutputWriter.WriteError(path: indexPath, reason: "the archive changed while this release was prepared; release again")
        }
        let writer = OutputWriter()
        var staged: [OutputWriter.StagedFile] = []
        var created: [String] = []
        do throws(OutputWriter.WriteError) {
            var stored: Set<String> = []
            // Two files with the same bytes (two profiles' identical notices) are one object.
            for file in files where stored.insert(release.files[file.name]!).inserted {
                let path = objectPath(release.files[file.name]!)
                if let present = FileManager.default.contents(atPath: path) {
                    guard [UInt8](present) == file.bytes else {
                        throw OutputWriter.WriteError(path: path, reason: "an archived object already holds other bytes under this digest; run 'policyc verify'")
                    }
                    continue
                }
                staged.append(try writer.stage(file.bytes, to: path))
                created.append(path)
            }
            _ = try writer.commit(staged)
            staged = []
            for path in created { Self.sync(path) }
            for folder in Set(created.map { ($0 as NSString).deletingLastPathComponent }) { Self.sync(folder) }
            staged = [try writer.stage(Self.index(existing + [release]).serialized(), to: indexPath)]
            _ = try writer.commit(staged)
            Self.sync(indexPath)
            Self.sync(folder)
        } catch {
            writer.discard(staged)
            for path in created { unlink(path) }
            throw error
        }
    }

    /// Flushes a file or folder to the disk.
    private static func sync(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    static func index(_ releases: [Release]) -> JSON {
        .object([
            "schemaVersion": .int(1),
            "releases": .array(releases.map { release in
                var entry: JSONObject = [
                    "id": .string(release.id), "version": .string(release.version), "title": .string(release.title),
                    "updated": .optional(release.updated), "effective": .optional(release.effective),
                    "released": .string(release.released), "source": .string(release.source),
                    "previousVersion": .optional(release.previousVersion), "change": .string(release.change),
                    "files": .object(JSONObject(members: release.files.sorted { $0.key < $1.key }.map { ($0.key, JSON.string($0.value)) })),
                ]
                // Only where there are decisions: the records written before them stay byte for byte.
                if !release.reviewed.isEmpty { entry["reviewed"] = .array(release.reviewed.map(\.json)) }
                return .object(entry)
            }),
        ])
    }

    // MARK: - Verifying

    /// Every listed file present with its digest, and nothing else in the archive.
    public func verify() -> [Diagnostic] {
        let releases: [Release]
        switch self.releases() {
        case .failure(let diagnostic): return [diagnostic]
        case .success(let loaded): releases = loaded
        }
        var diagnostics: [Diagnostic] = []
        var listed: Set<String> = []
        for release in releases {
            for (name, digest) in release.files.sorted(by: { $0.key < $1.key }) {
                let path = objectPath(digest)
                listed.insert(path)
                guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
                    diagnostics.append(Diagnostic(
                        .archiveFileMissing, "\(name) of \(release.id) version \(release.version) is missing (\(path))",
                        at: .point(indexPath, line: 1, column: 1), notes: ["restore the archive from version control"]))
                    continue
                }
                let actual = Self.digest(bytes)
                if actual != digest {
                    diagnostics.append(Diagnostic(
                        .archiveFileChanged, "\(name) of \(release.id) version \(release.version) was changed after its release",
                        at: .point(path, line: 1, column: 1),
                        notes: ["recorded SHA-256 \(digest)", "its bytes now hash to \(actual)", "a released version is never rewritten; restore it from version control"]))
                }
            }
        }
        let objects = folder + "/objects"
        if let enumerator = FileManager.default.enumerator(atPath: folder) {
            while let relative = enumerator.nextObject() as? String {
                let path = folder + "/" + relative
                var isFolder: ObjCBool = false
                // The enumerator listed it, so it exists; only whether it is a folder matters.
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
                guard !isFolder.boolValue, path != indexPath, !listed.contains(path) else { continue }
                if path == lockPath {
                    diagnostics.append(Diagnostic(
                        .archiveFileUnexpected, "a release is running, or one was interrupted", at: .point(path, line: 1, column: 1),
                        severity: .warning, notes: ["if no release is running, delete this file"]))
                    continue
                }
                diagnostics.append(Diagnostic(
                    .archiveFileUnexpected, "this file is in the archive but no release lists it", at: .point(path, line: 1, column: 1),
                    notes: [path.hasPrefix(objects) ? "objects are added by 'policyc release' only" : "the archive holds only index.json and objects/"]))
            }
        }
        return diagnostics
    }
}

private extension FileManager {
    func createDirectory(atPath path: String, withIntermediateDirectories: Bool, attributes: [FileAttributeKey: Any]?,
                         orThrow failurePath: String) throws(OutputWriter.WriteError) {
        do {
            try createDirectory(atPath: path, withIntermediateDirectories: withIntermediateDirectories, attributes: attributes)
        } catch {
            throw OutputWriter.WriteError(path: failurePath, reason: "cannot create the archive folder: \(error.localizedDescription)")
        }
    }
}
