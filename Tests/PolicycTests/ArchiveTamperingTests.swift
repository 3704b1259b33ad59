import Foundation
import PolicyCommandLine
import PolicyMarkup
import Testing

/// `policyc verify` on a copy of the committed archive, edited by hand as an attacker (or a
/// careless person) would: every edit is caught, and named. The cases, one test each:
///
/// The records (archive/index.json)
///  1. a release's title edited             15. a release duplicated as it is
///  2. its released day edited              16. a release duplicated under a new version, with
///  3. its kind of change edited                every hash recomputed
///  4. its version edited                   17. a release deleted from the middle
///  5. its source edited                    18. the last release deleted
///  6. its effective date edited            19. two releases swapped
///  7. its previous version edited          20. the head edited
///  8. its id edited                        21. the index cut short
///  9. a file's digest edited               22. the index put back in the unchained format
/// 10. a file renamed                       23. a version that climbs out ("../../…")
/// 11. an extra file name at an existing    24. an id that climbs out
///     object's digest                      25. a digest that is a path
/// 12. a file name removed                  26. a file name that climbs out
/// 13. a decision added                     27. index.json a symbolic link
/// 14. a record's hash edited               28. index.json deleted, the objects left
///
/// The objects (archive/objects/)
/// 29. an object deleted                    34. objects/<xx> a symbolic link
/// 30. an object edited                     35. objects/ a symbolic link
/// 31. a device notice edited               36. an unknown file in archive/
/// 32. an extra object                      37. an unknown folder in archive/
/// 33. an object replaced by a symbolic     38. an empty folder in objects/
///     link (to the same bytes)             39. an object filed under the wrong folder
///                                          40. a leftover temporary file in objects/<xx>
@Suite struct ArchiveTamperingTests {
    /// A copy of the committed archive, to tamper with.
    struct Copy {
        let folder: TemporaryFolder
        var path: String { folder.path + "/archive" }
        var indexPath: String { path + "/index.json" }
        var archive: Archive { Archive(folder: path) }

        init() throws {
            folder = try TemporaryFolder()
            try FileManager.default.copyItem(at: Paths.archive, to: URL(fileURLWithPath: path))
        }

