import Foundation
import PolicyModel

/// One policy turned into an annotated Markdown source, with what a human still has to decide.
public struct ImportedPolicy: Sendable {
    public var id: String
    public var title: String
    /// The legacy file and the line its title stands on.
    public var originPath: String
    public var originLine: Int
    /// "seed.txt:67", as reports show it.
    public var origin: String { "\(originPath):\(originLine)" }
    public var markdown: String
    /// Places where the importer could not decide and a person must (a section of unknown
    /// kind, a purpose whose necessity the text does not state, a missing controller…).
    public var decisions: [String]
    /// Annotations written, by destination scheme (`item`, `term`, …).
    public var annotationCounts: [String: Int]
}

/// Writes a `LegacyDocument` as a policyc source: front matter, `# Title`, one paragraph per
/// legacy paragraph, headings with `{#id kind=…}` / `{#id purpose}`, and proposed annotations.
/// The words are the legacy text's, in order; Markdown punctuation in them is escaped so the
/// compiled text is exactly the legacy text.
public struct SourceWriter {
    private var proposer: AnnotationProposer

    public init(vocabulary: Vocabulary?) {
        proposer = AnnotationProposer(vocabulary: vocabulary)
    }

    /// Every vocabulary entry the written sources use, known or newly proposed.
    public var proposedEntries: [ProposedEntry] { proposer.proposed.sorted() }

    public mutating func write(_ document: LegacyDocument) -> ImportedPolicy {
        var decisions: [String] = []
        var counts: [String: Int] = [:]
        let origin = "\(document.path):\(document.line)"
        let id = ImportSlug.make(document.title)
        let dates = DatesLine.find(in: document.blocks)
        let controller = ControllerName.find(in: document.blocks)
        var front = "---\nid: \(id)\ntitle: \(YAMLScalar.quoted(document.title))\n"
        if let controller { front += "controller: \(YAMLScalar.quoted(controller))\n" } else {
            decisions.append("\(origin): no controller named in the opening paragraphs; add `controller:` to the front matter")
        }
        if let effective = dates.effective ?? dates.updated {
            front += "version: \(effective)\n"
            if let updated = dates.updated { front += "updated: \(updated)\n" }
            front += "effective: \(effective)\n"
        } else {
            decisions.append("\(origin): no update or effective date found; add `version:` and `effective:` to the front matter")
        }
        front += "locale: en\n---\n\n# \(MarkdownEscaper.escapeHeading(document.title))\n"

        let anchors = headingAnchors(document.blocks)
        var body: [String] = []
        /// Purpose headings written so far: where in `body`, and the decision to record for them.
        var purposeHeadings: [(bodyIndex: Int, title: String, location: String)] = []
        var sectionKind = SectionKind.general
        var previousWasListItem = false
        /// The indentation where each open list level's item text starts: a nested item must
        /// start there, or Markdown reads it as text of the item above (or as code).
        var listIndents: [Int] = []
        for (index, block) in document.blocks.enumerated() {
            let location = "\(document.path):\(block.line)"
            var line: String
            switch block.kind {
            case .heading(let level):
                let text = block.plainText
                var attributes = "#" + anchors[index]!
                if level == 2 {
                    if let kind = SectionKind.infer(fromHeading: text) {
                        sectionKind = kind
                        attributes += " kind=\(kind.rawValue)"
                    } else {
                        sectionKind = .general
                        decisions.append("\(location): section '\(text)': its kind (collection, sharing, rights…) is not clear from the heading; add kind=… if it has one")
                    }
                } else if sectionKind == .collection, Self.startsWithNumber(text) {
                    attributes += " purpose"
                    purposeHeadings.append((body.isEmpty ? 0 : body.count + 1, text, location))
                }
                line = String(repeating: "#", count: min(level, 6)) + " " + MarkdownEscaper.escapeHeading(text) + " {\(attributes)}"
            case .paragraph, .listItem, .definitionTerm:
                let text = render(block.inlines, sectionKind: sectionKind, counts: &counts, tocAnchor: tocAnchor(at: index, anchors, document.blocks))
                switch block.kind {
                case .listItem(let ordered, let depth):
                    // After other blocks a list starts afresh at the margin; a level may open only
                    // one deeper than the last, and past eight levels items stay at the eighth
                    // (a hostile page of 20,000 nested lists would otherwise write gigabytes).
                    if !previousWasListItem { listIndents = [] }
                    let level = min(depth, listIndents.count, Self.deepestList)
                    listIndents.removeLast(listIndents.count - level)
                    let indent = listIndents.last ?? 0
                    let marker = ordered ? "1. " : "- "
                    listIndents.append(indent + marker.count)
                    line = String(repeating: " ", count: indent) + marker + text
                case .definitionTerm:
                    line = "**" + text + "**"
                default:
                    line = text
                }
            case .table(let rows, let hasHeader):
                line = table(rows, hasHeader: hasHeader, sectionKind: sectionKind, counts: &counts)
            }
            let isListItem = if case .listItem = block.kind { true } else { false }
            if !body.isEmpty { body.append(isListItem && previousWasListItem ? "\n" : "\n\n") }
            body.append(line)
            previousWasListItem = isListItem
        }
        // A purpose must name what it collects; where no item was recognised under a numbered
        // heading, it is left an ordinary heading and a person decides.
        for (position, purpose) in purposeHeadings.enumerated() {
            let end = position + 1 < purposeHeadings.count ? purposeHeadings[position + 1].bodyIndex : body.count
            let text = body[(purpose.bodyIndex + 1)..<end].prefix { !$0.hasPrefix("#") }
            if text.contains(where: { $0.contains("](item:") }) {
                decisions.append("\(purpose.location): purpose '\(purpose.title)': state whether it is optional or required (refusing it affects normal use or not)")
            } else {
                body[purpose.bodyIndex] = body[purpose.bodyIndex].replacingOccurrences(of: " purpose}", with: "}")
                decisions.append("\(purpose.location): '\(purpose.title)' reads like a purpose, but no collected item was recognised in it; annotate what it collects and add `purpose` to its heading")
            }
        }
        return ImportedPolicy(id: id, title: document.title, originPath: document.path, originLine: document.line, markdown: front + "\n" + body.joined() + "\n",
                              decisions: decisions, annotationCounts: counts)
    }

