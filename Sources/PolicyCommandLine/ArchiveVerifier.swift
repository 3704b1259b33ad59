import Foundation
import PolicyMarkup

extension Archive {
    /// Every record, digest, name and path: the records still form their chain and agree with
    /// their own manifests, every listed file is present with its digest, and the archive holds
    /// nothing else (no unknown file, empty folder or symbolic link). Each problem names what is
    /// wrong and where.
    public func verify() -> [Diagnostic] {
        var verifier = ArchiveVerifier(archive: self)
        verifier.run()
        return verifier.diagnostics.sortedByLocation()
    }
}

/// The checks of `Archive.verify()`, one method a kind of check.
struct ArchiveVerifier {
    let archive: Archive
    var diagnostics: [Diagnostic] = []
    /// What the folder holds: the object files found where they belong, by digest.
    private var objectFiles: Set<String> = []
    /// Object paths already reported as links (themselves or their folder).
    private var linkedObjects: Set<String> = []
    /// objects/ itself is a link (reported): what it holds is not looked at.
    private var objectsLinked = false

    init(archive: Archive) {
        self.archive = archive
    }

    mutating func run() {
        guard listFolder() else {
            // An index that is a link is reported as one.
            if !objectFiles.isEmpty, !FileManager.default.fileExists(atPath: archive.indexPath) {
                report(.archiveFileMissing, "the archive holds released files but no index.json", at: archive.indexPath,
                       notes: ["restore archive/index.json from version control"])
            }
            return
        }
        let index: Archive.Index
        switch archive.readIndex() {
        case .failure(let diagnostic): return diagnostics.append(diagnostic)
        case .success(let read): index = read
        }
        checkChain(index)
        checkHistory(index)
        let listed = checkFiles(index)
        for digest in objectFiles.subtracting(listed).sorted() {
            report(.archiveFileUnexpected, "this file is in the archive but no release lists it", at: archive.objectPath(digest),
                   notes: ["objects are added by 'policyc release' only"])
        }
    }

    // MARK: - The records

    /// Each record hashes to its recorded hash and names the record before it; the head is the last.
    private mutating func checkChain(_ index: Archive.Index) {
        guard index.schemaVersion >= Archive.chainedSchemaVersion else {
            return report(.archiveNotChained, "this index was written before release records were chained, so edits to it cannot be detected",
                          at: archive.indexPath, notes: ["run 'policyc migrate-archive' once to chain it; every release is kept as it is"])
        }
        let hashes = index.releases.map(\.record)
        for (number, release) in index.releases.enumerated() {
            let place = record(index, number)
            let actual = Archive.recordHash(release)
            if release.record != actual {
                report(.archiveRecordChanged, "the record of \(name(release)) was edited after its release", at: place,
                       notes: ["recorded SHA-256 \(release.record ?? "(none)")", "the record now hashes to \(actual)",
                               "a release record is never edited; restore archive/index.json from version control"])
            }
            let expected = number == 0 ? nil : index.releases[number - 1].record
            guard release.previousRecord != expected else { continue }
            let why: String
            if let previous = release.previousRecord, let found = hashes.firstIndex(of: previous) {
                why = "it was recorded after \(name(index.releases[found])), which now stands elsewhere: records were moved"
            } else if release.previousRecord == nil {
                why = "it was recorded as the first release, yet records stand before it: records were inserted"
            } else {
                why = "the record it was made after is no longer in the index: a record was removed"
            }
            report(.archiveChainBroken, "the record of \(name(release)) does not follow the one before it: \(why)", at: place,
                   notes: ["records are only ever appended by 'policyc release'; restore archive/index.json from version control"])
        }
        if index.head != hashes.last ?? nil {
            let why = index.head.flatMap { hashes.firstIndex(of: $0) }.map { "records after \(name(index.releases[$0])) were added by hand" }
                ?? "the last record it names is no longer in the index: records were removed from the end, or the head was edited"
            report(.archiveChainBroken, "the index's head is not its last record: \(why)", at: archive.indexPath,
                   notes: ["head: \(index.head ?? "(none)")", "last record: \(hashes.last.flatMap { $0 } ?? "(none)")"])
        }
    }

