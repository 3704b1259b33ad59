import PolicyMarkup

/// A company the policy names as who processes the data, with its address when the same sentence
/// gives one: "Shanghai SUNMI Technology Co., Ltd. having its registered address at Room 505, …"
/// or "GitHub, Inc., 88 Colin P. Kelly Jr. Street, San Francisco". The controller's identity and
/// contact are what PIPL Art. 17(1)(1) and GDPR Art. 13(1)(a) require, so each is a fact of its
/// own, compared by the diff and listed in the manifest.
public struct Controller: Hashable, Sendable {
    /// The name as written, legal form included.
    public var name: String
    public var address: String?
    /// The sentence that names it.
    public var statement: Statement

    /// The name with case, spacing and punctuation set aside: "Acme Inc" and "ACME, Inc." are one.
    public var key: String { String(name.lowercased().filter { $0.isLetter || $0.isNumber }) }
}

/// Finds the controllers in the introduction and in the sections that say who is responsible
/// (contact, definitions): company names with a legal form.
enum ControllerReader {
    static func read(preamble: [Block], sections: [Section]) -> [Controller] {
        var found: [Controller] = []
        var indexOfKey: [String: Int] = [:]
        // Rows of tables name recipients (subprocessors, vendors), not who is responsible.
        let responsible = Section.depthFirst(sections).filter { [.contact, .definitions].contains($0.kind) }
        let places = ([preamble] + responsible.map(\.blocks)).map { blocks in blocks.filter { if case .table = $0.kind { false } else { true } } }
        for blocks in places {
            for run in ClauseRuns.collect(blocks) where CompanyName.legalForms.contains(where: { run.text.containsText($0) }) {
                for range in SentenceSplitter.sentences(run.text) {
                    let sentence = String(run.text[range])
                    // The expression runs only where a legal form stands: most sentences name no company.
                    guard CompanyName.legalForms.contains(where: { sentence.containsText($0) }) else { continue }
                    for nameRange in CompanyName.ranges(in: sentence) {
                        let name = sentence[nameRange].trimmingPunctuation
                        let controller = Controller(
                            name: name, address: address(after: nameRange, in: sentence),
                            statement: Statement(text: sentence, range: run.range(of: range)))
                        if let index = indexOfKey[controller.key] {
                            // A later mention may give the address the first one did not.
                            if found[index].address == nil { found[index].address = controller.address }
                        } else {
                            indexOfKey[controller.key] = found.count
                            found.append(controller)
                        }
                    }
                }
            }
        }
        return found
    }

    /// The words after "address at", "address:", "located at" or "registered office at",
    /// following the name in its sentence, up to a bracket or the sentence's end.
    private static func address(after name: Range<String.Index>, in sentence: String) -> String? {
        let rest = sentence[name.upperBound...]
        let folded = rest.lowercased()
        for cue in ["address at ", "address is ", "address: ", "located at ", "office at ", "headquartered at "] {
            guard let cueRange = folded.range(of: cue) else { continue }
            let offset = folded.distance(from: folded.startIndex, to: cueRange.upperBound)
            let start = rest.index(rest.startIndex, offsetBy: offset)
            let words = rest[start...].prefix { $0 != "(" && $0 != "（" && $0 != ";" }
            let address = String(words).trimmingPunctuation
            return address.isEmpty ? nil : address
        }
        return nil
    }
}

private extension StringProtocol {
    /// Without white space, commas and full stops at either end; a legal form ("Ltd.", "B.V.")
    /// keeps its full stop.
    var trimmingPunctuation: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace || first == "," || first == "“" || first == "\"" { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace || last == "," || (last == "." && !CompanyName.legalForms.contains(where: text.hasSuffix)) {
            text = text.dropLast()
        }
        return String(text)
    }
}
