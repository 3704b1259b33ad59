import Foundation
import PolicyCommandLine
import PolicyMarkup
import PolicyModel
import Testing

/// The facts of the three seed policies, as the manifests must carry them.
@Suite struct SeedManifestTests {
    static func compile() throws -> [String: Policy] {
        var compiler = Compiler()
        let result = compiler.compile([Paths.policies.path])
        #expect(result.diagnostics.isEmpty, "seed policies compile cleanly: \(result.diagnostics)")
        return Dictionary(uniqueKeysWithValues: result.policies.map { ($0.policy.metadata.id, $0.policy) })
    }

    @Test func metadataComesFromFrontMatter() throws {
        let policies = try Self.compile()
        #expect(policies.keys.sorted() == ["sunmi-device-operation-data", "sunmi-devices", "sunmi-intelligent-cameras"])
        for policy in policies.values {
            // The second version: the seed's text with its typos corrected (see policies/README.md).
            #expect(policy.metadata.version == "2020-03-03.2")
            #expect(policy.metadata.effective == "2020-03-03")
            #expect(policy.metadata.controller == "Shanghai SUNMI Technology Co., Ltd.")
            #expect(policy.source.sha256.count == 64)
        }
    }

    @Test func purposesCarryItemsNecessityAndRefusal() throws {
        let devices = try #require(try Self.compile()["sunmi-devices"])
        let registration = try #require(devices.purposes.first { $0.id == "registration" })
        #expect(registration.items.map(\.id) == ["contact.phone", "contact.email", "account.password"])
        #expect(registration.necessity == .optional)
        #expect(registration.refusal?.effect == .noEffectOnNormalUse)
        #expect(registration.refusal?.statement.text.contains("will not affect your normal use") == true)
        let safety = try #require(devices.purposes.first { $0.id == "safety" })
        #expect(safety.necessity == .required)
        #expect(safety.refusal?.effect == .higherRisk)
        #expect(devices.purposes.count == 4)
    }

    @Test func camerasDeclareSensitiveBiometrics() throws {
        let cameras = try #require(try Self.compile()["sunmi-intelligent-cameras"])
        let face = try #require(cameras.dataItems.first { $0.id == "biometric.face" })
        #expect(face.sensitive)
        #expect(face.mentions.first?.text == "facial features")
        #expect(cameras.purposes.first { $0.id == "registration" }?.refusal?.effect == .serviceUnavailable)
        #expect(cameras.recipients.contains { $0.id == "service-partner" })
        #expect(!cameras.recipients.isEmpty)
    }

    @Test func storageRetentionAndCrossBorder() throws {
        for policy in try Self.compile().values {
            #expect(policy.storage.regions.map(\.code) == ["CN"])
            #expect(policy.storage.retention.first?.minimumNecessary == true)
            #expect(policy.storage.retention.first?.period == nil, "the seeds give no concrete retention period")
        }
        let devices = try #require(try Self.compile()["sunmi-devices"])
        #expect(devices.storage.crossBorder.first?.requiresSeparateConsent == true)
    }

    @Test func rightsExceptionsAndContacts() throws {
        let policies = try Self.compile()
        let devices = try #require(policies["sunmi-devices"])
        #expect(devices.rights.map(\.id) == ["access", "deletion", "authorization", "account-cancellation"])
        #expect(devices.rights.first { $0.id == "access" }?.exercise.first?.method == .selfService)
        #expect(devices.rights.first { $0.id == "deletion" }?.conditions.map(\.number) == ["1", "2", "3", "4"])
        #expect(devices.exceptions.map(\.number) == ["1", "2", "3", "4", "5", "6", "7", "8"])
        #expect(devices.exceptions.last?.statement.text == "(8)Circumstance involving trade secrets.")
        #expect(devices.contacts.map(\.id) == ["hotline", "privacy-email"])
        #expect(devices.contacts.first?.value == "400-6666-509")
        #expect(devices.responseTime?.amount == 15)
        #expect(devices.responseTime?.unit == "days")
        #expect(policies["sunmi-intelligent-cameras"]?.exceptions.count == 8)
    }

    @Test func operationDataSwitchesDefaultToAllow() throws {
        let rules = try #require(try Self.compile()["sunmi-device-operation-data"])
        #expect(rules.switches.count == 12)
        #expect(rules.switches.allSatisfy { $0.defaultSetting == .allow })
        #expect(rules.switches.first?.label == "device application information")
        #expect(rules.switches.last?.label == "time")
        #expect(rules.switches.allSatisfy { $0.item != nil })
        #expect(rules.definitions.map(\.id).contains("device-operation-data"))
        #expect(rules.definitions.first { $0.id == "device-agent" }?.statements.first?.text.hasPrefix("4.Device Agent: means") == true)
        #expect(rules.updateClause == nil, "the operation-data rules have no update section")
    }

    @Test func updateClauseListsCategoriesAndChannels() throws {
        let devices = try #require(try Self.compile()["sunmi-devices"])
        let clause = try #require(devices.updateClause)
        #expect(clause.majorChangeTerm == "major")
        #expect(clause.majorChangeCategories.count == 5)
        #expect(clause.majorChangeCategories.first?.statement.text == "major change of our service model")
        #expect(clause.majorChangeCategories.last?.statement.text == "high risks shown in the personal information security impact assessment report")
        #expect(clause.notificationChannels.map(\.statement.text) == ["e-mail", "short message", "special tip on the browsing page"])
        #expect(clause.archivesPreviousVersions != nil)
        #expect(clause.noReductionOfRightsWithoutConsent != nil)
        let cameras = try #require(try Self.compile()["sunmi-intelligent-cameras"]?.updateClause)
        #expect(cameras.majorChangeTerm == "significant")
        #expect(cameras.majorChangeCategories.count == 5)
    }

    @Test func rangesPointAtTheWords() throws {
        let devices = try #require(try Self.compile()["sunmi-devices"])
        let source = try String(contentsOf: Paths.policies.appendingPathComponent("sunmi-devices/policy.md"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0.utf8) }
        func text(at range: SourceRange) -> String {
            let line = lines[range.start.line - 1]
            return String(decoding: line[(range.start.column - 1)..<(range.end.column - 1)], as: UTF8.self)
        }
        for category in try #require(devices.updateClause).majorChangeCategories {
            #expect(text(at: category.statement.range) == category.statement.text)
        }
        for exception in devices.exceptions {
            #expect(text(at: exception.statement.range) == exception.statement.text)
        }
    }
}
