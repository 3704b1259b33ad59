import Foundation
import PolicyMarkup

/// Adding a release to the archive, and chaining an archive written before the chain.
extension Archive {
    public var lockPath: String { folder + "/.lock" }

    /// Adds a release: its files become objects (an object already present must hold the same
    /// bytes), then the index is rewritten with the release appended, chained to the last record.
    /// Nothing is replaced. Returns the release as recorded, with its hashes.
    ///
    /// One release at a time: `.lock` is created exclusively for the duration, and under it the
    /// index must still be the one the release was prepared against (`existing`), or the release
    /// is refused rather than losing the other one's entry. Objects reach the disk (fsync) before
    /// the index names them; when anything fails, the objects this release created are removed.
    /// No path is followed through a symbolic link inside the archive.
    @discardableResult
    public func add(_ release: Release, files: [(name: String, bytes: [UInt8])], to existing: [Release]) throws(OutputWriter.WriteError) -> Release {
        let writer = OutputWriter(inside: folder)
        try writer.check(lockPath)
        try createFolder()
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
        let all = existing + [Self.chain(release, after: existing.last?.record)]
        var staged: [OutputWriter.StagedFile] = []
        var created: [String] = []
        do throws(OutputWriter.WriteError) {
            var stored: Set<String> = []
            // Two files with the same bytes (two profiles' identical notices) are one object.
            for file in files where stored.insert(release.files[file.name]!).inserted {
                let path = objectPath(release.files[file.name]!)
                try writer.check(path)
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
            try writeIndex(all, with: writer)
        } catch {
            writer.discard(staged)
            for path in created { unlink(path) }
            throw error
        }
        return all.last!
    }

    /// Chains the records of an index written before the chain (schemaVersion 1): every field of
    /// every record is kept as it was, each gains the hash of the record before it and its own,
    /// and the index its head. Refused unless every archived file is present and intact, so the
    /// chain vouches only for what was released. Returns how many records were chained (none
    /// when the index is chained already) and what stopped it.
    public func migrate() -> (chained: Int, problems: [Diagnostic]) {
        let index: Index
        switch readIndex() {
        case .failure(let diagnostic): return (0, [diagnostic])
        case .success(let read): index = read
        }
        guard index.schemaVersion < Self.chainedSchemaVersion else { return (0, []) }
        let problems = verify().filter { $0.severity == .error && $0.id != .archiveNotChained }
        guard problems.isEmpty else { return (0, problems) }
        do {
            try writeIndex(Self.chained(index.releases), with: OutputWriter(inside: folder))
        } catch {
            return (0, [error.diagnostic])
        }
        return (index.releases.count, [])
    }

    private func writeIndex(_ releases: [Release], with writer: OutputWriter) throws(OutputWriter.WriteError) {
        _ = try writer.commit([try writer.stage(Self.index(releases).serialized(), to: indexPath)])
        Self.sync(indexPath)
        Self.sync(folder)
    }

    private func createFolder() throws(OutputWriter.WriteError) {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputWriter.WriteError(path: indexPath, reason: "cannot create the archive folder: \(error.localizedDescription)")
        }
    }

    /// Flushes a file or folder to the disk.
    private static func sync(_ path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