    /// Each version once; each record's previous version and kind of change agree with the
    /// records before it; each lists the files a release archives, and no other.
    private mutating func checkHistory(_ index: Archive.Index) {
        var seen: [String: Int] = [:]
        var lastVersion: [String: String] = [:]
        for (number, release) in index.releases.enumerated() {
            let place = record(index, number)
            if let first = seen["\(release.id)\n\(release.version)"] {
                report(.versionAlreadyReleased, "\(name(release)) is recorded twice", at: place,
                       notes: [DiagnosticNote("first recorded here", at: record(index, first))])
            }
            seen["\(release.id)\n\(release.version)", default: number] = number
            if release.previousVersion != lastVersion[release.id] {
                report(.archiveRecordChanged, "the record of \(name(release)) names \(release.previousVersion ?? "no version") as the one before it, "
                       + "but the release before it is \(lastVersion[release.id] ?? "none")", at: place)
            }
            lastVersion[release.id] = release.version
            let expectedChanges = release.previousVersion == nil ? ["first"] : ["unchanged", "minor", "major"]
            if !expectedChanges.contains(release.change) {
                report(.archiveRecordChanged, "the record of \(name(release)) gives its change as '\(release.change)', "
                       + "which is not one of \(expectedChanges.joined(separator: ", "))", at: place)
            }
            let required = ["source.md", "manifest.json", "policy.html"] + (release.previousVersion == nil ? [] : ["diff.json", "redline.html"])
            for file in required where release.files[file] == nil {
                report(.archiveRecordChanged, "the record of \(name(release)) lists no \(file)", at: place)
            }
            for file in release.files.keys.sorted() where !Self.isArchivedName(file) {
                report(.archiveRecordChanged, "the record of \(name(release)) lists '\(file)', a file no release archives", at: place)
            }
        }
    }

    /// The names a release gives its files (`Release.run`).
    static func isArchivedName(_ name: String) -> Bool {
        let fixed: Set<String> = ["source.md", "manifest.json", "policy.html", "diff.json", "redline.html", "notice/full.txt"]
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return fixed.contains(name)
            || (parts.count == 2 && parts[0] == "notices" && parts[1].hasSuffix(".txt"))
            || (parts.count == 3 && parts[0] == "notice" && parts[1] == "profiles" && parts[2].hasSuffix(".txt"))
    }

    // MARK: - The files

    /// Every listed file present and intact, and each manifest agreeing with its record.
    /// Returns the digests the records list.
    private mutating func checkFiles(_ index: Archive.Index) -> Set<String> {
        var listed: Set<String> = []
        var intact: [String: [UInt8]?] = [:]
        for (number, release) in index.releases.enumerated() {
            for (name, digest) in release.files.sorted(by: { $0.key < $1.key }) {
                listed.insert(digest)
                let path = archive.objectPath(digest)
                guard !objectsLinked, !linkedObjects.contains(path) else { continue }
                guard objectFiles.contains(digest) else {
                    report(.archiveFileMissing, "\(name) of \(self.name(release)) is missing (\(path))", at: record(index, number),
                           notes: ["restore the archive from version control"])
                    continue
                }
                if intact[digest] == nil { intact[digest] = readIntact(digest, name: name, release: release) }
                if name == "manifest.json", let manifest = intact[digest] ?? nil {
                    checkManifest(manifest, of: release, at: record(index, number))
                }
            }
        }
        return listed
    }

    /// The object's bytes, or nil (reported) when they no longer hash to their name.
    private mutating func readIntact(_ digest: String, name: String, release: Archive.Release) -> [UInt8]? {
        let path = archive.objectPath(digest)
        guard let bytes = FileManager.default.contents(atPath: path).map({ [UInt8]($0) }) else {
            report(.archiveFileMissing, "\(name) of \(self.name(release)) cannot be read", at: path)
            return nil
        }
        let actual = Archive.digest(bytes)
        guard actual == digest else {
            report(.archiveFileChanged, "\(name) of \(self.name(release)) was changed after its release", at: path,
                   notes: ["recorded SHA-256 \(digest)", "its bytes now hash to \(actual)", "a released version is never rewritten; restore it from version control"])
            return nil
        }
        return bytes
    }

