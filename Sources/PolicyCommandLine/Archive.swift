import Foundation
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// The archive of released versions, committed with the repository and never rewritten.
///
/// ```
/// archive/index.json                      every release record, in order: id, version, dates, and
///                                         for each of its files (source.md, manifest.json,
///                                         policy.html, notices/…) the SHA-256 digest of its bytes,
///                                         chained by the hash of the record before (`head`: the last)
/// archive/objects/<2 hex>/<sha256>        the bytes, stored under their digest
/// ```
///
/// Content addressing makes the files checkable: a file's name is its digest, so `verify`
/// recomputes every digest, and a file no release lists is an intruder. The chain does the same
/// for the records (docs/archive.md): each record's hash covers its fields, its files' digests and
/// the previous record's hash, as a git commit covers its tree and its parent.
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
        /// The hash of the record before this one in the index (nil for the first, and in an
        /// index from before the chain).
        public var previousRecord: String? = nil
        /// This record's hash, as recorded when it was archived (nil until then).
        public var record: String? = nil

        public init(id: String, version: String, title: String, updated: String? = nil, effective: String? = nil, released: String,
                    source: String, previousVersion: String? = nil, change: String, files: [String: String],
                    reviewed: [ReviewedChange] = [], previousRecord: String? = nil, record: String? = nil) {
            (self.id, self.version, self.title, self.updated, self.effective) = (id, version, title, updated, effective)
            (self.released, self.source, self.previousVersion, self.change, self.files) = (released, source, previousVersion, change, files)
            (self.reviewed, self.previousRecord, self.record) = (reviewed, previousRecord, record)
        }
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
    /// Every id, version, file name and digest is checked before anyone uses it as a path.
    public func releases() -> Result<[Release], Diagnostic> {
        readIndex().map(\.releases)
    }

    /// The bytes stored under `digest`, if present and still hashing to it: a changed object is
    /// never diffed against or published (`verify` says which).
    public func contents(of digest: String) -> [UInt8]? {
        try? object(digest).get()
    }

    /// The bytes stored under `digest`, or why they cannot be used: missing, changed, or reached
    /// through a symbolic link, which policyc does not follow inside the archive.
    public func object(_ digest: String) -> Result<[UInt8], Diagnostic> {
        let path = objectPath(digest)
        if let problem = ContainedPath(root: folder).problem(with: path) { return .failure(ContainedPath.refusal(path, problem)) }
        guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            return .failure(Diagnostic(.archiveFileMissing, "the archived file \(digest) is missing", at: .point(path, line: 1, column: 1),
                                       notes: ["run 'policyc verify'; restore the archive from version control"]))
        }
        let actual = Self.digest(bytes)
        guard actual == digest else {
            return .failure(Diagnostic(.archiveFileChanged, "this archived file was changed after its release", at: .point(path, line: 1, column: 1),
                                       notes: ["recorded SHA-256 \(digest)", "its bytes now hash to \(actual)",
                                               "a released version is never rewritten; restore it from version control"]))
        }
        return .success(bytes)
    }
}
