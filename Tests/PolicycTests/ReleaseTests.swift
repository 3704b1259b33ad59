import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// `policyc release` and `policyc verify` on a copy of the project: the archive grows by
/// releases only, refuses a change for review no one has decided and a major change without its
/// notice, records the decisions, and notices any tampering.
@Suite struct ReleaseTests {
    /// A copy of policies/ and templates/ with an empty archive beside them.
    struct Workspace {
        let folder: TemporaryFolder
        var policies: String { folder.path + "/policies" }
        var archive: String { folder.path + "/archive" }
        var output: String { folder.path + "/output" }

        /// With `committedArchive`, the repository's archive/ is copied too.
        init(committedArchive: Bool = false) throws {
            folder = try TemporaryFolder()
            for name in ["policies", "templates"] + (committedArchive ? ["archive"] : []) {
                try FileManager.default.copyItem(at: Paths.repository.appendingPathComponent(name), to: folder.url.appendingPathComponent(name))
            }
        }

        func release(_ id: String = "sunmi-devices", dryRun: Bool = false) -> Release.Report {
            Release(id: id, policiesFolder: policies, archiveFolder: archive, templatesFolder: folder.path + "/templates",
                    outputFolder: output, date: "2026-11-25", dryRun: dryRun).run()
        }

        func edit(_ id: String = "sunmi-devices", _ change: (String) -> String) throws {
            let path = policies + "/\(id)/policy.md"
            try Data(change(try String(contentsOfFile: path, encoding: .utf8)).utf8).write(to: URL(fileURLWithPath: path))
        }

        /// Releases the cameras' first version, then capitalises a word as version 2020-03-03.3:
        /// a minor change.
        func minorChange() throws {
            _ = release("sunmi-intelligent-cameras")
            try edit("sunmi-intelligent-cameras") {
                $0.replacingOccurrences(of: "robbery prevention", with: "Robbery prevention").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-03-03.3")
            }
        }

        /// Releases the first version, then adds a sentence to section III that policyc cannot
        /// classify, as version 2020-06-01; returns the id of that one change for review.
        func changeForReview() throws -> String {
            _ = release()
            try edit {
                $0.replacingOccurrences(of: "expressly by laws.", with: "expressly by laws. We will conclude agreements with our suppliers.")
                    .replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-06-01")
            }
            let changes = release(dryRun: true).diff?.changes.filter { $0.severity == .review } ?? []
            #expect(changes.count == 1, "\(changes.map(\.summary))")
            return try #require(changes.first).stableID
        }

        /// Adds these lines under `reviewed:` to the front matter.
        func decide(_ entries: String, in id: String = "sunmi-devices") throws {
            try edit(id) { $0.replacingOccurrences(of: "locale: en\n", with: "locale: en\nreviewed:\n" + entries) }
        }

        /// One entry of `reviewed:`.
        static func decision(_ change: String, _ decision: String, reason: String, by: String? = nil) -> String {
            "  - change: \(change)\n    decision: \(decision)\n    reason: \"\(reason)\"\n" + (by.map { "    by: \($0)\n" } ?? "")
        }

        /// `changeForReview()`, decided in the front matter; returns the change id.
        func decideChangeForReview(_ decision: String, reason: String, by: String? = nil) throws -> String {
            let change = try changeForReview()
            try decide(Self.decision(change, decision, reason: reason, by: by))
            return change
        }

        var index: Data {
            get throws { try Data(contentsOf: URL(fileURLWithPath: archive + "/index.json")) }
        }

