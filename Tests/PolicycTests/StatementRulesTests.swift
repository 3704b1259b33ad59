import Foundation
import PolicyCommandLine
import PolicyMarkup
import PolicyModel
import PolicyPasses
import Testing

/// The lint rules that read statements (PC6012 unannotated facts, PC6013 contradictions), tested
/// as swift-format tests its rules: an inline source with position markers, each finding's exact
/// message and range, compiled and linted in memory.
@Suite struct StatementRulesTests {
    /// A source with markers (1️⃣, 2️⃣ …) taken out, and where each stood.
    struct MarkedSource {
        static let markers: [Character] = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
        var text = ""
        var locations: [Character: PolicyMarkup.SourceLocation] = [:]
        let path: String

        init(_ marked: String, path: String = "example/policy.md") {
            self.path = path
            var line = 1, column = 1
            for character in marked {
                if Self.markers.contains(character) {
                    locations[character] = PolicyMarkup.SourceLocation(line: line, column: column)
                    continue
                }
                text.append(character)
                if character == "\n" { line += 1; column = 1 } else { column += character.utf8.count }
            }
        }

        /// The range from one marker to another.
        func range(_ start: Character, _ end: Character) -> SourceRange {
            SourceRange(file: path, start: locations[start]!, end: locations[end]!)
        }

        var policy: Policy {
            let file = SourceFile(path: path, text: text)
            let id = (path as NSString).deletingLastPathComponent
            return PolicyBuilder.build(MarkdownReader.read(file).0, source: file, vocabulary: nil, fallbackID: id).0
        }
    }

    static let context = LintContext(profile: .pipl, spelling: nil)

    /// The findings of the rule that reports `id` in one source.
    func findings(_ id: DiagnosticID, in source: MarkedSource) throws -> [Diagnostic] {
        let rule = try #require(Linter.rules.first { $0.id == id })
        return rule.check(LintDocument(source.policy), context: Self.context)
    }

    // MARK: - PC6012 unannotated facts

    @Test func aDataItemNamedWithoutAnAnnotationIsReportedAtItsWords() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            We collect your [device model](item:device.model) and your 1️⃣precise location2️⃣ to show nearby stores.

