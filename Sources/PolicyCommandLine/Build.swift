import Foundation
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// The build job: compile every policy and emit its manifest, HTML page and device notices;
/// write them only if nothing failed, each file atomically.
///
/// ```
/// output/manifests/<id>.json            output/html/<id>.html, index.html, policy.css
/// output/notices/<id>/<profile>.txt     output/notices/<id>/<profile>.short.txt
/// ```
public struct Build {
    public var paths: [String]
    public var outputFolder: String
    public var templatesFolder: String
    /// `policyc.yaml` to use; by default the one in the policies project, if any.
    public var settingsFile: String?

    /// The archive of released versions whose pages and redlines the site publishes; by default
    /// `archive/` beside the policies project, when there is one.
    public var archiveFolder: String?

    public init(paths: [String], outputFolder: String, templatesFolder: String = "templates", settingsFile: String? = nil, archiveFolder: String? = nil) {
        self.paths = paths
        self.outputFolder = outputFolder
        self.templatesFolder = templatesFolder
        self.settingsFile = settingsFile
        self.archiveFolder = archiveFolder
    }

    /// The archive named, or the one beside the first policies project among the paths.
    private func locateArchive() -> String? {
        if let archiveFolder { return archiveFolder }
        for path in paths {
            guard let root = SourceDiscovery.projectRoot(containing: path) else { continue }
            let candidate = ((root as NSString).deletingLastPathComponent as NSString).appendingPathComponent("archive")
            if FileManager.default.fileExists(atPath: candidate + "/index.json") { return candidate }
        }
        return nil
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var policyCount = 0
        public var written = 0
        public var unchanged = 0
        /// Outputs of policies that no longer exist, removed.
        public var removed = 0
        public var failure: String?
        public var exitCode: Int32 = ExitStatus.success
    }

    /// The output folders a build owns: files in them that the build did not produce are stale.
    static let ownedFolders = ["manifests", "html", "notices"]

    private func folder(_ name: String) -> String {
        Self.path(outputFolder, name)
    }

