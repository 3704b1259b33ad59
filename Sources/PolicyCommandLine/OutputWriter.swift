import Foundation

/// Writes output files so that a reader never sees half a file, a failed build changes nothing,
/// and unchanged files keep their modification time.
///
/// Files are *staged* (written to a hidden temporary file beside their target) while the build
/// still runs, then *committed* (renamed over their targets) only when it succeeded, or
/// *discarded*. Staging overlaps the slow part of writing (creating files) with compiling.
public struct OutputWriter: Sendable {
    public struct WriteError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        /// The path was refused (outside the folder, or through a symbolic link), not failed.
        public var refused = false
        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// A file that is ready to be committed.
    public enum StagedFile: Sendable {
        /// The target already holds exactly these bytes; nothing to do.
        case unchanged(path: String)
        /// The bytes are in `temporary`, waiting to be renamed to `path`.
        /// `createdFolders` are the folders staging had to create, innermost last.
        case staged(temporary: String, path: String, createdFolders: [String])

        public var path: String {
            switch self {
            case .unchanged(let path), .staged(_, let path, _): path
            }
        }
    }

    public struct Summary: Sendable {
        public var written = 0
        public var unchanged = 0
    }

    /// The folder every path must lie in (see `ContainedPath`); nil for none.
    public var folder: ContainedPath?

    public init(inside folder: String? = nil) {
        self.folder = folder.map(ContainedPath.init(root:))
    }

    /// Refuses a path outside the writer's folder or through a symbolic link inside it.
    public func check(_ path: String) throws(WriteError) {
        if let problem = folder?.problem(with: path) { throw WriteError(path: path, reason: problem, refused: true) }
    }

    /// Writes `bytes` to a temporary file beside `path`, unless `path` already holds them.
    public func stage(_ bytes: [UInt8], to path: String) throws(WriteError) -> StagedFile {
        try check(path)
        let folder = Self.parent(of: path)
        var createdFolders: [String] = []
        var missing = folder
        while !missing.isEmpty, missing != "/", access(missing, F_OK) != 0 {
            createdFolders.insert(missing, at: 0)
            missing = Self.parent(of: missing)
        }
        // In a folder that does not exist yet there is no old file to compare with.
        if createdFolders.isEmpty, Self.file(at: path, holds: bytes) {
            return .unchanged(path: path)
        }
        if !createdFolders.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw WriteError(path: path, reason: "cannot create the folder '\(folder)'")
            }
        }
        let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.utf8.index(after: $0)...]) } ?? path
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid()).tmp"
        // O_EXCL, not O_TRUNC: on ext4 a truncated file renamed into place is flushed to disk at
        // once (auto_da_alloc), which made writing 3,200 outputs take seconds instead of a tenth.
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        if descriptor < 0, errno == EEXIST {
            // Left behind by a process that died with our pid; nobody else writes this name.
            unlink(temporary)
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let complete = bytes.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count <= 0 { return false }
                offset += count
            }
            return true
        }
        let reason = complete ? "" : String(cString: strerror(errno))
        close(descriptor)
        guard complete else {
            unlink(temporary)
            throw WriteError(path: path, reason: reason)
        }
        return .staged(temporary: temporary, path: path, createdFolders: createdFolders)
    }

    /// The folder part of a path ("" for a bare name), without NSString's normalisation.
    static func parent(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Whether the file at `path` holds exactly `bytes` (false when it does not exist).
    static func file(at path: String, holds bytes: [UInt8]) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, Int(status.st_size) == bytes.count else { return false }
        var existing = [UInt8](repeating: 0, count: bytes.count)
        var offset = 0
        while offset < bytes.count {
            let count = existing.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            guard count > 0 else { return false }
            offset += count
        }
        return existing == bytes
    }

    /// Renames every staged file over its target. A rename within one folder is atomic.
    public func commit(_ files: [StagedFile]) throws(WriteError) -> Summary {
        var summary = Summary()
        for file in files {
            switch file {
            case .unchanged:
                summary.unchanged += 1
            case .staged(let temporary, let path, _):
                guard rename(temporary, path) == 0 else {
                    let reason = String(cString: strerror(errno))
                    discard(files)
                    throw WriteError(path: path, reason: reason)
                }
                summary.written += 1
            }
        }
        return summary
    }

    /// Removes the temporary files of a build that failed, and the folders it created for them
    /// (only if empty: `rmdir` never removes anything else).
    public func discard(_ files: [StagedFile]) {
        var folders: Set<String> = []
        for case .staged(let temporary, _, let createdFolders) in files {
            unlink(temporary)
            folders.formUnion(createdFolders)
        }
        // Deepest first, so a parent is empty by the time it is removed.
        for folder in folders.sorted(by: { $0.count > $1.count }) { rmdir(folder) }
    }
}