        /// The index as JSON, edited and written back.
        func editIndex(_ change: (inout [String: Any]) throws -> Void) throws {
            var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: indexPath))) as? [String: Any])
            try change(&root)
            try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: indexPath))
        }

        /// The list of records, edited and written back.
        func editReleases(_ change: (inout [[String: Any]]) throws -> Void) throws {
            try editIndex { root in
                var releases = try #require(root["releases"] as? [[String: Any]])
                try change(&releases)
                root["releases"] = releases
            }
        }

        /// One record (0-based), edited.
        func editRelease(_ number: Int, _ change: (inout [String: Any]) -> Void) throws {
            try editReleases { change(&$0[number]) }
        }

        /// The digest of a file of a release (0-based).
        func digest(_ number: Int, _ name: String) throws -> String {
            try #require(try archive.releases().get()[number].files[name])
        }

        func objectPath(_ digest: String) -> String { path + "/objects/" + digest.prefix(2) + "/" + digest }

        /// What verify finds: the codes, in order, and every message.
        func verify() -> (ids: Set<DiagnosticID>, messages: String) {
            let found = archive.verify().filter { $0.severity == .error }
            return (Set(found.map(\.id)), found.map(\.description).joined(separator: "\n"))
        }
    }

    /// Runs `tamper` on a fresh copy and expects verify to report exactly `expected`, with a
    /// message containing `naming`.
    func expectCaught(_ expected: Set<DiagnosticID>, naming: String, sourceLocation: Testing.SourceLocation = #_sourceLocation,
                      _ tamper: (Copy) throws -> Void) throws {
        let copy = try Copy()
        defer { copy.folder.cleanUp() }
        try tamper(copy)
        let found = copy.verify()
        #expect(found.ids == expected, "\(found.messages)", sourceLocation: sourceLocation)
        #expect(found.messages.contains(naming), "\(found.messages)", sourceLocation: sourceLocation)
    }

    // Release 3 (0-based) is sunmi-devices 2020-03-03.2, the minor change after release 0.
    static let devicesSecond = 3

    @Test func theCommittedArchiveAndAnUntouchedCopyVerify() throws {
        #expect(Archive(folder: Paths.archive.path).verify().isEmpty)
        let copy = try Copy()
        defer { copy.folder.cleanUp() }
        try copy.editIndex { _ in }  // rewritten in another layout, same content
        #expect(copy.archive.verify().isEmpty)
    }

    // MARK: - The records

    @Test func editedTitle() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its title as 'Privacy Policy'") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["title"] = "Privacy Policy" }
        }
    }

    @Test func editedReleasedDay() throws {
        try expectCaught([.archiveRecordChanged], naming: "the record of sunmi-devices version 2020-03-03.2 was edited") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["released"] = "2019-01-01" }
        }
    }

    @Test func editedChange() throws {
        try expectCaught([.archiveRecordChanged], naming: "was edited after its release") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["change"] = "unchanged" }
        }
    }

    @Test func editedVersion() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its version as '2020-03-04', its archived manifest as '2020-03-03.2'") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["version"] = "2020-03-04" }
        }
    }

    @Test func editedSource() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its source as 'other/policy.md'") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["source"] = "other/policy.md" }
        }
    }

    @Test func editedEffectiveDate() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its effective as '2021-01-01'") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["effective"] = "2021-01-01" }
        }
    }

    @Test func editedPreviousVersion() throws {
        try expectCaught([.archiveRecordChanged], naming: "names 2019 as the one before it, but the release before it is 2020-03-03") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["previousVersion"] = "2019" }
        }
    }

    @Test func editedID() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its id as 'sunmi-cameras'") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["id"] = "sunmi-cameras" }
        }
    }

    @Test func editedDigest() throws {
        let other = try Copy().digest(1, "policy.html")
        try expectCaught([.archiveRecordChanged, .archiveFileUnexpected], naming: "was edited after its release") { copy in
            try copy.editRelease(Self.devicesSecond) { var files = $0["files"] as! [String: String]; files["policy.html"] = other; $0["files"] = files }
        }
    }

    @Test func renamedFile() throws {
        try expectCaught([.archiveRecordChanged], naming: "lists 'page.html', a file no release archives") { copy in
            try copy.editRelease(Self.devicesSecond) { release in
                var files = release["files"] as! [String: String]
                files["page.html"] = files.removeValue(forKey: "policy.html")
                release["files"] = files
            }
        }
    }

    @Test func extraFileNameAtAnExistingDigest() throws {
        try expectCaught([.archiveRecordChanged], naming: "sunmi-devices version 2020-03-03.2 was edited") { copy in
            try copy.editRelease(Self.devicesSecond) { release in
                var files = release["files"] as! [String: String]
                files["notices/extra.txt"] = files["policy.html"]
                release["files"] = files
            }
        }
    }

    @Test func removedFileName() throws {
        try expectCaught([.archiveRecordChanged, .archiveFileUnexpected], naming: "lists no redline.html") { copy in
            try copy.editRelease(Self.devicesSecond) { release in
                var files = release["files"] as! [String: String]
                files["redline.html"] = nil
                release["files"] = files
            }
        }
    }

    @Test func addedDecision() throws {
        try expectCaught([.archiveRecordChanged], naming: "was edited after its release") { copy in
            try copy.editRelease(Self.devicesSecond) {
                $0["reviewed"] = [["change": "c-000000000000", "decision": "minor", "reason": "nobody read it", "summary": "x"]]
            }
        }
    }

    @Test func editedRecordHash() throws {
        try expectCaught([.archiveRecordChanged, .archiveChainBroken], naming: "the record it was made after is no longer in the index") { copy in
            try copy.editRelease(1) { $0["record"] = String(repeating: "a", count: 64) }
        }
    }

    @Test func duplicatedRelease() throws {
        try expectCaught([.versionAlreadyReleased, .archiveChainBroken, .archiveRecordChanged], naming: "is recorded twice") { copy in
            try copy.editReleases { $0.append($0[Self.devicesSecond]) }
        }
    }

    /// The strongest edit: a release copied under a new version, and the whole chain and head
    /// recomputed as policyc would. The record then disagrees with its own archived manifest.
    @Test func duplicatedUnderANewVersionWithEveryHashRecomputed() throws {
        try expectCaught([.archiveRecordChanged], naming: "gives its version as '2021-01-01', its archived manifest as '2020-03-03.2'") { copy in
            var releases = try copy.archive.releases().get()
            var forged = releases[Self.devicesSecond]
            forged.version = "2021-01-01"
            forged.previousVersion = "2020-03-03.2"
            releases = Archive.chained(releases + [forged])
            try copy.editIndex { root in
                root["head"] = releases.last!.record!
                var entries = root["releases"] as! [[String: Any]]
                var entry = entries[Self.devicesSecond]
                entry["version"] = forged.version
                entry["previousVersion"] = forged.previousVersion
                entry["previousRecord"] = releases.last!.previousRecord!
                entry["record"] = releases.last!.record!
                entries.append(entry)
                root["releases"] = entries
            }
        }
    }

    @Test func deletedReleaseFromTheMiddle() throws {
        try expectCaught([.archiveChainBroken, .archiveRecordChanged, .archiveFileUnexpected], naming: "a record was removed") { copy in
            try copy.editReleases { $0.remove(at: 1) }
        }
    }

    @Test func deletedLastRelease() throws {
        try expectCaught([.archiveChainBroken, .archiveFileUnexpected], naming: "the index's head is not its last record") { copy in
            try copy.editReleases { $0.removeLast() }
        }
    }

    @Test func swappedReleases() throws {
        try expectCaught([.archiveChainBroken], naming: "records were moved") { copy in
            try copy.editReleases { $0.swapAt(1, 2) }
        }
    }

    @Test func editedHead() throws {
        try expectCaught([.archiveChainBroken], naming: "the index's head is not its last record") { copy in
            try copy.editIndex { $0["head"] = String(repeating: "0", count: 64) }
        }
    }

    @Test func truncatedIndex() throws {
        try expectCaught([.malformedArchiveIndex], naming: "is it cut short?") { copy in
            let bytes = try Data(contentsOf: URL(fileURLWithPath: copy.indexPath))
            try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: copy.indexPath))
        }
    }

    @Test func indexPutBackUnchained() throws {
        try expectCaught([.archiveNotChained], naming: "written before release records were chained") { copy in
            try copy.editIndex { root in
                root["schemaVersion"] = 1
                root["head"] = nil
                root["releases"] = (root["releases"] as! [[String: Any]]).map { $0.filter { $0.key != "record" && $0.key != "previousRecord" } }
            }
        }
    }

    @Test func versionThatClimbsOut() throws {
        try expectCaught([.malformedArchiveIndex], naming: "'../../../../../../escape-demo/evil.sh' cannot be a version") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["version"] = "../../../../../../escape-demo/evil.sh" }
        }
    }

    @Test func idThatClimbsOut() throws {
        try expectCaught([.malformedArchiveIndex], naming: "'../../escape-demo' cannot be a policy id") { copy in
            try copy.editRelease(Self.devicesSecond) { $0["id"] = "../../escape-demo" }
        }
    }

    @Test func digestThatIsAPath() throws {
        try expectCaught([.malformedArchiveIndex], naming: "the digest of policy.html is not 64 lowercase hexadecimal digits") { copy in
            try copy.editRelease(Self.devicesSecond) { var files = $0["files"] as! [String: String]; files["policy.html"] = "../../../etc/passwd"; $0["files"] = files }
        }
    }

    @Test func fileNameThatClimbsOut() throws {
        try expectCaught([.malformedArchiveIndex], naming: "'../policy.html' cannot be the name of an archived file") { copy in
            try copy.editRelease(Self.devicesSecond) { var files = $0["files"] as! [String: String]; files["../policy.html"] = files["policy.html"]; $0["files"] = files }
        }
    }

    @Test func indexIsASymbolicLink() throws {
        try expectCaught([.unsafePath], naming: "a symbolic link in the archive") { copy in
            let elsewhere = copy.folder.path + "/index.json"
            try FileManager.default.moveItem(atPath: copy.indexPath, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: copy.indexPath, withDestinationPath: elsewhere)
        }
    }

    @Test func indexDeleted() throws {
        try expectCaught([.archiveFileMissing], naming: "the archive holds released files but no index.json") { copy in
            try FileManager.default.removeItem(atPath: copy.indexPath)
        }
    }

    // MARK: - The objects

    @Test func objectDeleted() throws {
        try expectCaught([.archiveFileMissing], naming: "policy.html of sunmi-devices version 2020-03-03.2 is missing") { copy in
            try FileManager.default.removeItem(atPath: copy.objectPath(try copy.digest(Self.devicesSecond, "policy.html")))
        }
    }

    @Test func objectEdited() throws {
        try expectCaught([.archiveFileChanged], naming: "source.md of sunmi-devices version 2020-03-03.2 was changed after its release") { copy in
            try Data("We sell your data.".utf8).write(to: URL(fileURLWithPath: copy.objectPath(try copy.digest(Self.devicesSecond, "source.md"))))
        }
    }

    @Test func deviceNoticeEdited() throws {
        try expectCaught([.archiveFileChanged], naming: "notices/handheld.txt of sunmi-devices version 2020-03-03.2 was changed") { copy in
            let path = copy.objectPath(try copy.digest(Self.devicesSecond, "notices/handheld.txt"))
            try (try Data(contentsOf: URL(fileURLWithPath: path)) + Data(" ".utf8)).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func extraObject() throws {
        try expectCaught([.archiveFileUnexpected], naming: "no release lists it") { copy in
            let bytes = Array("stray".utf8)
            let digest = Archive.digest(bytes)
            try FileManager.default.createDirectory(atPath: copy.path + "/objects/" + digest.prefix(2), withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: copy.objectPath(digest)))
        }
    }

    @Test func objectReplacedByASymbolicLinkToTheSameBytes() throws {
        try expectCaught([.unsafePath], naming: "a symbolic link in the archive") { copy in
            let path = copy.objectPath(try copy.digest(Self.devicesSecond, "policy.html"))
            let elsewhere = copy.folder.path + "/page"
            try FileManager.default.moveItem(atPath: path, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        }
    }

    @Test func objectFolderIsASymbolicLink() throws {
        try expectCaught([.unsafePath], naming: "a symbolic link in the archive") { copy in
            let folder = copy.path + "/objects/" + (try copy.digest(Self.devicesSecond, "policy.html")).prefix(2)
            let elsewhere = copy.folder.path + "/outside"
            try FileManager.default.moveItem(atPath: folder, toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: folder, withDestinationPath: elsewhere)
        }
    }

    @Test func objectsIsASymbolicLink() throws {
        try expectCaught([.unsafePath], naming: "a symbolic link in the archive") { copy in
            let elsewhere = copy.folder.path + "/outside"
            try FileManager.default.moveItem(atPath: copy.path + "/objects", toPath: elsewhere)
            try FileManager.default.createSymbolicLink(atPath: copy.path + "/objects", withDestinationPath: elsewhere)
        }
    }

    @Test func unknownFileInTheArchive() throws {
        try expectCaught([.archiveFileUnexpected], naming: "the archive holds only index.json and objects/") { copy in
            try Data("notes".utf8).write(to: URL(fileURLWithPath: copy.path + "/README.txt"))
        }
    }

    @Test func unknownFolderInTheArchive() throws {
        try expectCaught([.archiveFileUnexpected], naming: "this folder is in the archive but is not part of it") { copy in
            try FileManager.default.createDirectory(atPath: copy.path + "/drafts", withIntermediateDirectories: true)
        }
    }

    @Test func emptyFolderInObjects() throws {
        try expectCaught([.archiveFileUnexpected], naming: "this folder of the archive is empty") { copy in
            try FileManager.default.createDirectory(atPath: copy.path + "/objects/ff", withIntermediateDirectories: true)
        }
    }

    @Test func objectUnderTheWrongFolder() throws {
        try expectCaught([.archiveFileUnexpected, .archiveFileMissing], naming: "is not an object") { copy in
            let digest = try copy.digest(Self.devicesSecond, "policy.html")
            let wrong = digest.hasPrefix("00") ? "01" : "00"
            try FileManager.default.createDirectory(atPath: copy.path + "/objects/" + wrong, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: copy.objectPath(digest), toPath: copy.path + "/objects/" + wrong + "/" + digest)
            // Its own folder may now be empty; another object keeps it from being so.
            if (try FileManager.default.contentsOfDirectory(atPath: copy.path + "/objects/" + digest.prefix(2))).isEmpty {
                try Data("x".utf8).write(to: URL(fileURLWithPath: copy.path + "/objects/" + digest.prefix(2) + "/x"))
            }
        }
    }

    @Test func leftoverTemporaryFile() throws {
        try expectCaught([.archiveFileUnexpected], naming: "is not an object") { copy in
            let digest = try copy.digest(Self.devicesSecond, "policy.html")
            try Data("half".utf8).write(to: URL(fileURLWithPath: copy.path + "/objects/" + digest.prefix(2) + "/.\(digest).123.tmp"))
        }
    }
}
