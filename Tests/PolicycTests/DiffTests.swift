import Foundation
import PolicyCommandLine
@testable import PolicyDiff
import PolicyEmit
import PolicyMarkup
@testable import PolicyModel
import Testing

/// Labelled version pairs made from the seed policies: each edit is one a legal team makes, with
/// the verdict the update clause and the law give it.
@Suite struct DiffTests {
    /// The seed's first release and an edited copy, each in its own copy of the project.
    struct Pair {
        let folders: [TemporaryFolder]
        let old: String
        let new: String

        init(_ id: String, vocabulary: @escaping (String) -> String = { $0 }, edit: @escaping (String) -> String) throws {
            let (oldFolder, old) = try SeedHistory.firstReleaseProject(id, vocabulary: vocabulary)
            let (newFolder, new) = try SeedHistory.firstReleaseProject(id, edit: { text in
                let edited = edit(text)
                #expect(edited != text, "the edit changed nothing")
                return edited
            }, vocabulary: vocabulary)
            folders = [oldFolder, newFolder]
            self.old = old
            self.new = new
        }

        func cleanUp() { folders.forEach { $0.cleanUp() } }
    }

    static func diff(_ id: String, profile: LawProfile = .pipl, vocabulary: @escaping (String) -> String = { $0 }, edit: @escaping (String) -> String) throws -> PolicyDiffReport {
        let pair = try Pair(id, vocabulary: vocabulary, edit: edit)
        defer { pair.cleanUp() }
        let outcome = Differ().compare(pair.old, pair.new, profile: profile)
        return try #require(outcome.report, "did not compile: \(outcome.diagnostics.map(\.description))")
    }

    static func replacing(_ target: String, with replacement: String, all: Bool = false) -> (String) -> String {
        { text in
            guard let range = text.range(of: target) else { Issue.record("'\(target)' is not in the seed"); return text }
            return all ? text.replacingOccurrences(of: target, with: replacement) : text.replacingCharacters(in: range, with: replacement)
        }
    }

    // MARK: - No change

    @Test func identicalVersionsAreUnchanged() throws {
        let path = Paths.policies.appendingPathComponent("sunmi-devices/policy.md").path
        let report = try #require(Differ().compare(path, path, profile: .pipl).report)
        #expect(report.verdict == .unchanged)
        #expect(report.changes.isEmpty)
    }