        func changeFile(_ name: String) throws -> [String: Any] {
            let data = try Data(contentsOf: URL(fileURLWithPath: output + "/changes/sunmi-devices/" + name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    @Test func firstReleaseArchivesEveryOutputAndVerifies() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let report = workspace.release()
        let released = try #require(report.released, "\(report.diagnostics.map(\.description))")
        #expect(released.change == "first")
        #expect(Set(released.files.keys).isSuperset(of: ["source.md", "manifest.json", "policy.html", "notices/handheld.txt"]))
        // The archived source is the source, byte for byte, under its digest.
        let archive = Archive(folder: workspace.archive)
        let source = try #require(archive.contents(of: released.files["source.md"]!))
        #expect(source == [UInt8](try Data(contentsOf: URL(fileURLWithPath: workspace.policies + "/sunmi-devices/policy.md"))))
        #expect(archive.verify().isEmpty)
    }

    @Test func aReleasedVersionIsNeverReleasedAgain() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        let index = try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json"))
        let again = workspace.release()
        #expect(again.released == nil)
        #expect(again.diagnostics.map(\.id).contains(.versionAlreadyReleased))
        #expect(again.exitCode == ExitStatus.checkFailed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json")) == index, "the index was rewritten")
    }

    @Test func aMajorChangeNeedsItsNoticeOnEveryPromisedChannel() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-509", with: "400-6666-510").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-06-01") }
        let refused = workspace.release()
        #expect(refused.released == nil)
        #expect(refused.diagnostics.contains { $0.id == .majorChangeWithoutNotice && $0.message.contains("declares no notice") })

        try workspace.edit { $0.replacingOccurrences(of: "version: 2020-06-01", with: "version: 2020-06-01\nnotice:\n  channels: [e-mail]\n  text: \"Our hotline is now 400-6666-510.\"") }
        let partial = workspace.release()
        #expect(partial.released == nil)
        #expect(partial.diagnostics.contains { $0.id == .majorChangeWithoutNotice && $0.message.contains("short-message") })

        try workspace.edit { $0.replacingOccurrences(of: "channels: [e-mail]", with: "channels: [e-mail, short-message, special-tip-on-the-browsing-page]") }
        // The contact fact explains the changed paragraph: nothing is left to a person.
        #expect(partial.diff?.changes.contains { $0.severity == .review } == false)
        let released = try #require(workspace.release().released)
        #expect(released.change == "major")
        #expect(released.files["notice/full.txt"] != nil)
        #expect(released.files["notice/profiles/handheld.txt"] != nil)
        let json = try workspace.changeFile("2020-03-03.2..2020-06-01.json")
        #expect(json["askAgain"] as? Bool == true)
        #expect(json["verdict"] as? String == "major")
        // The handheld notice fits its screen.
        let archive = Archive(folder: workspace.archive)
        let handheld = String(decoding: try #require(archive.contents(of: released.files["notice/profiles/handheld.txt"]!)), as: UTF8.self)
        #expect(handheld.split(separator: "\n", omittingEmptySubsequences: false).dropLast().count <= 16)
        #expect(handheld.split(separator: "\n").allSatisfy { $0.count <= 40 })
    }