    /// The record states what its manifest, hashed with the files, says of the policy: an edited
    /// title, version or source is caught even in a record whose hashes were recomputed.
    private mutating func checkManifest(_ bytes: [UInt8], of release: Archive.Release, at place: SourceRange) {
        let root = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
        let policy = root?["policy"] as? [String: Any] ?? [:]
        let source = root?["source"] as? [String: Any] ?? [:]
        let pairs: [(field: String, recorded: String?, manifest: Any?)] = [
            ("id", release.id, policy["id"]), ("version", release.version, policy["version"]), ("title", release.title, policy["title"]),
            ("updated", release.updated, policy["updated"]), ("effective", release.effective, policy["effective"]),
            ("source", release.source, source["path"]), ("source.md", release.files["source.md"], source["sha256"]),
        ]
        for pair in pairs where pair.recorded != (pair.manifest as? String) {
            report(.archiveRecordChanged, "the record of \(name(release)) gives its \(pair.field) as '\(pair.recorded ?? "none")', "
                   + "its archived manifest as '\((pair.manifest as? String) ?? "none")'", at: place)
        }
    }

    // MARK: - The folder

    /// Lists the archive without following a link: index.json, objects/<2 hex>/<digest>, and a
    /// lock; anything else is reported. Returns whether there is an index to read.
    private mutating func listFolder() -> Bool {
        var hasIndex = false
        for (name, kind) in ContainedPath.entries(of: archive.folder) {
            let path = archive.folder + "/" + name
            switch (name, kind) {
            case (_, .link):
                reportLink(path)
                objectsLinked = objectsLinked || name == "objects"
            case ("index.json", .file): hasIndex = true
            case ("objects", .folder): listObjects()
            case (".lock", .file):
                report(.archiveFileUnexpected, "a release is running, or one was interrupted", at: path, severity: .warning,
                       notes: ["if no release is running, delete this file"])
            default:
                report(.archiveFileUnexpected, "this \(kind == .folder ? "folder" : "file") is in the archive but is not part of it", at: path,
                       notes: ["the archive holds only index.json and objects/"])
            }
        }
        return hasIndex
    }

    private mutating func listObjects() {
        let objects = archive.folder + "/objects"
        let entries = ContainedPath.entries(of: objects)
        if entries.isEmpty { reportEmpty(objects) }
        for (prefix, kind) in entries {
            let folder = objects + "/" + prefix
            guard kind != .link else {
                reportLink(folder)
                linkedObjects.formUnion(ContainedPath.entries(of: folder).map { folder + "/" + $0.name })
                continue
            }
            guard kind == .folder, prefix.utf8.count == 2, Archive.isDigest(prefix + String(repeating: "0", count: 62)) else {
                report(.archiveFileUnexpected, "this is in the archive's objects but is not an object folder", at: folder,
                       notes: ["objects/ holds only folders named by the first two digits of their objects' digests"])
                continue
            }
            let files = ContainedPath.entries(of: folder)
            if files.isEmpty { reportEmpty(folder) }
            for (name, kind) in files {
                let path = folder + "/" + name
                if kind == .link {
                    reportLink(path)
                    linkedObjects.insert(path)
                } else if kind == .file, Archive.isDigest(name), name.hasPrefix(prefix) {
                    objectFiles.insert(name)
                } else {
                    report(.archiveFileUnexpected, "this is in the archive's objects but is not an object", at: path,
                           notes: ["an object is a file named by the SHA-256 of its bytes, in the folder of its first two digits"])
                }
            }
        }
    }

    private mutating func reportLink(_ path: String) {
        diagnostics.append(ContainedPath.refusal(path, "a symbolic link in the archive, which holds only its own files; it is not followed"))
    }

    private mutating func reportEmpty(_ path: String) {
        report(.archiveFileUnexpected, "this folder of the archive is empty", at: path, notes: ["'policyc release' leaves no empty folder; delete it"])
    }

    // MARK: - Reporting

    private func name(_ release: Archive.Release) -> String {
        "\(release.id) version \(release.version)"
    }

    private func record(_ index: Archive.Index, _ number: Int) -> SourceRange {
        .point(archive.indexPath, line: index.lines[number], column: 1)
    }

    private mutating func report(_ id: DiagnosticID, _ message: String, at place: SourceRange, notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(id, message, at: place, notes: notes))
    }

    private mutating func report(_ id: DiagnosticID, _ message: String, at path: String, severity: Severity? = nil, notes: [DiagnosticNote] = []) {
        diagnostics.append(Diagnostic(id, message, at: .point(path, line: 1, column: 1), severity: severity, notes: notes))
    }
}