    @Test func reflowedLinesAreNoChange() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing(", we ", with: ",\nwe ", all: true))
        #expect(report.verdict == .unchanged, "\(report.changes.map(\.summary))")
    }

    @Test func markupOnlyIsNoChange() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing(
            "We will not derogate from your rights", with: "We will **not** derogate from _your rights_"))
        #expect(report.verdict == .unchanged, "\(report.changes.map(\.summary))")
    }

    // MARK: - Minor

    @Test func redlineMarksWordsAndBadgesEveryChange() throws {
        let pair = try Pair("sunmi-intelligent-cameras") { $0.replacingOccurrences(of: "jobbery", with: "robbery") }
        defer { pair.cleanUp() }
        let outcome = Differ().compare(pair.old, pair.new, profile: .pipl)
        let site = try HTMLSite.load(templates: Paths.repository.appendingPathComponent("templates").path).get()
        let page = String(decoding: Differ.render(outcome, format: .html, site: site), as: UTF8.self)
        #expect(page.components(separatedBy: "<del>jobbery</del> <ins>robbery</ins>").count - 1 == 2)
        #expect(page.components(separatedBy: "<span class=\"badge badge-minor\">editorial</span>").count - 1 >= 2)
        #expect(page.contains("<span class=\"verdict verdict-minor\">Minor change</span>"))
        // Every unit of the new version is on the page, in order: the redline is the new text.
        let report = try #require(outcome.report)
        #expect(report.document.filter { $0.status != .removed }.count == TextUnitsCount.of(pair.new))
    }

    enum TextUnitsCount {
        static func of(_ path: String) -> Int {
            var compiler = Compiler()
            guard let policy = compiler.compile([path]).policies.first?.policy else { return -1 }
            return PolicyDiff.compare(policy, policy).document.count
        }
    }

    @Test func typoFixIsEditorial() throws {
        let report = try Self.diff("sunmi-intelligent-cameras", edit: Self.replacing("jobbery", with: "robbery", all: true))
        #expect(report.verdict == .minor)
        #expect(!report.changes.isEmpty)
        #expect(report.changes.allSatisfy { $0.isEditorial && $0.reason.contains("spelling") }, "\(report.changes.map(\.reason))")
    }

    @Test func duplicatedSentenceRemovedIsEditorial() throws {
        let report = try Self.diff("sunmi-devices") { text in
            var lines = text.components(separatedBy: "\n")
            #expect(lines[103] == lines[104], "the seed repeats this list item")
            lines.remove(at: 104)
            return lines.joined(separator: "\n")
        }
        #expect(report.verdict == .minor)
        let change = try #require(report.changes.first)
        #expect(report.changes.count == 1)
        #expect(change.isEditorial)
        #expect(change.kind == .removed)
    }

    @Test func datesOnlyAreMinor() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing("updated: 2020-03-03", with: "updated: 2020-06-01"))
        #expect(report.verdict == .minor)
        #expect(report.changes.map(\.subject) == [.dates])
    }

    @Test func removedRecipientOrPurposeWordingIsMinorUnderTheLawAlone() throws {
        // Without an update clause of its own, only the law decides: less processing is minor.
        let report = try Self.diff("sunmi-devices") { text in
            Self.replacing(", [login password](item:account.password)", with: "")(text)
                .replacingOccurrences(of: "## VII.How to Update This Privacy Policy {#update kind=update}", with: "## VII.Updates {#update}")
        }
        let removed = try #require(report.changes.first { $0.subject == .dataItem && $0.kind == .removed })
        #expect(removed.id == "account.password")
    }

    // MARK: - Major

    @Test func changedHotlineIsMajorUnderThePolicysOwnClause() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing("400-6666-509", with: "400-6666-510", all: true))
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .contact })
        #expect(change.kind == .changed)
        #expect(change.clause?.source == .policy)
        #expect(change.clause?.text.contains("contact method") == true)
        #expect(change.old?.range?.start.line == 117)
    }

    @Test func newDataItemIsMajor() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing(
            "[login password](item:account.password)", with: "[login password](item:account.password), [face image](item:biometric.face)"))
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .dataItem && $0.kind == .added })
        #expect(change.id == "biometric.face")
        #expect(change.clause?.id == "major-change-of-our-service-model")
    }

    @Test func newRecipientIsMajor() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing(
            "unless otherwise stipulated expressly by laws.",
            with: "unless otherwise stipulated expressly by laws. We share your IP address with our [cloud provider](recipient:third-party-service-provider)."))
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .recipient })
        #expect(change.kind == .added)
        #expect(change.clause?.text.contains("sharing") == true)
    }

    @Test func newRegionIsMajor() throws {
        let report = try Self.diff(
            "sunmi-devices", vocabulary: { $0.replacingOccurrences(of: "regions:\n", with: "regions:\n  SG:\n    label: Singapore\n") },
            edit: Self.replacing("We will store your personal information in [China](region:CN).",
                                 with: "We will store your personal information in [China](region:CN) and [Singapore](region:SG)."))
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .storageRegion })
        #expect(change.id == "SG")
    }

    @Test func removedRightIsMajor() throws {
        let report = try Self.diff("sunmi-devices") { text in
            var lines = text.components(separatedBy: "\n")
            #expect(lines[70].hasPrefix("### (I)Accessing or Correcting"))
            lines.removeSubrange(70...73)
            return lines.joined(separator: "\n")
        }
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .right && $0.kind == .removed })
        #expect(change.id == "access")
        #expect(change.clause?.id == "major-change-of-your-right-to")
    }

    @Test func newExceptionIsMajor() throws {
        let report = try Self.diff("sunmi-devices", edit: Self.replacing(
            "(8)Circumstance involving trade secrets.",
            with: "(8)Circumstance involving trade secrets; (9)Circumstance related to our commercial interests."))
        #expect(report.verdict == .major)
        let change = try #require(report.changes.first { $0.subject == .exception })
        #expect(change.kind == .added)
    }

    // MARK: - Unannotated Markdown

    static let plain = """
        # Example Privacy Policy

        Effective date: January 1, 2024

        ## Information we collect

        We collect your name, e-mail address and device model.

        ## Where we store your data

        We store your data on servers in the United States.

        ## Contact us

        Write to privacy@example.com or call +1 415 555 0100.

        """

    static func plainDiff(profile: LawProfile = .pipl, base: String = plain, _ edit: (String) -> String) throws -> PolicyDiffReport {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        // The same folder name under two parents: both versions get the id "example".
        let old = try folder.write(base, to: "old/example/policy.md")
        let new = try folder.write(edit(base), to: "new/example/policy.md")
        return try #require(Differ().compare(old, new, profile: profile).report)
    }

    @Test func unannotatedNewCollectedItemIsMajor() throws {
        let report = try Self.plainDiff { $0.replacingOccurrences(of: "and device model", with: "device model and precise location") }
        #expect(report.verdict == .major)
        #expect(report.changes.contains { $0.subject == .dataItem && $0.id == "precise location" })
    }

    @Test func unannotatedNewCountryIsMajor() throws {
        let report = try Self.plainDiff { $0.replacingOccurrences(of: "in the United States.", with: "in the United States and Singapore.") }
        #expect(report.verdict == .major)
        #expect(report.changes.contains { $0.subject == .storageRegion && $0.id == "Singapore" })
    }

    @Test func unannotatedChangedEmailIsMajor() throws {
        let report = try Self.plainDiff { $0.replacingOccurrences(of: "privacy@example.com", with: "legal@example.com") }
        #expect(report.verdict == .major)
        #expect(report.changes.contains { $0.subject == .contact && $0.kind == .changed })
    }

    @Test func unannotatedRewordingIsMinor() throws {
        let report = try Self.plainDiff { $0.replacingOccurrences(of: "Write to", with: "You can write to") }
        #expect(report.verdict == .minor)
    }

    @Test func gdprProfileNamesItsArticles() throws {
        // A policy without an update clause of its own is judged by the law profile alone.
        let report = try Self.plainDiff(profile: .gdpr) { $0.replacingOccurrences(of: "and device model", with: "device model and precise location") }
        let change = try #require(report.changes.first { $0.subject == .dataItem && $0.kind == .added })
        #expect(change.severity == .major)
        #expect(change.clause?.source == .law)
        #expect(change.clause?.text.hasPrefix("GDPR Art. 13") == true)
    }

    // MARK: - Regressions from review

    @Test func aRemovedItemIsNotEditorialBecauseItsWordsAppearElsewhere() throws {
        let text = "# P\n\n## Your rights\n\n- Access\n- Portability\n\nData Portability requests go to our office.\n"
        let report = try Self.plainDiff(base: text) { $0.replacingOccurrences(of: "- Portability\n", with: "") }
        #expect(report.verdict == .major, "\(report.changes.map(\.summary))")
        #expect(report.changes.contains { $0.subject == .right && $0.narrows })
    }

    @Test func numbersAreNeverPunctuation() {
        #expect(WordDiff.editorialReason(deleted: ["1.5"], inserted: ["15"], newDocument: "") == nil)
        #expect(WordDiff.editorialReason(deleted: ["10,000"], inserted: ["10000"], newDocument: "") == nil)
        #expect(WordDiff.editorialReason(deleted: ["“SUNMI“"], inserted: ["“SUNMI”"], newDocument: "") == "punctuation")
    }

    @Test func aLongerResponseTimeInOtherUnitsNarrowsTheRight() {
        let range = SourceRange.point("p.md", line: 1, column: 1)
        let statement = Statement(text: "", range: range)
        #expect(FactDiff.days(ResponseTime(amount: 1, unit: "day", statement: statement)) == 1)
        #expect(FactDiff.days(ResponseTime(amount: 15, unit: "working days", statement: statement)) == 21)
        #expect(FactDiff.days(ResponseTime(amount: 48, unit: "hours", statement: statement)) == 2)
    }

    @Test func movedParagraphIsAMove() throws {
        let report = try Self.plainDiff { text in
            let store = "## Where we store your data\n\nWe store your data on servers in the United States.\n\n"
            return text.replacingOccurrences(of: store, with: "") + "\n" + store
        }
        #expect(report.changes.contains { $0.kind == .moved }, "\(report.changes.map(\.summary))")
        #expect(!report.changes.contains { $0.kind == .removed || $0.kind == .added })
        #expect(report.verdict == .minor)
    }
}
