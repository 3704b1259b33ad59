import Foundation
import Crypto
import PolicyMarkup

/// Turns a Markdown `Document` into a typed `Policy` (AST → model).
///
/// With a vocabulary the policy is *annotated*: front matter is required and every
/// annotation id must be declared. Without one (plain Markdown such as the GitHub corpus)
/// metadata and facts are inferred from the words and problems are warnings.
public struct PolicyBuilder {
    let document: Document
    let source: SourceFile
    let vocabulary: Vocabulary?
    var diagnostics = DiagnosticCollector()

    var strict: Bool { vocabulary != nil }

    /// Builds a policy. `fallbackID` names it when the front matter does not.
    public static func build(
        _ document: Document, source: SourceFile, vocabulary: Vocabulary?, fallbackID: String
    ) -> (Policy, [Diagnostic]) {
        var builder = PolicyBuilder(document: document, source: source, vocabulary: vocabulary)
        let policy = builder.build(fallbackID: fallbackID)
        return (policy, builder.diagnostics.diagnostics)
    }

    /// The id a build of `frontMatterOnly` (see `MarkdownReader.readFrontMatter`) would give
    /// its policy, read as the build reads it; nil when the front matter cannot be read, as
    /// then only a build can say what is wrong.
    public static func policyID(of frontMatterOnly: Document, fallbackID: String) -> String? {
        let frontMatter = FrontMatterReader(document: frontMatterOnly, strict: false, fallbackID: fallbackID).read()
        guard !frontMatter.diagnostics.contains(where: { $0.id == .malformedFrontMatter }) else { return nil }
        return frontMatter.metadata.id
    }

    private mutating func build(fallbackID: String) -> Policy {
        let frontMatter = FrontMatterReader(document: document, strict: strict, fallbackID: fallbackID).read()
        diagnostics.report(contentsOf: frontMatter.diagnostics)
        var metadata = frontMatter.metadata

        var blocks = document.blocks[...]
        var titleBlock: Block?
        let hasSectionHeadings = document.blocks.dropFirst().contains { if case .heading = $0.kind { true } else { false } }
        if let first = blocks.first, case .heading(1, let content, _) = first.kind, !hasSectionHeadings {
            // A document whose only heading is its title is one section under that title.
            if metadata.title.isEmpty { metadata.title = content.plainText }
        } else if let first = blocks.first, case .heading(1, let content, _) = first.kind {
            titleBlock = first
            blocks = blocks.dropFirst()
            let headingTitle = content.plainText
            if metadata.title.isEmpty {
                metadata.title = headingTitle
            } else if metadata.title != headingTitle {
                diagnostics.report(Diagnostic(
                    .titleMismatch, "the title in the front matter ('\(metadata.title)') differs from the first heading ('\(headingTitle)')",
                    at: first.range))
            }
        }
        let preambleEnd = blocks.firstIndex { if case .heading = $0.kind { true } else { false } } ?? blocks.endIndex
        let preamble = Array(blocks[..<preambleEnd])
        var sectionBuilder = SectionTreeBuilder(strict: strict)
        let sections = sectionBuilder.build(Array(blocks[preambleEnd...]))
        diagnostics.report(contentsOf: sectionBuilder.diagnostics)
        if metadata.title.isEmpty, let first = sections.first {
            metadata.title = first.title
        }
        checkDatesInText(preamble: preamble, metadata: metadata)
        if !strict { inferDatesFromText(preamble + (sections.first.map { [$0.heading] + $0.blocks } ?? []), into: &metadata) }

        var facts = FactExtractor(vocabulary: vocabulary)
        facts.extract(preamble: preamble, sections: sections)
        diagnostics.report(contentsOf: facts.diagnostics)

        return Policy(
            metadata: metadata,
            source: SourceInfo(
                path: source.path, sha256: Self.sha256(source.bytes), byteCount: source.bytes.count,
                mayContainBraces: Self.mayContainBraces(source.bytes)),
            titleBlock: titleBlock,
            preamble: preamble,
            sections: sections,
            definitions: facts.definitions,
            purposes: facts.purposes,
            dataItems: facts.dataItems,
            recipients: facts.recipients,
            storage: facts.storage,
            rights: facts.rights,
            exceptions: facts.exceptions,
            contacts: facts.contacts,
            responseTime: facts.responseTime,
            switches: facts.switches,
            updateClause: facts.updateClause,
            annotations: facts.annotations,
            controllers: ControllerReader.read(preamble: preamble, sections: sections))
    }

