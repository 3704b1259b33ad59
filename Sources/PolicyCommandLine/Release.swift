import Foundation
import PolicyDiff
import PolicyEmit
import PolicyMarkup
import PolicyModel

/// `policyc release ID`: freeze the current version of a policy in the archive.
///
/// The version is compared with the last released one. A change policyc leaves for review is
/// refused until the front matter's `reviewed:` decides it, by its change id, minor or major. A
/// major change (by the old version's update clause, then the law profile, or so decided) is
/// refused unless the new front matter declares its `notice:` on every channel the update clause
/// promises; a released version is never replaced.
/// The archived files are the source, the manifest, the page (rendered for its place in the
/// published archive), the device notices, the diff against the previous version and, for a
/// major change, the notice texts: in full and sized for every device profile.
public struct Release {
    public var id: String
    public var policiesFolder: String
    public var archiveFolder: String
    public var templatesFolder: String
    public var outputFolder: String
    /// The release day, YYYY-MM-DD.
    public var date: String
    public var profile: LawProfile
    /// Compare and gate, but archive and write nothing: what the legal team runs first.
    public var dryRun: Bool

    public init(id: String, policiesFolder: String = "policies", archiveFolder: String = "archive", templatesFolder: String = "templates",
                outputFolder: String = "output", date: String, profile: LawProfile = .pipl, dryRun: Bool = false) {
        self.id = id
        self.policiesFolder = policiesFolder
        self.archiveFolder = archiveFolder
        self.templatesFolder = templatesFolder
        self.outputFolder = outputFolder
        self.date = date
        self.profile = profile
        self.dryRun = dryRun
    }