    // MARK: - Blocks

    static let deepestList = 8

    private mutating func render(_ inlines: [LegacyInline], sectionKind: SectionKind, counts: inout [String: Int], tocAnchor: String?) -> String {
        if let tocAnchor {
            counts["toc", default: 0] += 1
            return "[" + MarkdownEscaper.escape(inlines.map(\.plainText).joined(), atLineStart: false) + "](#\(tocAnchor))"
        }
        var output = ""
        for inline in inlines {
            let atLineStart = output.isEmpty
            switch inline {
            case .text(let text):
                output += annotated(text, sectionKind: sectionKind, atLineStart: atLineStart, counts: &counts)
            case .link(let text, let destination) where Self.isWebLink(destination):
                output += "[" + MarkdownEscaper.escape(text, atLineStart: false) + "](" + MarkdownEscaper.destination(destination) + ")"
            case .link(let text, _):
                // "C:\docs", "javascript:", "file:": nothing a reader of the policy can follow,
                // and a scheme policyc would take for an unknown annotation. The words stay.
                output += annotated(text, sectionKind: sectionKind, atLineStart: atLineStart, counts: &counts)
            case .strong(let text), .emphasis(let text):
                // Markdown opens and closes `**` only next to letters and digits in every
                // position a legacy page may put them ("<b>“Data”</b>means"): a run that starts
                // or ends with anything else is written as plain words, its style dropped.
                let marker = if case .strong = inline { "**" } else { "*" }
                let escaped = MarkdownEscaper.escape(text, atLineStart: atLineStart)
                if let first = text.first, let last = text.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber {
                    output += marker + MarkdownEscaper.escape(text, atLineStart: false) + marker
                } else {
                    output += escaped
                }
            case .code(let text):
                output += MarkdownEscaper.codeSpan(text)
            }
        }
        return output
    }

    private mutating func annotated(_ text: String, sectionKind: SectionKind, atLineStart: Bool, counts: inout [String: Int]) -> String {
        let annotations = proposer.annotations(in: text, sectionKind: sectionKind)
        var output = ""
        var cursor = text.startIndex
        for annotation in annotations {
            output += MarkdownEscaper.escape(String(text[cursor..<annotation.range.lowerBound]), atLineStart: atLineStart && output.isEmpty)
            output += "[" + MarkdownEscaper.escape(String(text[annotation.range]), atLineStart: false) + "](" + annotation.destination + ")"
            counts[String(annotation.destination.prefix { $0 != ":" }), default: 0] += 1
            cursor = annotation.range.upperBound
        }
        output += MarkdownEscaper.escape(String(text[cursor...]), atLineStart: atLineStart && output.isEmpty)
        return output
    }

