import Foundation
import PolicyMarkup
import PolicyModel

/// The check that a path policyc writes or reads lies inside its folder (output/, archive/):
/// below it by plain names only, and through no symbolic link.
///
/// Paths are built from data (ids and versions from sources, the archive index); those are
/// validated where they are read (`PathNames`), and this is the last check before the file
/// system, so a mistake in one reader cannot write elsewhere. A link inside the folder is refused
/// rather than followed: a link at `archive/objects/ab` would put released files anywhere on the
/// machine. The folder itself may be a link (`-o /mnt/site`): that is the user's own choice.
public struct ContainedPath: Sendable {
    public let root: String

    public init(root: String) {
        // "out/" and "out" are the same folder; "/" stays "/".
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// Why `path` may not be written or read inside `root`, or nil when it may.
    public func problem(with path: String) -> String? {
        let prefix = root == "/" ? "/" : root + "/"
        guard path.hasPrefix(prefix) else { return "it lies outside \(root)/" }
        var current = root == "/" ? "" : root
        for name in path.dropFirst(prefix.count).split(separator: "/") {
            if name == "." || name == ".." { return "it would leave \(root)/ through '\(name)'" }
            current += "/" + name
            var status = stat()
            guard lstat(current, &status) == 0 else { return nil }  // nothing there yet: nothing to follow
            if status.st_mode & S_IFMT == S_IFLNK {
                return "'\(current)' is a symbolic link; policyc does not follow links inside \(root)/: replace it with the folder or file itself"
            }
        }
        return nil
    }

    /// What an entry of a folder is, as `lstat` sees it.
    enum Kind { case file, folder, link, other }

    /// A folder's entries, sorted, each with its kind as `lstat` sees it (links not followed).
    static func entries(of folder: String) -> [(name: String, kind: Kind)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().map { name in
            var status = stat()
            guard lstat(folder + "/" + name, &status) == 0 else { return (name, .other) }
            switch status.st_mode & S_IFMT {
            case S_IFREG: return (name, .file)
            case S_IFDIR: return (name, .folder)
            case S_IFLNK: return (name, .link)
            default: return (name, .other)
            }
        }
    }

    /// The refusal as a diagnostic located at `path`.
    public static func refusal(_ path: String, _ reason: String) -> Diagnostic {
        Diagnostic(.unsafePath, "refused to use '\(path)': \(reason)", at: .point(path, line: 1, column: 1))
    }
}

extension OutputWriter.WriteError {
    /// The error as a diagnostic at its path: a refusal (a link, a path outside) is the user's to
    /// fix (exit 1); anything else is the machine's (exit 70).
    var diagnostic: Diagnostic {
        refused ? ContainedPath.refusal(path, reason) : Diagnostic(.unreadableFile, description, at: .point(path, line: 1, column: 1))
    }

    var exitCode: Int32 { refused ? ExitStatus.checkFailed : ExitStatus.internalError }
}