    /// What the legal team runs first: the changes since the last release and the gate's
    /// answer, with nothing archived or written.
    @Test func aDryRunComparesAndGatesButWritesNothing() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = workspace.release()
        let index = try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json"))
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-509", with: "400-6666-510").replacingOccurrences(of: "version: 2020-03-03.2", with: "version: 2020-06-01") }
        let refused = workspace.release(dryRun: true)
        #expect(refused.exitCode == ExitStatus.checkFailed)
        #expect(refused.diagnostics.contains { $0.id == .majorChangeWithoutNotice })
        try workspace.edit { $0.replacingOccurrences(of: "400-6666-510", with: "400-6666-509").replacingOccurrences(of: "collect your mobile", with: "collect  your mobile") }
        let passing = workspace.release(dryRun: true)
        #expect(passing.exitCode == ExitStatus.success, "\(passing.diagnostics)")
        #expect(passing.released == nil)
        #expect(passing.diff?.verdict != .major)
        #expect(try Data(contentsOf: URL(fileURLWithPath: workspace.archive + "/index.json")) == index, "a dry run archived something")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/changes"))
    }

    @Test func aMinorChangeIsReleasedWithoutNotice() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        try workspace.minorChange()
        let released = try #require(workspace.release("sunmi-intelligent-cameras").released)
        #expect(released.change == "minor")
        #expect(released.previousVersion == "2020-03-03.2")
        #expect(released.files["redline.html"] != nil)
    }

    // MARK: - Changes for review

    @Test func aChangeForReviewIsRefusedUntilAPersonDecidesIt() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let change = try workspace.changeForReview()
        let index = try workspace.index
        for dryRun in [true, false] {
            let refused = workspace.release(dryRun: dryRun)
            #expect(refused.exitCode == ExitStatus.checkFailed)
            #expect(refused.released == nil)
            let undecided = refused.diagnostics.filter { $0.id == .unreviewedChange }
            #expect(undecided.count == 1, "\(refused.diagnostics)")
            #expect(undecided.first?.message.contains(change) == true)
            #expect(undecided.first?.message.contains("text changed in “III.How Do We Share") == true)
        }
        #expect(try workspace.index == index, "a refused release archived something")
        #expect(!FileManager.default.fileExists(atPath: workspace.output + "/changes"))
    }

    @Test func aChangeDecidedMinorIsReleasedAndTheDecisionRecorded() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let change = try workspace.decideChangeForReview("minor", reason: "restates the NDA clause", by: "Li Wei (legal)")
        let report = workspace.release()
        let released = try #require(report.released, "\(report.diagnostics)")
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(released.change == "minor")
        let decision = ["change": change, "decision": "minor", "reason": "restates the NDA clause", "by": "Li Wei (legal)",
                        "summary": "text changed in “III.How Do We Share, Transfer and Publicly Disclose Your Personal Information”"]
        func fields(_ recorded: Archive.ReviewedChange) -> [String: String] {
            ["change": recorded.change, "decision": recorded.decision.rawValue, "reason": recorded.reason, "by": recorded.by ?? "", "summary": recorded.summary]
        }
        #expect(released.reviewed.map(fields) == [decision])
        // The index keeps it, an older record without decisions reads as none, and verify passes.
        let archive = Archive(folder: workspace.archive)
        #expect(try archive.releases().get().map { $0.reviewed.map(fields) } == [[], [decision]])
        #expect(archive.verify().isEmpty)
        let file = try workspace.changeFile("2020-03-03.2..2020-06-01.json")
        #expect(file["verdict"] as? String == "minor")
        #expect(file["askAgain"] as? Bool == false)
        #expect(file["reviewed"] as? [[String: String]] == [decision])
    }

    @Test func aChangeDecidedMajorNeedsTheNotice() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        _ = try workspace.decideChangeForReview("major", reason: "suppliers are new recipients")
        let refused = workspace.release()
        #expect(refused.released == nil)
        #expect(refused.diagnostics.map(\.id) == [.majorChangeWithoutNotice], "\(refused.diagnostics)")
        #expect(refused.diagnostics.first?.notes.first?.message.contains("decided major: suppliers are new recipients") == true)

        try workspace.edit {
            $0.replacingOccurrences(of: "locale: en\n", with: "locale: en\nnotice:\n  channels: [e-mail, short-message, special-tip-on-the-browsing-page]\n  text: \"We now conclude agreements with our suppliers.\"\n")
        }
        let released = try #require(workspace.release().released)
        #expect(released.change == "major")
        #expect(released.reviewed.map(\.decision) == [.major])
        let file = try workspace.changeFile("2020-03-03.2..2020-06-01.json")
        #expect(file["verdict"] as? String == "major")
        #expect(file["askAgain"] as? Bool == true)
        #expect((file["changes"] as? [[String: Any]])?.map { $0["subject"] as? String } == ["text"])
    }

    @Test func aStaleDecisionIsOnlyAWarning() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        try workspace.minorChange()
        try workspace.decide(Workspace.decision("c-000000000000", "minor", reason: "decided for the draft"), in: "sunmi-intelligent-cameras")
        let report = workspace.release("sunmi-intelligent-cameras")
        #expect(report.exitCode == ExitStatus.success)
        #expect(report.diagnostics.map(\.id) == [.staleReviewDecision])
        #expect(report.diagnostics.map(\.severity) == [.warning])
        let released = try #require(report.released)
        #expect(released.change == "minor")
        #expect(released.reviewed.isEmpty)
    }

    @Test func malformedDecisionsAreLocatedErrorsAndNothingIsReleased() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let change = try workspace.changeForReview()
        let index = try workspace.index
        try workspace.decide("  - decision: minor\n    reason: \"no id\"\n  - change: \(change)\n    decision: fine\n    reason: \"\"\n")
        let refused = workspace.release()
        #expect(refused.released == nil)
        let malformed = refused.diagnostics.filter { $0.id == .malformedReviewDecision }
        #expect(malformed.map(\.range.start.line) == [10, 13], "\(refused.diagnostics)")
        #expect(malformed.allSatisfy { $0.severity == .error && $0.range.file.hasSuffix("sunmi-devices/policy.md") })
        #expect(try workspace.index == index)
    }

    @Test func verifyFindsChangedMissingAndExtraFiles() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let released = try #require(workspace.release().released)
        let archive = Archive(folder: workspace.archive)
        let manifest = workspace.archive + "/objects/" + released.files["manifest.json"]!.prefix(2) + "/" + released.files["manifest.json"]!
        let page = workspace.archive + "/objects/" + released.files["policy.html"]!.prefix(2) + "/" + released.files["policy.html"]!
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: manifest))
        handle.seekToEndOfFile()
        handle.write(Data(" ".utf8))
        try handle.close()
        try FileManager.default.removeItem(atPath: page)
        try Data("stray".utf8).write(to: URL(fileURLWithPath: workspace.archive + "/objects/stray"))
        let found = archive.verify()
        // The stray file, and the page's folder if removing the page left it empty.
        #expect(Set(found.map(\.id)) == [.archiveFileChanged, .archiveFileMissing, .archiveFileUnexpected])
        #expect(found.contains { $0.range.file.hasSuffix("objects/stray") })
        #expect(found.allSatisfy { $0.severity == .error })
    }

    @Test func oneReleaseAtATimeAndNeverAgainstAStaleIndex() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        let first = try #require(workspace.release().released)
        let archive = Archive(folder: workspace.archive)
        // Another release holds the lock.
        FileManager.default.createFile(atPath: archive.lockPath, contents: nil)
        let locked = workspace.release("sunmi-intelligent-cameras")
        #expect(locked.released == nil)
        #expect(locked.diagnostics.contains { $0.message.contains("another release is running") })
        #expect(archive.verify().map(\.severity) == [.warning])
        try FileManager.default.removeItem(atPath: archive.lockPath)
        // A release prepared against an index that has since changed is refused, and adds nothing.
        var stale = first
        stale.version = "0"
        #expect(throws: OutputWriter.WriteError.self) {
            try archive.add(stale, files: [("source.md", Array("x".utf8))], to: [])
        }
        #expect(try archive.releases().get() == [first])
        #expect(archive.verify().isEmpty)
    }

    @Test func aMalformedIndexIsReported() throws {
        let workspace = try Workspace()
        defer { workspace.folder.cleanUp() }
        try FileManager.default.createDirectory(atPath: workspace.archive, withIntermediateDirectories: true)
        try Data("{\"releases\": 3}".utf8).write(to: URL(fileURLWithPath: workspace.archive + "/index.json"))
        #expect(Archive(folder: workspace.archive).verify().map(\.id) == [.malformedArchiveIndex])
        #expect(workspace.release().diagnostics.map(\.id).contains(.malformedArchiveIndex))
    }
}
