import Foundation
import PolicyCommandLine
import PolicyDiff
import Testing

/// Which vocabulary a diff reads each file with: its project's (found upward), the one named
/// with `--vocabulary`, the other version's, or none, when annotations compare by their ids.
@Suite struct DiffVocabularyTests {
    static let edit = ("insert a SIM card into your device", "insert the SIM card into your device")

    /// The current sunmi-devices source and a copy with one article fixed, at `old` and `new` in `folder`.
    func writeVersions(in folder: TemporaryFolder, old: String, new: String) throws -> (old: String, new: String) {
        let source = try String(contentsOf: Paths.policies.appendingPathComponent("sunmi-devices/policy.md"), encoding: .utf8)
        let edited = source.replacingOccurrences(of: Self.edit.0, with: Self.edit.1)
        #expect(edited != source)
        return (try folder.write(source, to: old), try folder.write(edited, to: new))
    }

    func expectMinor(_ outcome: Differ.Outcome) throws {
        let report = try #require(outcome.report, "\(outcome.diagnostics)")
        #expect(report.verdict == .minor, "\(report.changes.map(\.summary))")
        #expect(report.changes.count == 1, "\(report.changes.map(\.summary))")
    }

    @Test func aVocabularyIsFoundUpwardHoweverDeepTheFiles() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write(try String(contentsOf: Paths.policies.appendingPathComponent("vocabulary.yaml"), encoding: .utf8), to: "vocabulary.yaml")
        let (old, new) = try writeVersions(in: folder, old: "drafts/2020/old/policy.md", new: "drafts/2020/new/policy.md")
        let outcome = Differ().compare(old, new, profile: .pipl)
        try expectMinor(outcome)
        #expect(outcome.notes.isEmpty)
        var compiler = Compiler()
        let phone = try #require(compiler.compile([new]).policies.first?.policy.dataItems.first { $0.id == "contact.phone" })
        #expect(phone.category == "user.contact.phone_number", "read with the vocabulary three folders up")
    }

    @Test func aNamedVocabularyIsUsed() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let (old, new) = try writeVersions(in: folder, old: "a.md", new: "b.md")
        let outcome = Differ().compare(old, new, profile: .pipl, vocabulary: Paths.policies.appendingPathComponent("vocabulary.yaml").path)
        try expectMinor(outcome)
        #expect(outcome.notes.isEmpty)
    }

    @Test func withoutAVocabularyAnnotationsCompareByTheirIds() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let (old, new) = try writeVersions(in: folder, old: "a.md", new: "b.md")
        let outcome = Differ().compare(old, new, profile: .pipl)
        try expectMinor(outcome)
        #expect(outcome.notes == ["no vocabulary.yaml found for \(old) and \(new); annotations are compared by their ids"])
    }

    /// The copy of a project's policy is read with the project's vocabulary: compared with the
    /// original, its items have the same labels and categories, not 17 changed data items.
    @Test func aCopyOutsideTheProjectIsReadWithTheOtherVersionsVocabulary() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let (_, new) = try writeVersions(in: folder, old: "a.md", new: "b.md")
        let outcome = Differ().compare(Paths.policies.appendingPathComponent("sunmi-devices/policy.md").path, new, profile: .pipl)
        try expectMinor(outcome)
        #expect(outcome.notes.count == 1)
        #expect(outcome.notes.first?.hasPrefix("no vocabulary.yaml found for \(new); read with ") == true)
    }
}
