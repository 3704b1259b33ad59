import Foundation
import PolicyMarkup

/// Collects the policy's facts: annotations (links with policyc schemes, contact links)
/// and clauses recognised in the wording of sections of a given kind.
struct FactExtractor {
    let vocabulary: Vocabulary?
    var diagnostics: [Diagnostic] = []

    var definitions: [Definition] = []
    var purposes: [Purpose] = []
    var dataItems: [DataItem] = []
    var recipients: [Recipient] = []
    var storage = Storage(regions: [], crossBorder: [], retention: [])
    var rights: [Right] = []
    var exceptions: [Exception] = []
    var contacts: [Contact] = []
    var responseTime: ResponseTime?
    var switches: [Switch] = []
    var updateClause: UpdateClause?

    /// Schemes that are ordinary links rather than policyc annotations.
    static let webSchemes: Set<String> = ["http", "https", "mailto", "tel", "ftp", "sms"]
    static let annotationSchemes: Set<String> = ["item", "recipient", "region", "term"]

    init(vocabulary: Vocabulary?) {
        self.vocabulary = vocabulary
    }

    /// Where a piece of text stands: the innermost section and the purpose it belongs to.
    struct Context {
        var section: Section?
        var purposeID: String?
    }

    mutating func extract(preamble: [Block], sections: [Section]) {
        collectAnnotations(in: preamble, context: Context())
        for section in sections { visit(section, purposeID: nil) }
    }

    private mutating func visit(_ section: Section, purposeID: String?) {
        let attributes: HeadingAttributes? = if case .heading(_, _, let attributes) = section.heading.kind { attributes } else { nil }
        let isPurpose = attributes?.hasFlag("purpose") == true
        let purposeID = isPurpose ? section.id : purposeID
        let context = Context(section: section, purposeID: purposeID)
        if case .heading(_, let content, _) = section.heading.kind {
            collectAnnotations(in: content, context: context)
        }
        collectAnnotations(in: section.blocks, context: context)
        readClauses(of: section)
        for subsection in section.subsections { visit(subsection, purposeID: purposeID) }
        if isPurpose { addPurpose(section, attributes: attributes) }
    }

    // MARK: - Annotations