    /// `folder/name`; plain concatenation, as NSString's path methods normalise on every call.
    private static func path(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    public func run() -> Report {
        var report = Report()
        // A new output folder has nothing stale in it; walking it afterwards would only cost time.
        let outputExisted = FileManager.default.fileExists(atPath: outputFolder)
        let settings = ProjectSettingsLocator.settings(for: paths, explicit: settingsFile)
        report.diagnostics += settings.diagnostics
        let site: HTMLSite
        switch HTMLSite.load(templates: templatesFolder) {
        case .success(let loaded): site = loaded
        case .failure(let diagnostic):
            report.diagnostics.append(diagnostic)
            report.exitCode = diagnostic.id == .unreadableFile ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            report.failure = "build failed; nothing was written to \(outputFolder)/"
            return report
        }
        let profiles = settings.settings.profiles
        // Released versions: listed on each page, their archived pages and redlines published.
        var releases: [Archive.Release] = []
        let archive = locateArchive().map { Archive(folder: $0) }
        if let archive {
            switch archive.releases() {
            case .success(let loaded): releases = loaded
            case .failure(let diagnostic):
                report.diagnostics.append(diagnostic)
                report.exitCode = ExitStatus.checkFailed
                report.failure = "build failed; nothing was written to \(outputFolder)/"
                return report
            }
        }
        let versionsByID = Dictionary(grouping: releases, by: \.id)
        let (manifests, html, notices) = (folder("manifests"), folder("html"), folder("notices"))

        // Each policy's outputs are rendered and staged as soon as it compiles (the policy is then
        // dropped); staged files replace the old ones only if every policy compiled.
        let writer = OutputWriter(inside: outputFolder)
        var compiler = Compiler()
        let (result, outcomes) = compiler.compileEach(paths) { compiled -> Emitted in
            let id = compiled.policy.metadata.id
            let outputs = Self.outputs(of: compiled, site: site, profiles: profiles, versions: versionsByID[id] ?? [])
            let files: [(String, [UInt8])] = [
                (Self.path(manifests, id + ".json"), outputs.manifest),
                (Self.path(html, HTMLSite.pageName(for: id)), outputs.page),
            ] + outputs.notices.map { (Self.path(Self.path(notices, id), $0.name), $0.bytes) }
            return Emitted(entry: HTMLSite.IndexEntry(compiled.policy.metadata), staged: files.map { path, bytes in
                Result { () throws(OutputWriter.WriteError) in try writer.stage(bytes, to: path) }
            })
        }
        report.diagnostics += result.diagnostics
        report.policyCount = outcomes.count
        var staged = outcomes.flatMap { $0.staged.compactMap { try? $0.get() } }
        if result.hasErrors || settings.diagnostics.contains(where: { $0.severity == .error }) {
            writer.discard(staged)
            report.exitCode = result.hadUnreadableInput || settings.unreadable ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            report.failure = "build failed; nothing was written to \(outputFolder)/"
            return report
        }
        // Archived pages are published only as released: present, intact and reached through no link.
        var pages: [(path: String, bytes: [UInt8])] = []
        for (name, digest) in Self.archivedPages(releases) {
            // Releases are read only from an archive.
            guard let object = archive?.object(digest) else { break }
            switch object {
            case .success(let bytes): pages.append((Self.path(html, name), bytes))
            case .failure(let diagnostic):
                writer.discard(staged)
                report.diagnostics.append(diagnostic)
                report.exitCode = ExitStatus.checkFailed
                report.failure = "build failed; nothing was written to \(outputFolder)/"
                return report
            }
        }
        var stale = StaleFiles()
        do throws(OutputWriter.WriteError) {
            for outcome in outcomes { for file in outcome.staged { _ = try file.get() } }
            for page in pages { staged.append(try writer.stage(page.bytes, to: page.path)) }
            let entries = outcomes.map(\.entry).sorted(by: Self.indexOrder)
            staged.append(try writer.stage(site.index(entries), to: Self.path(html, "index.html")))
            staged.append(try writer.stage(site.stylesheet, to: Self.path(html, HTMLSite.stylesheetName)))
            // Found before anything is replaced, so that a link among the old files stops the build.
            if outputExisted { stale = try staleFiles(keeping: Set(staged.map(\.path))) }
            let summary = try writer.commit(staged)
            report.written = summary.written
            report.unchanged = summary.unchanged
        } catch {
            writer.discard(staged)
            report.diagnostics.append(error.diagnostic)
            report.failure = error.refused ? "build failed; nothing was written to \(outputFolder)/" : error.description
            report.exitCode = error.exitCode
            return report
        }
        report.removed = stale.remove()
        return report
    }

    /// What one policy compiles to: the build writes it to output/, a release to the archive.
    struct Outputs {
        var manifest: [UInt8]
        var page: [UInt8]
        /// `<profile>.txt` and `<profile>.short.txt` for every device profile.
        var notices: [(name: String, bytes: [UInt8])]
    }

    /// The published archive: each release's page as `archive/<id>/<version>.html` and its
    /// redline as `archive/<id>/<previous>..<version>.html`, by digest.
    static func archivedPages(_ releases: [Archive.Release]) -> [(name: String, digest: String)] {
        releases.flatMap { release -> [(name: String, digest: String)] in
            var pages: [(name: String, digest: String)] = []
            if let page = release.files["policy.html"] { pages.append(("archive/\(release.id)/\(release.version).html", page)) }
            if let redline = release.files["redline.html"], let previous = release.previousVersion {
                pages.append(("archive/\(release.id)/\(previous)..\(release.version).html", redline))
            }
            return pages
        }
    }

    /// `pageRoot` is the way from the page's folder back to the HTML root (for the stylesheet);
    /// by default the page stands in the root. `versions` are the policy's releases, listed on its page.
    static func outputs(of compiled: CompiledPolicy, site: HTMLSite, profiles: [DeviceProfile], pageRoot: String? = nil,
                        versions: [Archive.Release] = []) -> Outputs {
        let policy = compiled.policy
        var notices: [(name: String, bytes: [UInt8])] = []
        for (profile, full) in zip(profiles, NoticeRenderer.render(policy, profiles: profiles)) {
            notices.append((profile.id + ".txt", full.text))
            notices.append((profile.id + ".short.txt",
                            Array(ShortNoticeRenderer.render(policy, profile: profile, fullNoticePages: full.pageCount).utf8)))
        }
        return Outputs(
            manifest: ManifestEmitter.manifest(for: policy, sourcePath: compiled.source.relativePath).serialized(),
            page: site.page(for: policy, root: pageRoot, versions: versions.map { release in
                HTMLSite.ArchivedVersion(
                    version: release.version, effective: release.effective, released: release.released,
                    href: "archive/\(release.id)/\(release.version).html",
                    redlineHref: release.previousVersion.map { "archive/\(release.id)/\($0)..\(release.version).html" },
                    isCurrent: release.version == policy.metadata.version && release.source == compiled.source.relativePath)
            }), notices: notices)
    }

    /// The index lists policies by title, then id.
    static func indexOrder(_ lhs: HTMLSite.IndexEntry, _ rhs: HTMLSite.IndexEntry) -> Bool {
        (lhs.title, lhs.id) < (rhs.title, rhs.id)
    }

    /// What one policy produced: its index line and its staged files.
    struct Emitted: Sendable {
        var entry: HTMLSite.IndexEntry
        var staged: [Result<OutputWriter.StagedFile, OutputWriter.WriteError>]
    }

    /// The outputs whose policy (or profile) is gone, which would mislead consumers: the files
    /// in the folders the build owns that it did not produce, found without following a link.
    /// A link there is refused, as a build writes only real files and folders inside output/.
    private func staleFiles(keeping expected: Set<String>) throws(OutputWriter.WriteError) -> StaleFiles {
        var stale = StaleFiles()
        var pending = Self.ownedFolders.map(folder).filter { FileManager.default.fileExists(atPath: $0) }
        while let current = pending.popLast() {
            for (name, kind) in ContainedPath.entries(of: current) {
                // Joined as the staged paths were, so the two compare equal.
                let path = Self.path(current, name)
                switch kind {
                case .link:
                    throw OutputWriter.WriteError(path: path, reason: "it is a symbolic link; policyc does not follow links inside \(outputFolder)/: "
                                                  + "replace it with the folder or file itself", refused: true)
                case .folder:
                    pending.append(path)
                    stale.folders.append(path)
                case .file, .other: if !expected.contains(path) { stale.files.append(path) }
                }
            }
        }
        return stale
    }

    /// Stale outputs, removed once the new ones are in place.
    struct StaleFiles {
        var files: [String] = []
        /// Every folder walked below the owned ones: those the removal leaves empty go too.
        var folders: [String] = []

        /// Removes the files and then the folders left empty; returns how many files went.
        func remove() -> Int {
            let removed = files.filter { unlink($0) == 0 }.count
            for path in folders.sorted(by: { $0.count > $1.count }) { rmdir(path) }
            return removed
        }
    }
}

/// Finds the project settings (`policyc.yaml`) a build uses.
enum ProjectSettingsLocator {
    static let fileName = "policyc.yaml"

    struct Found {
        var settings = ProjectSettings()
        var diagnostics: [Diagnostic] = []
        var unreadable = false
    }

    /// The explicit file, else the `policyc.yaml` of the first policies project among the paths.
    /// Plain Markdown without settings gets no device notices.
    static func settings(for paths: [String], explicit: String?) -> Found {
        var candidates: [String] = []
        if let explicit {
            candidates = [explicit]
        } else {
            for path in paths {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { continue }
                let folder = isFolder.boolValue ? path : (path as NSString).deletingLastPathComponent
                if let root = SourceDiscovery.projectRoot(containing: folder) {
                    candidates.append((root as NSString).appendingPathComponent(fileName))
                }
            }
        }
        guard let file = candidates.first(where: { explicit != nil || FileManager.default.fileExists(atPath: $0) }) else { return Found() }
        switch SourceFile.load(path: file) {
        case .failure(let diagnostic):
            return Found(diagnostics: [diagnostic], unreadable: true)
        case .success(let source):
            let (settings, diagnostics) = ProjectSettings.load(yaml: source.text, file: file)
            return Found(settings: settings, diagnostics: diagnostics)
        }
    }
}
