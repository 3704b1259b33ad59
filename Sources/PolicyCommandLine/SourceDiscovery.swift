import Foundation
import PolicyMarkup
import PolicyModel

/// A policy source found on disk, with what it needs to compile.
public struct PolicySource: Sendable {
    public init(path: String, relativePath: String, fallbackID: String, projectRoot: String?) {
        self.path = path
        self.relativePath = relativePath
        self.fallbackID = fallbackID
        self.projectRoot = projectRoot
    }

    /// The path as the user will read it in diagnostics.
    public var path: String
    /// The path relative to the folder that was named, as manifests record it.
    public var relativePath: String
    /// The id to use when the front matter gives none.
    public var fallbackID: String
    /// The project (folder holding vocabulary.yaml) the file belongs to, if any.
    public var projectRoot: String?
}

/// Finds policy sources under the paths given on the command line.
///
/// A folder holding `vocabulary.yaml` is a policies project: its `*/policy.md` files are
/// annotated policies. Any other folder is walked for `.md` files (plain Markdown).
public enum SourceDiscovery {
    static let vocabularyFile = "vocabulary.yaml"

    public struct Found: Sendable {
        public var sources: [PolicySource] = []
        public var diagnostics: [Diagnostic] = []
    }

    public static func discover(_ paths: [String]) -> Found {
        var found = Found()
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                found.diagnostics.append(Diagnostic(
                    .unreadableFile, "'\(path)' does not exist", at: .point(path, line: 1, column: 1),
                    notes: ["run policyc from the folder that holds '\(path)', or give its full path"]))
                continue
            }
            if !isDirectory.boolValue {
                let url = URL(fileURLWithPath: path)
                let folder = url.deletingLastPathComponent()
                let project = projectRoot(containing: folder.path)
                // A file named alone is identified with its folder, as versions of one document
                // share file-name patterns across folders.
                let relative = folder.lastPathComponent.isEmpty ? url.lastPathComponent : folder.lastPathComponent + "/" + url.lastPathComponent
                found.sources.append(PolicySource(
                    path: path, relativePath: relative,
                    fallbackID: fallbackID(relativePath: relative, folderName: folder.lastPathComponent),
                    projectRoot: project))
                continue
            }
            let isProject = fileManager.fileExists(atPath: (path as NSString).appendingPathComponent(vocabularyFile))
            guard let enumerator = fileManager.enumerator(atPath: path) else {
                found.diagnostics.append(Diagnostic(.unreadableFile, "cannot list the folder '\(path)'", at: .point(path, line: 1, column: 1)))
                continue
            }
            var relativePaths: [String] = []
            while let relative = enumerator.nextObject() as? String {
                guard relative.hasSuffix(".md"), !relative.hasSuffix("README.md") else { continue }
                if isProject && !relative.hasSuffix("/policy.md") { continue }
                relativePaths.append(relative)
            }
            for relative in relativePaths.sorted() {
                let components = relative.split(separator: "/")
                let folderName = components.count >= 2 ? String(components[components.count - 2]) : ""
                found.sources.append(PolicySource(
                    path: (path as NSString).appendingPathComponent(relative), relativePath: relative,
                    fallbackID: fallbackID(relativePath: relative, folderName: folderName),
                    projectRoot: isProject ? path : nil))
            }
        }
        if found.sources.isEmpty, found.diagnostics.isEmpty, let first = paths.first {
            found.diagnostics.append(Diagnostic(.noPolicySources, "no Markdown policy found in '\(first)'", at: .point(first, line: 1, column: 1)))
        }
        return found
    }

    /// `sunmi-devices/policy.md` → `sunmi-devices`; `github-cookies/2021-01-06_ab.md` → `github-cookies/2021-01-06_ab`.
    static func fallbackID(relativePath: String, folderName: String) -> String {
        let stem = String(relativePath.dropLast(3))
        if !folderName.isEmpty, relativePath.split(separator: "/").last == "policy.md" {
            return folderName
        }
        return stem
    }

    /// The nearest folder at or above `folder` that holds vocabulary.yaml: a policy's own
    /// project, however deep in it the file stands (`policies/<id>/drafts/2020/policy.md`).
    static func projectRoot(containing folder: String) -> String? {
        var candidate = (URL(fileURLWithPath: folder).path as NSString).standardizingPath
        while true {
            if FileManager.default.fileExists(atPath: (candidate as NSString).appendingPathComponent(vocabularyFile)) { return candidate }
            let parent = (candidate as NSString).deletingLastPathComponent
            guard !parent.isEmpty, parent != candidate else { return nil }
            candidate = parent
        }
    }
}
