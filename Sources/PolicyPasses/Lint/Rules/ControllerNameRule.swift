import Foundation
import PolicyMarkup
import PolicyModel

/// The controller is one legal person: its name must be written the same way everywhere.
/// "Shanghai SUNMI Technology Group Co., Ltd." in one clause against "Shanghai SUNMI Technology
/// Co., Ltd." elsewhere leaves the reader unsure who is responsible.
///
/// Two names are taken for the same company when they start with the same word and end with the
/// same legal form; "GitHub, Inc." and "GitHub B.V." are two companies and are left alone.
struct ControllerNameRule: LintRule {
    let id = DiagnosticID.inconsistentControllerName
    let explanation = """
        Finds company names ending in a legal form (Co., Ltd., Inc., LLC, GmbH, B.V., …) and \
        reports any that starts with the same word and has the same legal form as the \
        controller's name (the front matter's controller, or the name used most often) but is \
        written differently. Which name is right is a legal decision; the fix-it proposes the \
        controller's name.
        """

    struct Name {
        var text: String
        var range: SourceRange
    }

    func check(_ document: LintDocument, context: LintContext) -> [Diagnostic] {
        var names: [Name] = []
        for unit in document.units {
            let text = unit.text.text
            for range in CompanyName.ranges(in: text) {
                names.append(Name(text: Self.normalised(String(text[range])), range: unit.text.range(of: range)))
            }
        }
        let counts = Dictionary(grouping: names, by: \.text).mapValues(\.count)
        let declared = document.policy.metadata.controller.map(Self.normalised)
        guard let controller = declared ?? counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) })?.key else { return [] }
        // "GitHub Privacy GitHub, Inc." is an address block's lines run together, ending in the
        // controller's name: not another name.
        return names.filter { $0.text != controller && !$0.text.hasSuffix(" " + controller) && Self.sameCompany($0.text, controller) }.map { name in
            Diagnostic(id, message(name.text, controller, declared != nil), at: name.range,
                       fixIt: FixIt(range: name.range, replacement: controller))
        }
    }

    static func normalised(_ name: String) -> String {
        name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Same legal form, same first word, and at least two thirds of the shorter name's words
    /// (two at least) in the other: "Shanghai SUNMI Technology Group" against "Shanghai SUNMI
    /// Technology", not "Shanghai Pudong Payments" against "Shanghai Acme Technology" (Chinese
    /// company names start with their city).
    static func sameCompany(_ a: String, _ b: String) -> Bool {
        guard CompanyName.legalForm(of: a) == CompanyName.legalForm(of: b) else { return false }
        let words = { (name: String) in
            name.dropLast(CompanyName.legalForm(of: name).count).split(separator: " ").map { $0.trimmingCharacters(in: .punctuationCharacters) }.filter { !$0.isEmpty }
        }
        let (wordsA, wordsB) = (words(a), words(b))
        guard let first = wordsA.first, first == wordsB.first else { return false }
        let shorter = wordsA.count <= wordsB.count ? wordsA : wordsB
        let longer = Set(wordsA.count <= wordsB.count ? wordsB : wordsA)
        let shared = shorter.filter(longer.contains).count
        return shared >= 2 && shared * 3 >= shorter.count * 2
    }

    // MARK: Messages
    private func message(_ name: String, _ controller: String, _ declared: Bool) -> String {
        "the controller is named '\(name)' here but '\(controller)' " + (declared ? "in the front matter" : "elsewhere in the policy")
    }
}