    private mutating func collectAnnotations(in blocks: [Block], context: Context) {
        for block in blocks {
            switch block.kind {
            case .heading(_, let content, _):
                collectAnnotations(in: content, context: context)
            case .paragraph(let content):
                // Only paragraphs that define a term are split into sentences here.
                if content.containsLink(withScheme: "term:") {
                    noteDefinitionStatements(in: InlineText(content, in: block.range), kind: context.section?.kind ?? .general)
                }
                collectAnnotations(in: content, context: context)
            case .list(_, let items):
                for item in items { collectAnnotations(in: item.blocks, context: context) }
            case .blockQuote(let children), .footnoteDefinition(_, let children):
                collectAnnotations(in: children, context: context)
            case .table(let table):
                for row in table.rows { for cell in row.cells { collectAnnotations(in: cell.content, context: context) } }
            case .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }

    private mutating func collectAnnotations(in inlines: [Inline], context: Context) {
        for inline in inlines {
            if case .link(let destination, let title, let content) = inline.kind {
                annotate(destination: destination, text: content.plainText, range: inline.range, hasTitle: !title.isEmpty, context: context)
            }
            collectAnnotations(in: inline.children, context: context)
        }
    }

    /// Where the part after the scheme is written. A link is `[text](scheme:value)`: on one line
    /// and without a title, the value ends one column before the link's closing `)`.
    /// Fix-its replace only that part, so the legal wording in the brackets is never touched.
    private static func valueRange(of value: String, inLink range: SourceRange, hasTitle: Bool) -> SourceRange? {
        guard !hasTitle, range.start.line == range.end.line else { return nil }
        let end = SourceLocation(line: range.end.line, column: range.end.column - 1)
        let start = SourceLocation(line: end.line, column: end.column - value.utf8.count)
        guard start > range.start else { return nil }
        return SourceRange(file: range.file, start: start, end: end)
    }

    private mutating func annotate(destination: String, text: String, range: SourceRange, hasTitle: Bool, context: Context) {
        guard let colon = destination.utf8.firstIndex(of: UInt8(ascii: ":")) else { return }
        let scheme = destination[..<colon].lowercased()
        guard scheme.first?.isLetter == true, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+.-".contains($0) }) else { return }
        let value = String(destination[destination.utf8.index(after: colon)...])
        let mention = Mention(text: text, range: range, sectionID: context.section?.id)
        let valueRange = Self.valueRange(of: value, inLink: range, hasTitle: hasTitle)
        // Blank as `CharacterSet.whitespaces` has it (tab and the space separators), checked
        // scalar by scalar: trimming through Foundation bridged every link's words to NSString.
        if Self.annotationSchemes.contains(scheme), text.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) {
            diagnostics.append(Diagnostic(.emptyAnnotation, "the \(scheme) annotation '\(destination)' has no words; put the policy's wording inside the brackets", at: range))
            return
        }
        switch scheme {
        case "item": addItem(value, mention: mention, valueRange: valueRange, context: context)
        case "recipient": addRecipient(value, mention: mention, valueRange: valueRange, context: context)
        case "region": addRegion(value, mention: mention, valueRange: valueRange)
        case "term": addDefinition(value, mention: mention, valueRange: valueRange, context: context)
        case "tel": addContact(.phone, value: value, mention: mention)
        case "mailto": addContact(.email, value: value, mention: mention)
        case "http", "https":
            if context.section?.kind == .contact { addContact(.url, value: destination, mention: mention) }
        default:
            if Self.webSchemes.contains(scheme) { return }
            let suggestion = NearestMatch.find(scheme, in: Self.annotationSchemes.union(Self.webSchemes))
            diagnostics.append(Diagnostic(
                .unknownAnnotationScheme,
                "'\(scheme):' is not an annotation policyc knows",
                at: range,
                severity: vocabulary == nil ? .warning : .error,
                notes: ["annotations are item:, recipient:, region:, term:; links are http(s):, mailto:, tel:"]
                    + (suggestion.map { ["did you mean '\($0):'?"] } ?? []),
                fixIt: suggestion.flatMap { suggested in
                    valueRange.map { valueRange in
                        var schemeRange = valueRange
                        schemeRange.end.column = valueRange.start.column - 1
                        schemeRange.start.column = schemeRange.end.column - scheme.utf8.count
                        return FixIt(range: schemeRange, replacement: suggested)
                    }
                }))
        }
    }

    /// Checks an id against one section of the vocabulary; reports the nearest id when unknown.
    private mutating func resolve<Entry>(
        _ id: String, in entries: [String: Entry]?, what: String, section: String, mention: Mention, valueRange: SourceRange?
    ) -> Entry? {
        guard let entries else { return nil }
        if let entry = entries[id] { return entry }
        let suggestion = NearestMatch.find(id, in: entries.keys)
        diagnostics.append(Diagnostic(
            .unknownVocabularyID,
            "'\(id)' is not a \(what) declared in vocabulary.yaml",
            at: mention.range,
            notes: (suggestion.map { ["did you mean '\($0)'?"] } ?? []) + ["declare it under '\(section):' in vocabulary.yaml"],
            fixIt: suggestion.flatMap { suggested in valueRange.map { FixIt(range: $0, replacement: suggested) } }))
        return nil
    }

    private mutating func addItem(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) {
        let entry = resolve(id, in: vocabulary?.items, what: "data item", section: "items", mention: mention, valueRange: valueRange)
        if vocabulary != nil && entry == nil { return }
        if let index = dataItems.firstIndex(where: { $0.id == id }) {
            dataItems[index].mentions.append(mention)
            if let purpose = context.purposeID, !dataItems[index].purposes.contains(purpose) { dataItems[index].purposes.append(purpose) }
        } else {
            dataItems.append(DataItem(
                id: id, label: entry?.label ?? mention.text, category: entry?.category, sensitive: entry?.sensitive ?? false,
                purposes: context.purposeID.map { [$0] } ?? [], mentions: [mention]))
        }
        if let purpose = context.purposeID { purposeItems[purpose, default: []].append(Reference(id: id, text: mention.text, range: mention.range)) }
    }

    private mutating func addRecipient(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) {
        let entry = resolve(id, in: vocabulary?.recipients, what: "recipient", section: "recipients", mention: mention, valueRange: valueRange)
        if vocabulary != nil && entry == nil { return }
        if let index = recipients.firstIndex(where: { $0.id == id }) {
            recipients[index].mentions.append(mention)
        } else {
            recipients.append(Recipient(id: id, label: entry?.label ?? mention.text, kind: entry?.kind, mentions: [mention]))
        }
        if let purpose = context.purposeID {
            purposeRecipients[purpose, default: []].append(Reference(id: id, text: mention.text, range: mention.range))
        }
    }

    private mutating func addRegion(_ code: String, mention: Mention, valueRange: SourceRange?) {
        let label = resolve(code, in: vocabulary?.regions, what: "region", section: "regions", mention: mention, valueRange: valueRange)
        if vocabulary != nil && label == nil { return }
        if let index = storage.regions.firstIndex(where: { $0.code == code }) {
            storage.regions[index].mentions.append(mention)
        } else {
            storage.regions.append(Region(code: code, label: label ?? mention.text, mentions: [mention]))
        }
    }

    private mutating func addContact(_ kind: Contact.Kind, value: String, mention: Mention) {
        let id: String
        var label: String?
        if let known = vocabulary?.contactID(kind: kind, value: value) {
            id = known
            label = vocabulary?.contacts[known]?.label
        } else {
            id = kind.rawValue + ":" + ContactNormalizer.key(kind: kind, value: value)
            if vocabulary != nil {
                diagnostics.append(Diagnostic(
                    .contactNotInVocabulary, "the \(kind == .phone ? "phone number" : kind == .email ? "e-mail address" : "address") '\(value)' is not declared as a contact channel",
                    at: mention.range, notes: ["declare it under 'contacts:' in vocabulary.yaml so manifests can name it"]))
            }
        }
        if let index = contacts.firstIndex(where: { $0.id == id }) {
            contacts[index].mentions.append(mention)
        } else {
            contacts.append(Contact(id: id, kind: kind, value: value, label: label, mentions: [mention]))
        }
    }

    private mutating func addDefinition(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) {
        _ = resolve(id, in: vocabulary?.terms, what: "defined term", section: "terms", mention: mention, valueRange: valueRange)
        let statement = pendingDefinitionStatement(for: mention) ?? Statement(text: mention.text, range: mention.range)
        if let index = definitions.firstIndex(where: { $0.id == id }) {
            definitions[index].statements.append(statement)
        } else {
            definitions.append(Definition(id: id, term: mention.text, statements: [statement]))
        }
    }

    /// Items and recipients annotated inside each purpose (by purpose id), attached to the
    /// purpose when its section is finished.
    var purposeItems: [String: [Reference]] = [:]
    var purposeRecipients: [String: [Reference]] = [:]
    /// The sentence or enumerated item each defining mention stands in, filled per paragraph.
    var definitionStatements: [SourceRange: Statement] = [:]

    private func pendingDefinitionStatement(for mention: Mention) -> Statement? {
        definitionStatements.first { $0.key.start <= mention.range.start && mention.range.end <= $0.key.end }?.value
    }

    // MARK: - Purposes

    private mutating func addPurpose(_ section: Section, attributes: HeadingAttributes?) {
        let items = purposeItems[section.id] ?? []
        let recipients = purposeRecipients[section.id] ?? []
        let refusal = ClauseReader.refusal(in: section)
        let declared: Necessity? = attributes?.hasFlag("optional") == true ? .optional : attributes?.hasFlag("required") == true ? .required : nil
        let inferred: Necessity = switch refusal?.effect {
        case .noEffectOnNormalUse?, .featureUnavailable?: .optional
        case .serviceUnavailable?, .higherRisk?: .required
        default: .unspecified
        }
        if let declared, inferred != .unspecified, declared != inferred, let refusal {
            diagnostics.append(Diagnostic(
                .necessityMismatch,
                "the purpose '\(section.title)' is marked \(declared.rawValue), but its text says refusing means: “\(refusal.statement.text)”",
                at: attributes?.range ?? section.heading.range))
        }
        let headingRange = section.heading.range
        purposes.append(Purpose(
            id: section.id, title: section.title, necessity: declared ?? inferred, necessityIsDeclared: declared != nil,
            refusal: refusal, items: items, recipients: recipients, range: section.range, headingRange: headingRange))
    }

    // MARK: - Clauses recognised in the wording

    /// Section kinds whose wording holds clauses; others are not split into sentences at all.
    private static let kindsWithClauses: Set<SectionKind> = [.storage, .exceptions, .rights, .contact, .update]

    private mutating func readClauses(of section: Section) {
        let units = TextUnits.collect(section.blocks)
        for unit in units where unit.text.containsText("[at]") {
            for (address, span) in ClauseReader.obfuscatedEmails(in: unit) {
                addContact(.email, value: address, mention: Mention(text: String(span.text), range: span.range, sectionID: section.id))
            }
        }
        guard Self.kindsWithClauses.contains(section.kind) else { return }
        switch section.kind {
        case .storage:
            ClauseReader.storage(units, into: &storage)
        case .exceptions:
            for unit in units {
                for (number, span) in unit.parenthesisedEnumeration {
                    exceptions.append(Exception(id: "\(section.id).\(number)", number: number, sectionID: section.id, statement: span.statement))
                }
            }
        case .rights:
            if let right = ClauseReader.right(in: section, units: units) { rights.append(right) }
            switches += ClauseReader.switches(in: units, items: dataItems)
        case .contact:
            if responseTime == nil { responseTime = ClauseReader.responseTime(in: units) }
        case .update:
            if updateClause == nil { updateClause = ClauseReader.updateClause(in: section, units: units) }
        default:
            break
        }
    }

    /// Records the sentence (or numbered definition) each term link stands in, before the
    /// links of the section are collected, so a definition carries its defining words.
    private mutating func noteDefinitionStatements(in unit: InlineText, kind: SectionKind) {
        let pieces = kind == .definitions && !unit.numberedEnumeration.isEmpty
            ? unit.numberedEnumeration.map(\.span) : unit.sentences
        for piece in pieces where piece.text.containsText("means") || piece.text.containsText("referred to") {
            definitionStatements[piece.range] = piece.statement
        }
    }
}