    public struct Report: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var released: Archive.Release?
        public var diff: PolicyDiffReport?
        /// The decisions in `reviewed:` that decided a change for review (also when dry-running).
        public var reviewed: [Archive.ReviewedChange] = []
        public var exitCode: Int32 = ExitStatus.success
    }

    public func run() -> Report {
        var report = Report()
        func fail(_ diagnostic: Diagnostic, code: Int32 = ExitStatus.checkFailed) -> Report {
            report.diagnostics.append(diagnostic)
            report.exitCode = code
            return report
        }
        let settings = ProjectSettingsLocator.settings(for: [policiesFolder], explicit: nil)
        report.diagnostics += settings.diagnostics
        let site: HTMLSite
        switch HTMLSite.load(templates: templatesFolder) {
        case .success(let loaded): site = loaded
        case .failure(let diagnostic): return fail(diagnostic)
        }
        var compiler = Compiler()
        let compiled = compiler.compile([policiesFolder])
        report.diagnostics += compiled.diagnostics
        if compiled.hasErrors || settings.diagnostics.contains(where: { $0.severity == .error }) {
            report.exitCode = compiled.hadUnreadableInput ? ExitStatus.unreadableInput : ExitStatus.checkFailed
            return report
        }
        guard let current = compiled.policies.first(where: { $0.policy.metadata.id == id }) else {
            return fail(Diagnostic(
                .unknownPolicyID, "no policy in \(policiesFolder)/ has the id '\(id)'", at: .point(policiesFolder, line: 1, column: 1),
                notes: [DiagnosticNote("ids: " + compiled.policies.map(\.policy.metadata.id).sorted().joined(separator: ", "))]))
        }
        let metadata = current.policy.metadata
        let archive = Archive(folder: archiveFolder)
        let releases: [Archive.Release]
        switch archive.releases() {
        case .failure(let diagnostic): return fail(diagnostic)
        case .success(let loaded): releases = loaded
        }
        // A new record is chained to the last: only onto an archive that still proves itself.
        let problems = archive.verify().filter { $0.severity == .error }
        guard problems.isEmpty else {
            report.diagnostics += problems
            return fail(Diagnostic(.archiveChainBroken, "the archive does not verify, so nothing can be released into it",
                                   at: .point(archive.indexPath, line: 1, column: 1),
                                   notes: ["'policyc verify' lists the problems above; restore the archive from version control"]))
        }
        // The front matter's reader has checked that the version can name files.
        guard let version = metadata.version else {
            return fail(Diagnostic(.missingMetadataField, "a release needs the front matter's 'version'", at: metadata.range))
        }
        if let existing = releases.first(where: { $0.id == id && $0.version == version }) {
            return fail(Diagnostic(
                .versionAlreadyReleased, "version \(version) of '\(id)' was released on \(existing.released) and cannot be released again",
                at: metadata.range,
                notes: ["a released version is never overwritten; give the new text a new 'version:' in the front matter"]))
        }

        // The archived page and redline stand in html/archive/<id>/, two folders (and the id's)
        // below the HTML root.
        let pageRoot = String(repeating: "../", count: 2 + id.count { $0 == "/" })

        // The change since the last release, and the gate on it.
        var files: [(name: String, bytes: [UInt8])] = []
        var change = "first"
        var decided: PolicyDiffReport?
        let previous = releases.last { $0.id == id }
        if previous == nil {
            report.diagnostics += metadata.reviewed.map { ReviewGate.stale($0, why: "this is the policy's first release: there is nothing to decide") }
        }
        if let previous {
            guard let digest = previous.files["source.md"], let bytes = archive.contents(of: digest) else {
                return fail(Diagnostic(.archiveFileMissing, "the source of \(id) version \(previous.version) is missing from the archive",
                                       at: .point(archive.indexPath, line: 1, column: 1), notes: ["run 'policyc verify'"]))
            }
            // The old text is compiled where the current one stands, with today's vocabulary.
            var oldSource = current.source
            oldSource.path = "\(archiveFolder)/\(id)@\(previous.version)/source.md"
            let old = compiler.compile(text: String(decoding: bytes, as: UTF8.self), as: oldSource)
            guard let oldPolicy = old.policies.first, !old.hasErrors else {
                report.diagnostics += old.diagnostics
                report.exitCode = ExitStatus.checkFailed
                return report
            }
            let diff = PolicyDiff.compare(oldPolicy.policy, current.policy, profile: profile, labels: compiler.vocabularyItemLabels)
            report.diff = diff
            // Every change for review needs a person's decision; the decided severities are gated.
            let gate = ReviewGate(diff, metadata: metadata)
            report.diagnostics += gate.diagnostics
            let noticeProblem = gate.decided.verdict == .major
                ? Self.noticeProblem(metadata: metadata, clause: oldPolicy.policy.updateClause, diff: gate.decided) : nil
            report.diagnostics += [noticeProblem].compactMap { $0 }
            if noticeProblem != nil || gate.diagnostics.contains(where: { $0.severity == .error }) {
                report.exitCode = ExitStatus.checkFailed
                return report
            }
            decided = gate.decided
            report.reviewed = gate.applied
            change = gate.decided.verdict == .unchanged ? "unchanged" : gate.decided.verdict.rawValue
            if gate.decided.verdict == .major {
                files += Self.noticeFiles(metadata.notice!, policy: current.policy, diff: gate.decided, profiles: settings.settings.profiles)
            }
            // The diff as policyc made it; the decisions stand beside it in the index.
            files.append(("diff.json", DiffReportRenderer.json(diff).serialized()))
            // The redline is published beside the archived page.
            files.append(("redline.html", site.redline(diff, root: pageRoot)))
        }

        // A dry run stops here: the diff is made and the gate passed; nothing is archived.
        if dryRun { return report }

        let outputs = Build.outputs(of: current, site: site, profiles: settings.settings.profiles, pageRoot: pageRoot)
        // The archived source must be the text that was compiled, diffed and gated.
        guard let source = FileManager.default.contents(atPath: current.source.path),
              Archive.digest([UInt8](source)) == current.policy.source.sha256 else {
            return fail(Diagnostic(.unreadableFile, "the source changed or became unreadable while it was being released; release again",
                                   at: .point(current.source.path, line: 1, column: 1)),
                        code: ExitStatus.unreadableInput)
        }
        files += [("source.md", [UInt8](source)), ("manifest.json", outputs.manifest), ("policy.html", outputs.page)]
        files += outputs.notices.map { ("notices/" + $0.name, $0.bytes) }
        let release = Archive.Release(
            id: id, version: version, title: metadata.title, updated: metadata.updated, effective: metadata.effective,
            released: date, source: current.source.relativePath, previousVersion: previous?.version, change: change,
            files: Dictionary(uniqueKeysWithValues: files.map { ($0.name, Archive.digest($0.bytes)) }), reviewed: report.reviewed)
        // The device change file is staged first, so a folder it cannot be written to stops the
        // release before the archive changes; it is put in place once the archive holds the release.
        let writer = OutputWriter(inside: outputFolder)
        var changesFile: OutputWriter.StagedFile?
        if let previous, let decided {
            let path = "\(outputFolder)/changes/\(id)/\(previous.version)..\(version).json"
            do {
                changesFile = try writer.stage(Self.deviceChanges(decided, notice: metadata.notice, reviewed: report.reviewed).serialized(), to: path)
            } catch {
                return fail(error.diagnostic, code: error.exitCode)
            }
        }
        let recorded: Archive.Release
        do {
            recorded = try archive.add(release, files: files, to: releases)
        } catch {
            if let changesFile { writer.discard([changesFile]) }
            return fail(error.diagnostic, code: error.exitCode)
        }
        if let changesFile {
            do {
                _ = try writer.commit([changesFile])
            } catch {
                // The release is in the archive; only the device file is missing.
                report.released = recorded
                return fail(Diagnostic(.unreadableFile, error.description + "; the release is archived, the device change file is not written",
                                       at: .point(changesFile.path, line: 1, column: 1)), code: ExitStatus.internalError)
            }
        }
        report.released = recorded
        return report
    }

    /// What a device reads to decide whether to ask the user again: the verdict and the changes
    /// that are major, with the notice's text, and the decisions on the changes for review. The
    /// diff is the decided one: a change decided major counts as major.
    static func deviceChanges(_ diff: PolicyDiffReport, notice: ChangeNotice?, reviewed: [Archive.ReviewedChange]) -> JSON {
        .object([
            "schemaVersion": .int(1),
            "id": .string(diff.new.id),
            "from": .optional(diff.old.version), "to": .optional(diff.new.version),
            "verdict": .string(diff.verdict.rawValue),
            "askAgain": .bool(diff.verdict == .major),
            "notice": diff.verdict == .major ? notice.map { .object(["channels": .array($0.channels.map(JSON.string)), "text": .string($0.text)]) } ?? .null : .null,
            "changes": .array(diff.changes.filter { $0.severity == .major }.map { change in
                .object(["subject": .string(change.subject.rawValue), "kind": .string(change.kind.rawValue),
                         "id": .optional(change.id), "summary": .string(change.summary), "reason": .string(change.reason)])
            }),
            "reviewed": .array(reviewed.map(\.json)),
        ])
    }

    /// Why a major change may not be released yet, if it may not: no `notice:`, or one that
    /// leaves out a channel the update clause promises.
    static func noticeProblem(metadata: Metadata, clause: UpdateClause?, diff: PolicyDiffReport) -> Diagnostic? {
        let required = clause?.notificationChannels.map(\.id) ?? []
        let majors = diff.changes.filter { $0.severity == .major }
        var notes: [DiagnosticNote] = majors.prefix(5).map { "major: \($0.summary) (\($0.reason))" }
        if majors.count > 5 { notes.append("… and \(majors.count - 5) more; 'policyc diff' lists them all") }
        guard let notice = metadata.notice else {
            notes.append("declare the notice in the front matter:\nnotice:\n  channels: [\((required.isEmpty ? ["e-mail"] : required).joined(separator: ", "))]\n  text: \"We have changed …\"")
            return Diagnostic(
                .majorChangeWithoutNotice, "this version makes \(majors.count) major change\(majors.count == 1 ? "" : "s") and declares no notice to users",
                at: metadata.range, notes: notes)
        }
        let missing = required.filter { !notice.channels.contains($0) }
        guard missing.isEmpty else {
            notes.append("the update clause promises notice by: \(required.joined(separator: ", "))")
            return Diagnostic(
                .majorChangeWithoutNotice, "the notice leaves out \(missing.joined(separator: ", ")), which the update clause promises for a major change",
                at: notice.range, notes: notes)
        }
        return nil
    }

    /// The notice as users receive it: the full text with the major changes listed, and a
    /// version for each device profile's screen or printer.
    static func noticeFiles(_ notice: ChangeNotice, policy: Policy, diff: PolicyDiffReport, profiles: [DeviceProfile]) -> [(name: String, bytes: [UInt8])] {
        let majors = diff.changes.filter { $0.severity == .major }
        var full = "\(policy.metadata.title)\n\(notice.text)\n"
        full += "\nWhat changed:\n" + majors.map { "- \($0.summary)\n" }.joined()
        full += "\nChannels: \(notice.channels.joined(separator: ", "))\n"
        var files: [(name: String, bytes: [UInt8])] = [("notice/full.txt", Array(full.utf8))]
        for profile in profiles {
            let wrapper = TextWrapper(width: profile.columns)
            var lines = wrapper.wrap(policy.metadata.title) + [""] + wrapper.wrap(notice.text)
            if let rows = profile.rows, lines.count > rows { lines = Array(lines.prefix(rows - 1)) + [wrapper.wrap("… see the full notice").first ?? "…"] }
            files.append(("notice/profiles/\(profile.id).txt", Array((lines.joined(separator: "\n") + "\n").utf8)))
        }
        return files
    }
}