            """)
        let found = try findings(.unannotatedFact, in: source)
        #expect(found.map(\.message) == ["'precise location' is collected here but not annotated; mark it as [precise location](item:…) with an id from vocabulary.yaml"])
        #expect(found.map(\.range) == [source.range("1️⃣", "2️⃣")])
        #expect(found.map(\.severity) == [.warning])
    }

    @Test func recipientsRegionsAndContactsWithoutAnnotationsAreReported() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            We share your [device model](item:device.model) with 1️⃣advertising partners2️⃣ and with third parties.

            We store your [device model](item:device.model) in 3️⃣Singapore4️⃣.

            Call 5️⃣400-6666-5096️⃣ or write to privacy@example.com (an e-mail address is a link by itself).

            """)
        let found = try findings(.unannotatedFact, in: source)
        #expect(found.map(\.message) == [
            "'advertising partners' receives what is shared here but is not annotated; mark it as [advertising partners](recipient:…) with an id from vocabulary.yaml",
            "'Singapore' is named where personal information is kept or sent but not annotated; mark it as [Singapore](region:…) with an id from vocabulary.yaml",
            "'400-6666-509' is a contact channel but not a link; write it as [400-6666-509](tel:400-6666-509)",
        ])
        #expect(found.map(\.range) == [source.range("1️⃣", "2️⃣"), source.range("3️⃣", "4️⃣"), source.range("5️⃣", "6️⃣")])
        #expect(found.last?.fixIt == FixIt(range: source.range("5️⃣", "6️⃣"), replacement: "[400-6666-509](tel:400-6666-509)"))
    }

    @Test func annotatedNegatedGeneralAndDefinedWordsAreNoFinding() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            ## Definitions {#definitions kind=definitions}

            Location data means your precise location.

            ## Collection {#collection kind=collection}

            We collect your [precise location](item:location.precise) and your personal information.

            We keep your precise location for a year, and we store it in [Singapore](region:SG).

            We do not collect health information. You may delete your account.

            We share your [device model](item:device.model) with [advertising partners](recipient:ads) and third parties.

            If you are a business, Acme Inc. collects your email address for its own purposes.

            """)
        #expect(try findings(.unannotatedFact, in: source).map(\.message) == [])
    }

    @Test func aPolicyWithoutAnnotationsIsNotAskedForThem() throws {
        let source = MarkedSource("# Privacy Policy of Example\n\nWe collect your precise location. Write to privacy@example.com.\n")
        #expect(try findings(.unannotatedFact, in: source).isEmpty)
    }

    // MARK: - PC6013 contradictions

    @Test func aNegatedPromiseAndAnAffirmativeStatementContradict() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            1️⃣We do not share your personal information with third parties.2️⃣

            3️⃣We share your device identifier with advertising partners.4️⃣

            """)
        let found = try findings(.contradictoryStatements, in: source)
        #expect(found.map(\.message) == [
            "'device identifier' is shared with 'advertising partners' here, but the policy promises not to share 'personal information' with 'third parties'",
        ])
        #expect(found.map(\.range) == [source.range("3️⃣", "4️⃣")])
        #expect(found.map(\.severity) == [.warning])
        #expect(found.first?.notes == [
            DiagnosticNote("the promise: 'We do not share your personal information with third parties.'", at: source.range("1️⃣", "2️⃣")),
        ])
    }

    @Test func aBroaderStatementThatAPromiseNarrowsIsANote() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            1️⃣We never collect precise location.2️⃣ 3️⃣We collect your location to show nearby stores.4️⃣

            """)
        let found = try findings(.contradictoryStatements, in: source)
        #expect(found.map(\.message) == ["'location' is collected here, and the policy narrows it elsewhere: it promises not to collect 'precise location'"])
        #expect(found.map(\.range) == [source.range("3️⃣", "4️⃣")])
        #expect(found.map(\.severity) == [.note])
        #expect(found.first?.notes.map(\.range) == [source.range("1️⃣", "2️⃣")])
    }

    @Test func anExceptionPurposeOrOtherDataIsNoContradiction() throws {
        let source = MarkedSource("""
            # Privacy Policy of Example

            We will not share your personal information with third parties unless you give your consent.

            With your consent, we share your device identifier with advertising partners.

            We do not use your location for advertising. We use your location to show nearby stores.

            We never sell your email address. We sell your purchase history to data brokers.

            If you do not agree, we will not collect your phone number. We collect your phone number to send receipts.

            """)
        #expect(try findings(.contradictoryStatements, in: source).map(\.message) == [])
    }

    @Test func twoPoliciesOfOneProjectContradictInANote() throws {
        let devices = MarkedSource("# Devices Policy\n\n1️⃣We will never share your device identifier.2️⃣\n", path: "devices/policy.md")
        let cameras = MarkedSource("# Cameras Policy\n\n3️⃣We share your device identifier with our partners.4️⃣\n", path: "cameras/policy.md")
        let found = Linter(context: Self.context).lint(project: [devices.policy, cameras.policy]).filter { $0.id == .contradictoryStatements }
        #expect(found.map(\.message) == [
            "'device identifier' is shared with 'partners' here, but the policy 'devices' of this project promises not to share 'device identifier'",
        ])
        #expect(found.map(\.range) == [cameras.range("3️⃣", "4️⃣")])
        #expect(found.map(\.severity) == [.note])
        #expect(found.first?.notes.map(\.range) == [devices.range("1️⃣", "2️⃣")])
    }

    // MARK: - Notes with a place of their own

    @Test func aNoteWithARangePrintsAtItsPlaceAndIsARelatedLocationInSARIF() throws {
        let main = SourceRange(file: "b.md", start: PolicyMarkup.SourceLocation(line: 7, column: 1), end: PolicyMarkup.SourceLocation(line: 7, column: 20))
        let other = SourceRange(file: "a.md", start: PolicyMarkup.SourceLocation(line: 3, column: 5), end: PolicyMarkup.SourceLocation(line: 3, column: 30))
        let diagnostic = Diagnostic(.contradictoryStatements, "shared here", at: main, notes: ["check it", DiagnosticNote("the promise", at: other)])
        #expect(DiagnosticPrinter.render([diagnostic], format: .text) == """
            b.md:7:1: warning: shared here [PC6013]
            b.md:7:1: note: check it
            a.md:3:5: note: the promise

            """)
        let sarif = try #require(JSONSerialization.jsonObject(with: Data(DiagnosticPrinter.render([diagnostic], format: .sarif).utf8)) as? [String: Any])
        let result = try #require(((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])?.first)
        #expect((result["message"] as? [String: Any])?["text"] as? String == "shared here\ncheck it")
        let related = try #require(result["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect((related[0]["message"] as? [String: Any])?["text"] as? String == "the promise")
        let physical = try #require(related[0]["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: Any])?["uri"] as? String == "a.md")
        let region = try #require(physical["region"] as? [String: Int])
        #expect(region == ["startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 30])

        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let file = try folder.write(DiagnosticPrinter.render([diagnostic], format: .sarif), to: "notes.sarif")
        let validation = try validateAgainstSchema(Paths.fixtures.appendingPathComponent("sarif-schema-2.1.0.json"), [file])
        #expect(validation.status == 0, "\(validation.errors)")
    }
}
