import Foundation
import PolicyCommandLine
import PolicyMarkup
import PolicyPasses
import Testing

/// `policyc lint` on the 2020-03-03 seed (from the archive, and as imported), rule by rule on
/// small inline sources, and in every output format.
@Suite struct LintTests {
    /// Lints the first release of every seed policy, compiled from the archive.
    static func lintFirstRelease() throws -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for id in ["sunmi-devices", "sunmi-device-operation-data", "sunmi-intelligent-cameras"] {
            let (folder, _) = try SeedHistory.firstReleaseProject(id)
            defer { folder.cleanUp() }
            try folder.write(try String(contentsOf: Paths.policies.appendingPathComponent("words.txt"), encoding: .utf8), to: "words.txt")
            let report = Lint(paths: [folder.path]).run()
            #expect(report.linted.count == 1)
            diagnostics += report.diagnostics.map { diagnostic in
                var relabelled = diagnostic
                relabelled.range.file = id
                return relabelled
            }
        }
        return diagnostics
    }

    @Test func theFirstReleaseShowsEveryDefectTheIssueNames() throws {
        let found = try Self.lintFirstRelease()
        func has(_ id: DiagnosticID, in policy: String, _ text: String) -> Bool {
            found.contains { $0.id == id && $0.range.file == policy && $0.message.contains(text) }
        }
        #expect(has(.misspelledWord, in: "sunmi-device-operation-data", "'cemera'"))
        #expect(has(.misspelledWord, in: "sunmi-intelligent-cameras", "'carmeras'"))
        #expect(found.filter { $0.id == .misspelledWord && $0.message.contains("'jobbery'") }.count == 2)
        // "If facts prove …" twice in a row, "We will not derogate …" at the end of a paragraph and again.
        #expect(found.filter { $0.id == .repeatedText && $0.range.file == "sunmi-devices" }.count == 2)
        #expect(has(.inconsistentControllerName, in: "sunmi-device-operation-data", "Shanghai SUNMI Technology Group Co., Ltd."))
        #expect(has(.mismatchedQuotes, in: "sunmi-devices", "“"))
        #expect(has(.tableOfContentsMismatch, in: "sunmi-devices", "'II.How Do We store Your Personal Information'"))
        #expect(has(.tableOfContentsMismatch, in: "sunmi-intelligent-cameras", "'V.How Do We Handle Minors' Personal Information'"))
        #expect(has(.switchWithoutItem, in: "sunmi-device-operation-data", "'device application information'"))
        #expect(has(.itemWithoutSwitch, in: "sunmi-device-operation-data", "'storage information'"))
        #expect(has(.sensitiveWithoutConsentStatement, in: "sunmi-intelligent-cameras", "'facial features'"))
        #expect(has(.missingDisclosure, in: "sunmi-device-operation-data", "concrete retention period"))
        // Not everything is a finding: the sensitive devices policy states its contacts, rights and purposes.
        #expect(!found.contains { $0.id == .missingDisclosure && $0.message.contains("contact") })
        #expect(!found.contains { $0.severity == .error })
    }

    @Test func theImportedSeedShowsTheTyposToo() throws {
        let (folder, report) = try ImportTests.importSeed()
        defer { folder.cleanUp() }
        #expect(report.exitCode == ExitStatus.success)
        let lint = Lint(paths: [folder.url.appendingPathComponent("imported").path], wordLists: [Paths.policies.appendingPathComponent("words.txt").path]).run()
        let misspelled = Set(lint.diagnostics.filter { $0.id == .misspelledWord }.compactMap { $0.message.split(separator: "'").first.map(String.init) })
        #expect(misspelled.isSuperset(of: ["cemera", "carmeras", "jobbery"]))
        #expect(lint.linted.count == 3)
        // The other defects the issue names, found in the imported sources as in the archived ones.
        #expect(lint.diagnostics.filter { $0.id == .tableOfContentsMismatch }.count == 3)
        #expect(lint.diagnostics.filter { $0.id == .repeatedText }.count == 2)
        #expect(lint.diagnostics.contains { $0.id == .inconsistentControllerName })
        #expect(lint.diagnostics.contains { $0.id == .sensitiveWithoutConsentStatement && $0.message.contains("'facial features'") })
        #expect(lint.diagnostics.contains { $0.id == .mismatchedQuotes && $0.range.file.hasSuffix("privacy-policy-of-sunmi-devices/policy.md") })
    }

    // MARK: - Rules on small sources

    static func lint(_ body: String, title: String = "Privacy Policy of Example", profile: LintProfile = .pipl) throws -> [Diagnostic] {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        let path = try folder.write("# \(title)\n\n" + body, to: "example/policy.md")
        return Lint(paths: [path], profile: profile).run().diagnostics
    }

    @Test func quotationMarksPairUp() throws {
        let found = try Self.lint("We call it “Widget“ and “Gadget”, but ”Thing” and “open.\n")
        let quotes = found.filter { $0.id == .mismatchedQuotes }
        #expect(quotes.count == 4)
        #expect(quotes.first?.fixIt?.replacement == "”")
        #expect(quotes.first?.range.start.column == 21)  // columns count UTF-8 bytes
    }

    @Test func repetitionsCountOnlyNearbyInOneSection() throws {
        let sentence = "We will never sell the personal information of our users to anyone."
        let found = try Self.lint("## Sharing\n\n\(sentence) \(sentence)\n\n## Other\n\n\(sentence)\n")
        let repeats = found.filter { $0.id == .repeatedText }
        #expect(repeats.count == 1)
        #expect(repeats.first?.range.start.line == 5)
    }

    @Test func controllerNamesOfOtherCompaniesAreLeftAlone() throws {
        let found = try Self.lint("""
            Example Widgets Co., Ltd. runs this. Example Widgets Group Co., Ltd. signs it. GitHub, Inc. and GitHub B.V. are two companies.

            Example Widgets Co., Ltd. again.

            """)
        let names = found.filter { $0.id == .inconsistentControllerName }
        #expect(names.map(\.message) == ["the controller is named 'Example Widgets Group Co., Ltd.' here but 'Example Widgets Co., Ltd.' elsewhere in the policy"])
    }

    @Test func spellingSkipsNamesCodeAndOtherLanguages() throws {
        let found = try Self.lint("""
            We store data in Songhu and Yangpu with `xyzzyq` cookies. Teh data is kept.

            Cliquez ici pour obtenir la version française de notre politique.

            """)
        let words = found.filter { $0.id == .misspelledWord }.map(\.message)
        #expect(words.count == 1)
        #expect(words.first?.hasPrefix("'Teh' is not in the dictionary") == true, "\(words)")
    }

    @Test func tableOfContentsMustFollowTheHeadings() throws {
        let found = try Self.lint("""
            - [One Thing We Do](#one)
            - [Two things](#two)

            ## One Thing We Did {#one}

            Text.

            ## Two Things {#two}

            Text.

            ## Three Things {#three}

            Text.

            """)
        let messages = found.filter { $0.id == .tableOfContentsMismatch }.map(\.message)
        #expect(messages.count == 3, "\(messages)")
        #expect(messages.contains { $0.contains("'One Thing We Do'") })
        #expect(messages.contains { $0.contains("letter case") })
        #expect(messages.contains { $0.contains("'Three Things' is missing") })
    }

    @Test func gdprProfileAsksForArticle13() throws {
        let found = try Self.lint("## What we collect\n\nWe collect your email address to send receipts. Contact us at privacy@example.com.\n", profile: .gdpr)
        let missing = found.filter { $0.id == .missingDisclosure }.map(\.message)
        #expect(missing.contains { $0.contains("data protection officer") })
        #expect(missing.contains { $0.contains("supervisory authority") })
        #expect(!missing.contains { $0.contains("contact details of the controller") })
        let terms = try Self.lint("## Terms\n\nThese terms of service apply.\n", title: "Terms of Service", profile: .gdpr)
        #expect(!terms.contains { $0.id == .missingDisclosure }, "terms of service are not a privacy notice")
    }

    @Test func companiesOfTheSameCityAreNotTheController() throws {
        let found = try Self.lint("Shanghai Acme Technology Co., Ltd. runs this. We pay through Shanghai Pudong Payments Co., Ltd. and Shanghai Acme Technology Co., Ltd. again.\n")
        #expect(!found.contains { $0.id == .inconsistentControllerName })
    }

    @Test func sensitiveInformationNeedsSeparateConsentUnlessNotCollected() throws {
        let collected = try Self.lint("## What We Collect\n\nWe collect your precise location to deliver orders.\n")
        #expect(collected.filter { $0.id == .sensitiveWithoutConsentStatement }.count == 1)
        let consented = try Self.lint("## What We Collect\n\nWe collect your precise location with your separate consent.\n")
        #expect(!consented.contains { $0.id == .sensitiveWithoutConsentStatement })
        let negated = try Self.lint("## What We Collect\n\nWe do not collect health information, bank account numbers or precise location.\n")
        #expect(!negated.contains { $0.id == .sensitiveWithoutConsentStatement })
        let gdpr = try Self.lint("## What We Collect\n\nWe collect your precise location.\n", profile: .gdpr)
        #expect(!gdpr.contains { $0.id == .sensitiveWithoutConsentStatement }, "Art. 29 is a PIPL rule")
    }

    @Test func typoRiddenEnglishIsStillChecked() throws {
        let found = try Self.lint("We recieve, stoer and procces your adress.\n")
        #expect(found.filter { $0.id == .misspelledWord }.count == 4)
    }

    @Test func aRetentionPeriodStatedAnywhereCounts() throws {
        let stated = try Self.lint("## Other\n\nWe retain your order records for three years.\n")
        #expect(!stated.contains { $0.id == .missingDisclosure && $0.message.contains("retention") })
        let vague = try Self.lint("## Other\n\nWe retain your records as long as necessary.\n")
        #expect(vague.contains { $0.id == .missingDisclosure && $0.message.contains("retention") && $0.severity == .warning })
    }

    @Test func aPolicysOwnDefinedNameIsNotAnotherNotice() throws {
        let (folder, _) = try SeedHistory.firstReleaseProject("sunmi-devices")
        defer { folder.cleanUp() }
        let found = Lint(paths: [folder.path]).run().diagnostics.filter { $0.id == .missingDisclosure }
        #expect(found.map(\.severity) == [.warning], "\(found)")
        let linked = try Self.lint("Please see the [Example Privacy Statement](https://example.com/privacy) for everything else.\n",
                                   title: "Example Cookie Privacy Notice", profile: .gdpr)
        #expect(linked.filter { $0.id == .missingDisclosure }.map(\.severity) == [.note])
    }

    /// Switches and collected items, in a small annotated project.
    @Test func switchesMustMatchCollectedItems() throws {
        let folder = try TemporaryFolder()
        defer { folder.cleanUp() }
        try folder.write("""
            items:
              device.model: {label: device model, sensitive: false}
              device.log: {label: device log, sensitive: false}
              device.time: {label: time, sensitive: false}

            """, to: "vocabulary.yaml")
        try folder.write("""
            ---
            id: example
            title: Example Privacy Policy
            controller: Example Widgets Inc.
            version: "1"
            effective: 2024-05-01
            ---

            # Example Privacy Policy

            ## Collection {#collection kind=collection}

            ### 1.Safety {#safety purpose required}

            We collect your [device model](item:device.model) and [device log](item:device.log) to keep devices safe.

            ## Your Rights {#rights kind=rights}

            You can change the authorization scope. The information for which you can change authorization includes: [device model](item:device.model), [time](item:device.time). The default setting is to allow collection.

            """, to: "example/policy.md")
        let found = Lint(paths: [folder.path]).run().diagnostics
        #expect(found.filter { $0.id == .switchWithoutItem }.map(\.message) == ["the switch 'time' controls nothing the policy says it collects"])
        #expect(found.filter { $0.id == .itemWithoutSwitch }.map(\.message) == ["'device log' is collected, but no switch in the rights section controls it"])
    }

    @Test func definedTermsAreUsedAndCapitalisedTermsDefined() throws {
        let found = try Self.lint("""
            Example Inc. (hereinafter referred to as “Widgets”) and “Gadgets” are ours; Widgets are fine.

            We keep Customer Content safe. We never sell Customer Content. We store “Usage Data” and Usage Data only.

            """)
        let unused = found.filter { $0.id == .unusedDefinedTerm }.map(\.message)
        #expect(unused.isEmpty, "Widgets is used again; “Gadgets” is not a definition clause: \(unused)")
        let undefined = found.filter { $0.id == .undefinedCapitalisedTerm }.map(\.message)
        #expect(undefined == ["'Customer Content' is capitalised like a defined term (2 times) but never defined"])
    }

    // MARK: - Output and exit status

    @Test func sarifOutputValidatesAndStrictFailsOnWarnings() throws {
        let (folder, _) = try SeedHistory.firstReleaseProject("sunmi-devices")
        defer { folder.cleanUp() }
        let lenient = Lint(paths: [folder.path]).run()
        #expect(lenient.exitCode == ExitStatus.success)
        #expect(lenient.diagnostics.contains { $0.severity == .warning })
        #expect(Lint(paths: [folder.path], strict: true).run().exitCode == ExitStatus.checkFailed)
        let sarif = try folder.write(DiagnosticPrinter.render(lenient.diagnostics, format: .sarif), to: "lint.sarif")
        let validation = try validateAgainstSchema(Paths.fixtures.appendingPathComponent("sarif-schema-2.1.0.json"), [sarif])
        #expect(validation.status == 0, "\(validation.errors)")
        let json = DiagnosticPrinter.render(lenient.diagnostics, format: .json)
        #expect(json.contains("\"PC6002\""))
    }

    @Test func everyRuleHasAnExplanation() {
        for rule in Linter.rules {
            // `policyc explain` shows it: a sentence or more, naming what the rule reports.
            #expect(rule.explanation.count > 120, "\(rule.id.code)")
            #expect(rule.id.code.hasPrefix("PC6"))
        }
        for id in DiagnosticID.allCases where id.code.hasPrefix("PC6") {
            #expect(Linter.explanation(of: id) != nil, "\(id.code) has no rule that explains it")
        }
        #expect(Set(Linter.rules.map(\.id)).count == Linter.rules.count)
    }
}