    private mutating func table(_ rows: [[[LegacyInline]]], hasHeader: Bool, sectionKind: SectionKind, counts: inout [String: Int]) -> String {
        let width = rows.map(\.count).max() ?? 0
        guard width > 0 else { return "" }
        var lines: [String] = []
        var allRows = rows
        // GFM tables need a header row; a table without one gets an empty header.
        if !hasHeader { allRows.insert(Array(repeating: [], count: width), at: 0) }
        for (index, row) in allRows.enumerated() {
            // The header row sets how many cells a row has (cells past it would be dropped);
            // shorter body rows need no padding.
            let columns = index == 0 ? width : row.count
            let cells = (0..<columns).map { column in
                column < row.count
                    ? render(row[column], sectionKind: sectionKind, counts: &counts, tocAnchor: nil).replacingOccurrences(of: "|", with: "\\|")
                    : ""
            }
            lines.append("| " + cells.joined(separator: " | ") + " |")
            if index == 0 { lines.append("|" + String(repeating: " --- |", count: width)) }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Anchors and the table of contents

    /// An id for every heading: the section's kind where it is the only one of its kind (as the
    /// curated sources do: `#collection`), otherwise a slug of its words.
    private func headingAnchors(_ blocks: [LegacyBlock]) -> [Int: String] {
        var kinds: [SectionKind: Int] = [:]
        for block in blocks {
            if case .heading(2) = block.kind, let kind = SectionKind.infer(fromHeading: block.plainText) { kinds[kind, default: 0] += 1 }
        }
        var anchors: [Int: String] = [:]
        var used: Set<String> = []
        for (index, block) in blocks.enumerated() {
            guard case .heading(let level) = block.kind else { continue }
            var base = ImportSlug.make(Self.withoutNumber(block.plainText))
            if level == 2, let kind = SectionKind.infer(fromHeading: block.plainText), kinds[kind] == 1 { base = kind.rawValue }
            var anchor = base
            var counter = 2
            while used.contains(anchor) {
                anchor = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(anchor)
            anchors[index] = anchor
        }
        return anchors
    }

    /// The anchor a list item of the table of contents points at: the heading with the same
    /// words (letter case and spacing aside), if the item stands before the first heading.
    private func tocAnchor(at index: Int, _ anchors: [Int: String], _ blocks: [LegacyBlock]) -> String? {
        let block = blocks[index]
        guard case .listItem = block.kind, block.inlines.count == 1, case .text(let text) = block.inlines[0] else { return nil }
        guard let firstHeading = blocks.firstIndex(where: { if case .heading = $0.kind { true } else { false } }),
              index < firstHeading else { return nil }
        let key = TitleKey.make(text)
        return anchors.sorted { $0.key < $1.key }.first { TitleKey.make(blocks[$0.key].plainText) == key }?.value
    }

    /// A web address, an e-mail or phone link, or a path on the same site.
    static func isWebLink(_ destination: String) -> Bool {
        guard let colon = destination.firstIndex(of: ":") else { return true }
        let scheme = destination[..<colon]
        guard scheme.first?.isLetter == true, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }),
              !destination[..<colon].contains("/") else { return true }
        return ["http", "https", "mailto", "tel", "ftp", "sms"].contains(scheme.lowercased())
    }

    private static func startsWithNumber(_ text: String) -> Bool {
        text.first.map { $0.isASCII && $0.isNumber } ?? false
    }

    /// "II.How Do We Store …" → "How Do We Store …", for slugs.
    /// Only the numbering itself: dropping every character that could be one took the "C" of
    /// "1.Completing" too.
    static func withoutNumber(_ text: String) -> String {
        guard let numbering = text.range(of: #"^\(?([0-9]+|[IVXLC]+)[.)]\s*"#, options: .regularExpression) else { return text }
        let stripped = text[numbering.upperBound...]
        return stripped.isEmpty ? text : String(stripped)
    }
}

/// The "Update Date: March 3, 2020 Effective Date:March 3, 2020" line, as ISO dates.
enum DatesLine {
    static func find(in blocks: [LegacyBlock]) -> (updated: String?, effective: String?) {
        for block in blocks.prefix(6) {
            let text = block.plainText
            let updated = date(after: ["update date", "last updated", "updated", "last modified"], in: text)
            let effective = date(after: ["effective date", "effective"], in: text)
            if updated != nil || effective != nil { return (updated, effective) }
        }
        return (nil, nil)
    }

    static let months = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                                 "october", "november", "december"]

    private static func date(after cues: [String], in text: String) -> String? {
        let lowered = text.lowercased()
        for cue in cues {
            guard let found = lowered.range(of: cue) else { continue }
            let rest = lowered[found.upperBound...].drop { $0 == ":" || $0 == " " || $0 == "：" }
            if let iso = parse(String(rest.prefix(30))) { return iso }
        }
        return nil
    }

    /// "march 3, 2020" or "2020-03-03".
    private static func parse(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," }).prefix(3)
        if words.count == 3, let month = months.firstIndex(of: String(words[0])), let day = Int(words[1]), let year = Int(words[2].prefix(4)),
           (1...31).contains(day), (1900...2999).contains(year) {
            return WrittenDate.isoDate(year: year, month: month + 1, day: day)
        }
        let iso = text.prefix(10)
        if iso.count == 10, iso.split(separator: "-").map(\.count) == [4, 2, 2] { return String(iso) }
        return nil
    }
}

/// The controller's legal name as the opening paragraphs give it ("Shanghai SUNMI Technology
/// Co., Ltd. having its registered address …").
enum ControllerName {
    static func find(in blocks: [LegacyBlock]) -> String? {
        for block in blocks.prefix(8) where block.kind == .paragraph {
            let text = block.plainText
            if let range = CompanyName.ranges(in: text).first { return String(text[range]) }
        }
        return nil
    }
}

/// YAML scalars for the front matter and the vocabulary: always double-quoted, so no title
/// (one that starts with a quote, holds ": " or "#") can be misread.
enum YAMLScalar {
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += String(format: "\\x%02X", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