    /// A literal `{`, or `&#…;`/`&lbrace;`/`&lcub;`, which cmark decodes to one.
    static func mayContainBraces(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress else { return false }
            if memchr(base, Int32(UInt8(ascii: "{")), bytes.count) != nil { return true }
            // Entity names are case-sensitive in cmark, as in HTML.
            return ["&#", "&lbrace;", "&lcub;"].contains { reference in
                Array(reference.utf8).withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: bytes) != nil }
            }
        }
    }

    /// SHA-256 of `bytes` as lowercase hex: the digest manifests record and the archive files under.
    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Plain Markdown states its dates in the text ("Effective date: February 1, 2024");
    /// the first paragraphs are where policies put them.
    private func inferDatesFromText(_ blocks: [Block], into metadata: inout Metadata) {
        for block in blocks.prefix(8) {
            guard case .paragraph(let content) = block.kind else { continue }
            let text = content.plainText
            if metadata.effective == nil { metadata.effective = WrittenDate.find(after: "Effective date", in: text) }
            if metadata.updated == nil {
                metadata.updated = WrittenDate.find(after: "Last updated", in: text) ?? WrittenDate.find(after: "Update Date", in: text)
            }
        }
    }

    /// The seed writes "Update Date: March 3, 2020 Effective Date:March 3, 2020" in the text;
    /// when the front matter says otherwise, one of them is wrong.
    private mutating func checkDatesInText(preamble: [Block], metadata: Metadata) {
        for block in preamble {
            guard case .paragraph(let content) = block.kind else { continue }
            let text = content.plainText
            for (label, key, stated) in [("Update Date", "updated", metadata.updated), ("Effective Date", "effective", metadata.effective)] {
                guard let stated, let written = WrittenDate.find(after: label, in: text), written != stated else { continue }
                diagnostics.report(Diagnostic(
                    .datesMismatch, "the text says \(label) is \(written) but the front matter's '\(key)' is \(stated)", at: block.range))
            }
        }
    }
}

/// Dates as policies write them ("March 3, 2020"), read into ISO form.
public enum WrittenDate {
    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]

    /// The ISO date written after `label` (case-insensitive, optional colon), if any:
    /// "Effective Date:March 3, 2020" → "2020-03-03".
    static func find(after label: String, in text: String) -> String? {
        // Folding keeps byte offsets, so the date is read straight from the folded bytes.
        let folded = FoldedText(text)
        guard let labelOffset = folded.firstOffset(of: label.lowercased()) else { return nil }
        var bytes = folded.bytes[(labelOffset + label.utf8.count)...]
        func skip(_ characters: String) { bytes = bytes.drop { characters.utf8.contains($0) } }
        func word() -> Substring {
            let word = bytes.prefix { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: ",") }
            bytes = bytes.dropFirst(word.count)
            return Substring(decoding: word, as: UTF8.self)
        }
        skip(": ")
        guard let month = months.firstIndex(of: String(word())) else { return nil }
        skip(" ")
        guard let day = Int(word()), (1...31).contains(day) else { return nil }
        skip(", ")
        guard let year = Int(word().prefix(4)) else { return nil }
        return isoDate(year: year, month: month + 1, day: day)
    }

    /// "2020-03-03". Padded by hand: `String(format:)` passes its numbers as C variadic
    /// arguments, and the casts that takes made this a visible share of a check's start-up.
    public static func isoDate(year: Int, month: Int, day: Int) -> String {
        // As "%0*d": zeros between the sign and the digits, up to `width` characters in all.
        func padded(_ number: Int, _ width: Int) -> String {
            let sign = number < 0 ? "-" : "", digits = String(number.magnitude)
            return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
