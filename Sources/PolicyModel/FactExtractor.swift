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

    /// Every link read, in document order, each resolved to the fact it names.
    var annotations: [Annotation] = []

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
            collectAnnotations(in: content, range: section.heading.range, context: context)
        }
        collectAnnotations(in: section.blocks, context: context)
        readClauses(of: section)
        for subsection in section.subsections { visit(subsection, purposeID: purposeID) }
        if isPurpose { addPurpose(section, attributes: attributes) }
    }

    // MARK: - Annotations

    private mutating func collectAnnotations(in blocks: [Block], context: Context) {
        Block.forEachLeaf(in: blocks) { block, _ in
            switch block.kind {
            case .heading(_, let content, _):
                collectAnnotations(in: content, range: block.range, context: context)
            case .paragraph(let content):
                let links = Annotation.links(in: content)
                // Only paragraphs that define a term are split into sentences here.
                if links.contains(where: { $0.scheme == .term }) {
                    noteDefinitionStatements(in: InlineText(content, in: block.range), kind: context.section?.kind ?? .general)
                }
                add(links, context: context)
                reportBrokenAnnotations(in: content, range: block.range)
            case .table(let table):
                for row in table.rows { for cell in row.cells { collectAnnotations(in: cell.content, range: cell.range, context: context) } }
            case .list, .blockQuote, .footnoteDefinition, .codeBlock, .htmlBlock, .thematicBreak:
                break
            }
        }
    }

    private mutating func collectAnnotations(in inlines: [Inline], range: SourceRange, context: Context) {
        add(Annotation.links(in: inlines), context: context)
        reportBrokenAnnotations(in: inlines, range: range)
    }

    /// Text written as an annotation that is no link; an error where a vocabulary says the
    /// source is annotated, a warning in plain Markdown (where "[1] (term: …)" may be meant).
    private mutating func reportBrokenAnnotations(in inlines: [Inline], range: SourceRange) {
        // Most runs have no "(" with a ":" in one piece of text: they are not read as a whole.
        var mayHoldOne = false
        inlines.forEachPlainTextPiece { piece in
            mayHoldOne = mayHoldOne || piece.utf8.contains(UInt8(ascii: "(")) && piece.utf8.contains(UInt8(ascii: ":"))
        }
        guard mayHoldOne else { return }
        for broken in BrokenAnnotation.find(in: InlineText(inlines, in: range)) {
            diagnostics.append(Diagnostic(
                .brokenAnnotation,
                "'\(broken.text)' is published as written, not read as an annotation: a link has no white space between ']' and '(' or in its target",
                at: broken.range, severity: vocabulary == nil ? .warning : .error,
                notes: broken.fixIt == nil ? [] : ["remove the white space; the words in brackets stay as they are"],
                fixIt: broken.fixIt))
        }
    }

    private mutating func add(_ links: [Annotation], context: Context) {
        for var annotation in links {
            annotation.entry = addFact(of: annotation, context: context)
            annotations.append(annotation)
        }
    }

    /// Adds the fact an annotation or contact link states; returns it as the policy now holds it.
    private mutating func addFact(of annotation: Annotation, context: Context) -> Annotation.Entry? {
        let scheme = annotation.scheme, value = annotation.value
        let mention = Mention(text: annotation.words, range: annotation.range, sectionID: context.section?.id)
        // Blank as `CharacterSet.whitespaces` has it (tab and the space separators), checked
        // scalar by scalar: trimming through Foundation bridged every link's words to NSString.
        if scheme.isAnnotation, annotation.words.unicodeScalars.allSatisfy({ $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }) {
            diagnostics.append(Diagnostic(
                .emptyAnnotation, "the \(scheme.name) annotation '\(annotation.destination)' has no words; put the policy's wording inside the brackets",
                at: annotation.range))
            return nil
        }
        switch scheme {
        case .item: return addItem(value, mention: mention, valueRange: annotation.valueRange, context: context)
        case .recipient: return addRecipient(value, mention: mention, valueRange: annotation.valueRange, context: context)
        case .region: return addRegion(value, mention: mention, valueRange: annotation.valueRange)
        case .term: return addDefinition(value, mention: mention, valueRange: annotation.valueRange, context: context)
        case .phone: return addContact(.phone, value: value, mention: mention)
        case .email: return addContact(.email, value: value, mention: mention)
        case .web: return context.section?.kind == .contact ? addContact(.url, value: annotation.destination, mention: mention) : nil
        case .relative: return nil
        case .other(let name):
            if !scheme.isKnown { reportUnknownScheme(name, of: annotation) }
            return nil
        }
    }

    private mutating func reportUnknownScheme(_ name: String, of annotation: Annotation) {
        let suggestion = NearestMatch.find(name, in: Annotation.Scheme.knownNames)
        diagnostics.append(Diagnostic(
            .unknownAnnotationScheme,
            "'\(name):' is not an annotation policyc knows",
            at: annotation.range,
            severity: vocabulary == nil ? .warning : .error,
            notes: ["annotations are \(Annotation.Scheme.annotations.map { $0.name + ":" }.joined(separator: ", ")); links are http(s):, mailto:, tel:"]
                + (suggestion.map { ["did you mean '\($0):'?"] } ?? []),
            fixIt: suggestion.flatMap { suggested in
                annotation.valueRange.map { valueRange in
                    var schemeRange = valueRange
                    schemeRange.end.column = valueRange.start.column - 1
                    schemeRange.start.column = schemeRange.end.column - name.utf8.count
                    return FixIt(range: schemeRange, replacement: suggested)
                }
            }))
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

    private mutating func addItem(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) -> Annotation.Entry? {
        let entry = resolve(id, in: vocabulary?.items, what: "data item", section: "items", mention: mention, valueRange: valueRange)
        if vocabulary != nil && entry == nil { return nil }
        let index = dataItems.firstIndex { $0.id == id } ?? dataItems.count
        if index < dataItems.count {
            dataItems[index].mentions.append(mention)
            if let purpose = context.purposeID, !dataItems[index].purposes.contains(purpose) { dataItems[index].purposes.append(purpose) }
        } else {
            dataItems.append(DataItem(
                id: id, label: entry?.label ?? mention.text, category: entry?.category, sensitive: entry?.sensitive ?? false,
                purposes: context.purposeID.map { [$0] } ?? [], mentions: [mention]))
        }
        if let purpose = context.purposeID { purposeItems[purpose, default: []].append(Reference(id: id, text: mention.text, range: mention.range)) }
        let item = dataItems[index]
        return .dataItem(label: item.label, category: item.category, sensitive: item.sensitive)
    }

    private mutating func addRecipient(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) -> Annotation.Entry? {
        let entry = resolve(id, in: vocabulary?.recipients, what: "recipient", section: "recipients", mention: mention, valueRange: valueRange)
        if vocabulary != nil && entry == nil { return nil }
        let index = recipients.firstIndex { $0.id == id } ?? recipients.count
        if index < recipients.count {
            recipients[index].mentions.append(mention)
        } else {
            recipients.append(Recipient(id: id, label: entry?.label ?? mention.text, kind: entry?.kind, mentions: [mention]))
        }
        if let purpose = context.purposeID {
            purposeRecipients[purpose, default: []].append(Reference(id: id, text: mention.text, range: mention.range))
        }
        return .recipient(label: recipients[index].label, kind: recipients[index].kind)
    }

    private mutating func addRegion(_ code: String, mention: Mention, valueRange: SourceRange?) -> Annotation.Entry? {
        let label = resolve(code, in: vocabulary?.regions, what: "region", section: "regions", mention: mention, valueRange: valueRange)
        if vocabulary != nil && label == nil { return nil }
        let index = storage.regions.firstIndex { $0.code == code } ?? storage.regions.count
        if index < storage.regions.count {
            storage.regions[index].mentions.append(mention)
        } else {
            storage.regions.append(Region(code: code, label: label ?? mention.text, mentions: [mention]))
        }
        return .region(label: storage.regions[index].label)
    }

    @discardableResult
    private mutating func addContact(_ kind: Contact.Kind, value: String, mention: Mention) -> Annotation.Entry {
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
        return .contact(id: id, label: label)
    }

    private mutating func addDefinition(_ id: String, mention: Mention, valueRange: SourceRange?, context: Context) -> Annotation.Entry {
        _ = resolve(id, in: vocabulary?.terms, what: "defined term", section: "terms", mention: mention, valueRange: valueRange)
        let statement = pendingDefinitionStatement(for: mention) ?? Statement(text: mention.text, range: mention.range)
        if let index = definitions.firstIndex(where: { $0.id == id }) {
            definitions[index].statements.append(statement)
            return .term(definitions[index].term)
        }
        definitions.append(Definition(id: id, term: mention.text, statements: [statement]))
        return .term(mention.text)
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
        let units = ClauseRuns.collect(section.blocks)
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
