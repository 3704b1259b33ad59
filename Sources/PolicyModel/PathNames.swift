/// The rules for a policy's id and version, the two values that become parts of file names
/// (`manifests/<id>.json`, `html/archive/<id>/<version>.html`, `changes/<id>/<from>..<to>.json`).
///
/// They are data, never trusted: a front matter, an archive index or a manifest could say
/// `../../escape`. Every place that reads one checks it here, so nothing outside the output or
/// archive folder can be named, and no name is longer than the file system takes (255 bytes a
/// name on Linux, with room left for the suffixes and the writer's temporary names).
public enum PathNames {
    /// The longest id, in characters (all ASCII, so bytes too).
    public static let maximumIDLength = 100
    /// The longest version: a change file is named by two of them.
    public static let maximumVersionLength = 64

    /// Why `id` cannot be a policy id, in words for whoever wrote it; nil when it can.
    ///
    /// Lowercase ASCII words joined by '-', '_' or '.', optionally in '/'-separated groups
    /// (`github-cookies/2021-01-06`): each group is one folder or file name, never empty,
    /// hidden, '.' or '..'.
    public static func idProblem(_ id: String) -> String? {
        if id.count > maximumIDLength {
            return "this id is \(id.count) characters long; a policy id has at most \(maximumIDLength)"
        }
        let segments = id.split(separator: "/", omittingEmptySubsequences: false)
        let valid = segments.allSatisfy { segment in
            isPlainSegment(segment) && segment.utf8.allSatisfy { isLowercaseWordByte($0) }
        }
        return valid ? nil : "'\(id)' cannot be a policy id; use lowercase letters, digits, '-', '_' and '.'"
    }

    /// Why `version` cannot be a version, or nil: one file name of letters, digits, '.', '-'
    /// and '_', not hidden and not '..'.
    public static func versionProblem(_ version: String) -> String? {
        if version.count > maximumVersionLength {
            return "this version is \(version.count) characters long; a version has at most \(maximumVersionLength)"
        }
        let valid = isPlainSegment(Substring(version))
            && version.utf8.allSatisfy { isLowercaseWordByte($0) || (0x41...0x5A).contains($0) }
        return valid ? nil : "'\(version)' cannot be a version; use letters, digits, '.', '-' and '_'"
    }

    /// Whether `path` is a relative path of plain names (no '..', '.', empty or hidden part,
    /// not absolute), so that it stays inside whatever folder it is joined to.
    public static func isPlainRelativePath(_ path: String) -> Bool {
        !path.isEmpty && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy(isPlainSegment)
    }

    /// A name that stays where it is put: not empty, not hidden (which also rules out '.' and
    /// '..'), no separator or control character.
    private static func isPlainSegment(_ segment: Substring) -> Bool {
        !segment.isEmpty && !segment.hasPrefix(".") && segment.utf8.count <= 255
            && segment.utf8.allSatisfy { $0 >= 0x20 && $0 != UInt8(ascii: "/") && $0 != 0x7F }
    }

    /// a–z, 0–9, '-', '_', '.'.
    private static func isLowercaseWordByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
}
