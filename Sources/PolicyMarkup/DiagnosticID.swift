/// Every diagnostic policyc can report. A closed set, so codes are stable and documented
/// (`docs/diagnostics.md` lists them); never reuse a retired code.
public enum DiagnosticID: String, CaseIterable, Sendable {
    // Reading files (PC00xx)
    case unreadableFile
    case notUTF8
    case fileTooLarge
    case noPolicySources
    case noPolicyFound
    case outputExists
    case unsafePath

    // Front matter (PC10xx)
    case missingFrontMatter
    case malformedFrontMatter
    case missingMetadataField
    case invalidMetadataValue
    case unknownMetadataField
    case titleMismatch
    case datesMismatch
    case malformedReviewDecision

    // Markdown conventions (PC11xx)
    case malformedAttributeBlock
    case unknownSectionKind
    case unknownAttribute
    case templateTagInText
    case nestingTooDeep

    // Annotations and vocabulary (PC20xx)
    case unknownAnnotationScheme
    case unknownVocabularyID
    case duplicateID
    case purposeWithoutDataItems
    case contactNotInVocabulary
    case emptyAnnotation
    case necessityMismatch
    case brokenAnchor
    case brokenAnnotation

    // Project files (PC30xx)
    case malformedVocabulary
    case malformedProjectSettings
    case malformedTemplate

    // Releases and the archive (PC4xxx)
    case unknownPolicyID
    case versionAlreadyReleased
    case majorChangeWithoutNotice
    case malformedArchiveIndex
    case archiveFileChanged
    case archiveFileMissing
    case archiveFileUnexpected
    case unreviewedChange
    case staleReviewDecision
    case archiveRecordChanged
    case archiveChainBroken
    case archiveNotChained

    // The CI gate: what the code collects against what the policy declares (PC5xxx)
    case malformedXML
    case xmlDeclarationRefused
    case notAnAndroidManifest
    case malformedInventory
    case scanProblem
    case undeclaredCollection
    case undeclaredPurpose
    case sensitiveWithoutSeparateConsent
    case declaredNeverCollected
    case unmappedPermission

    // Lint: what a careful privacy lawyer would catch (PC6xxx), one rule per file in PolicyPasses/Lint
    case misspelledWord
    case repeatedText
    case inconsistentControllerName
    case mismatchedQuotes
    case tableOfContentsMismatch
    case switchWithoutItem
    case itemWithoutSwitch
    case unusedDefinedTerm
    case undefinedCapitalisedTerm
    case sensitiveWithoutConsentStatement
    case missingDisclosure
    case unannotatedFact
    case contradictoryStatements

    public var code: String {
        switch self {
        case .unreadableFile: "PC0001"
        case .notUTF8: "PC0002"
        case .fileTooLarge: "PC0003"
        case .noPolicySources: "PC0004"
        case .noPolicyFound: "PC0005"
        case .outputExists: "PC0006"
        case .unsafePath: "PC0007"
        case .missingFrontMatter: "PC1001"
        case .malformedFrontMatter: "PC1002"
        case .missingMetadataField: "PC1003"
        case .invalidMetadataValue: "PC1004"
        case .unknownMetadataField: "PC1005"
        case .titleMismatch: "PC1006"
        case .datesMismatch: "PC1007"
        case .malformedReviewDecision: "PC1008"
        case .malformedAttributeBlock: "PC1101"
        case .unknownSectionKind: "PC1102"
        case .unknownAttribute: "PC1103"
        case .templateTagInText: "PC1104"
        case .nestingTooDeep: "PC1105"
        case .unknownAnnotationScheme: "PC2001"
        case .unknownVocabularyID: "PC2002"
        case .duplicateID: "PC2003"
        case .purposeWithoutDataItems: "PC2004"
        case .contactNotInVocabulary: "PC2006"
        case .emptyAnnotation: "PC2007"
        case .necessityMismatch: "PC2008"
        case .brokenAnchor: "PC2009"
        case .brokenAnnotation: "PC2010"
        case .malformedVocabulary: "PC3001"
        case .malformedProjectSettings: "PC3002"
        case .malformedTemplate: "PC3003"
        case .unknownPolicyID: "PC4001"
        case .versionAlreadyReleased: "PC4002"
        case .majorChangeWithoutNotice: "PC4003"
        case .malformedArchiveIndex: "PC4004"
        case .archiveFileChanged: "PC4005"
        case .archiveFileMissing: "PC4006"
        case .archiveFileUnexpected: "PC4007"
        case .unreviewedChange: "PC4008"
        case .staleReviewDecision: "PC4009"
        case .archiveRecordChanged: "PC4010"
        case .archiveChainBroken: "PC4011"
        case .archiveNotChained: "PC4012"
        case .malformedXML: "PC5001"
        case .xmlDeclarationRefused: "PC5002"
        case .notAnAndroidManifest: "PC5003"
        case .malformedInventory: "PC5004"
        case .scanProblem: "PC5005"
        case .undeclaredCollection: "PC5101"
        case .undeclaredPurpose: "PC5102"
        case .sensitiveWithoutSeparateConsent: "PC5103"
        case .declaredNeverCollected: "PC5104"
        case .unmappedPermission: "PC5105"
        case .misspelledWord: "PC6001"
        case .repeatedText: "PC6002"
        case .inconsistentControllerName: "PC6003"
        case .mismatchedQuotes: "PC6004"
        case .tableOfContentsMismatch: "PC6005"
        case .switchWithoutItem: "PC6006"
        case .itemWithoutSwitch: "PC6007"
        case .unusedDefinedTerm: "PC6008"
        case .undefinedCapitalisedTerm: "PC6009"
        case .sensitiveWithoutConsentStatement: "PC6010"
        case .missingDisclosure: "PC6011"
        case .unannotatedFact: "PC6012"
        case .contradictoryStatements: "PC6013"
        }
    }

    public var defaultSeverity: Severity {
        switch self {
        case .unknownMetadataField, .titleMismatch, .datesMismatch, .unknownAttribute,
             .templateTagInText, .contactNotInVocabulary, .staleReviewDecision, .necessityMismatch, .sensitiveWithoutSeparateConsent, .scanProblem:
            .warning
        case .misspelledWord, .repeatedText, .inconsistentControllerName, .mismatchedQuotes, .tableOfContentsMismatch,
             .switchWithoutItem, .itemWithoutSwitch, .sensitiveWithoutConsentStatement, .missingDisclosure, .unannotatedFact,
             .contradictoryStatements:
            .warning
        case .declaredNeverCollected, .unmappedPermission, .unusedDefinedTerm, .undefinedCapitalisedTerm:
            .note
        default:
            .error
        }
    }

    /// One sentence for `docs/diagnostics.md` and `--explain`-style help.
    public var summary: String {
        switch self {
        case .unreadableFile: "A policy or project file could not be read."
        case .notUTF8: "A source file is not valid UTF-8 text."
        case .fileTooLarge: "A source file is larger than policyc accepts."
        case .noPolicySources: "No Markdown policy was found at the given path."
        case .outputExists: "A file `policyc import` would write already exists; import writes only new files, never over a curated source."
        case .unsafePath: "A path policyc would write or read leads out of its folder, or through a symbolic link inside output/ or archive/, where policyc follows no links; nothing is written."
        case .noPolicyFound: "A legacy file given to `policyc import` holds nothing that reads as a policy (a title line followed by its dates, or a page with text)."
        case .missingFrontMatter: "An annotated policy has no YAML front matter."
        case .malformedFrontMatter: "The front matter is not valid YAML or not a mapping."
        case .missingMetadataField: "A required front-matter field (id, title, version, …) is missing."
        case .invalidMetadataValue: "A front-matter field has a value of the wrong form."
        case .unknownMetadataField: "A front-matter field policyc does not know; it is ignored."
        case .titleMismatch: "The front-matter title differs from the document's first heading."
        case .datesMismatch: "The dates written in the text differ from the front matter."
        case .malformedReviewDecision: "An entry of `reviewed:` in the front matter names no change, has a decision other than minor or major, or gives no reason."
        case .malformedAttributeBlock: "A heading's `{…}` attribute block cannot be read."
        case .unknownSectionKind: "A heading states a section kind policyc does not know."
        case .unknownAttribute: "A heading attribute policyc does not know; it is ignored."
        case .templateTagInText: "A Liquid/template tag is part of the text and will be published as is."
        case .nestingTooDeep: "Block quotes, lists, emphasis or links are nested deeper than 100 levels (`MarkdownReader.nestingLimit`); what is deeper is left out."
        case .unknownAnnotationScheme: "A link uses a scheme that is neither a web link nor a policyc annotation."
        case .unknownVocabularyID: "An annotation names an id that vocabulary.yaml does not declare."
        case .duplicateID: "Two policies, sections or purposes have the same id."
        case .purposeWithoutDataItems: "A purpose of processing names no collected data item."
        case .contactNotInVocabulary: "A phone number or e-mail link is not declared as a contact channel."
        case .emptyAnnotation: "An annotation link has no text."
        case .necessityMismatch: "A purpose is marked optional/required but its text says otherwise."
        case .brokenAnchor: "A link to #anchor (e.g. in the table of contents) names no section."
        case .brokenAnnotation: "Text written as an annotation is not a link (white space between `]` and `(`, or after `item:`), so it would be published as written."
        case .malformedVocabulary: "vocabulary.yaml cannot be read as the vocabulary format."
        case .malformedProjectSettings: "policyc.yaml cannot be read as the project settings (device profiles)."
        case .malformedTemplate: "A page template in templates/ is not valid Mustache."
        case .unknownPolicyID: "No policy in the project has the id given to `policyc release`."
        case .versionAlreadyReleased: "This version is already in the archive; a released version is never overwritten."
        case .majorChangeWithoutNotice: "A major change is released without the notice its update clause promises."
        case .malformedArchiveIndex: "archive/index.json cannot be read as the archive index."
        case .archiveFileChanged: "An archived file no longer has the SHA-256 digest the archive index recorded."
        case .archiveFileMissing: "A file the archive index lists is missing from the archive."
        case .archiveFileUnexpected: "The archive holds a file that its index does not list."
        case .unreviewedChange: "A change policyc cannot classify (`review`) is released without a person's decision on it in the front matter's `reviewed:`."
        case .archiveRecordChanged: "A release record in archive/index.json was edited after its release: it no longer hashes to its recorded SHA-256, or disagrees with its own archived manifest."
        case .archiveChainBroken: "The release records are no longer the chain they were written as: one was removed, inserted, duplicated or moved, or the index's head is not its last record."
        case .archiveNotChained: "archive/index.json predates chained records (schemaVersion 1); `policyc migrate-archive` chains it, keeping every release."
        case .staleReviewDecision: "A `reviewed:` decision names a change id that is not among the changes for review since the last release; it is ignored."
        case .malformedXML: "An Android manifest is not well-formed XML."
        case .xmlDeclarationRefused: "An Android manifest declares a DTD or an entity, which policyc refuses (entity bombs, external entities)."
        case .notAnAndroidManifest: "An XML file given as an Android manifest has no <manifest> root."
        case .malformedInventory: "A field inventory is not a mapping of fields to data items."
        case .scanProblem: "Part of a scanned tree could not be read, a symbolic link leads back into it, or a pattern could not be searched to the end of a file; that part was passed over."
        case .undeclaredCollection: "The code collects a data item that the policy does not declare."
        case .undeclaredPurpose: "The code uses a data item for a purpose the policy does not give it."
        case .sensitiveWithoutSeparateConsent: "Sensitive personal information is collected where the policy states no separate consent (PIPL Art. 29)."
        case .declaredNeverCollected: "The policy declares a data item that nothing collects."
        case .unmappedPermission: "An Android permission is mapped to no data item, so what it collects is unknown."
        case .misspelledWord: "A word is in neither the English dictionary nor the project's word list."
        case .repeatedText: "A sentence or paragraph is repeated word for word."
        case .inconsistentControllerName: "The controller's name is written differently inside one policy."
        case .mismatchedQuotes: "Typographic quotation marks do not pair up (an opening mark closes a quotation)."
        case .tableOfContentsMismatch: "The table of contents differs from the section headings (wording, order, or a missing entry)."
        case .switchWithoutItem: "A switch the rights section offers controls nothing the policy collects."
        case .itemWithoutSwitch: "A collected item has no switch, although the policy promises one for what it collects."
        case .unusedDefinedTerm: "A term is defined but never used again."
        case .undefinedCapitalisedTerm: "A capitalised term is used as a defined term but never defined."
        case .sensitiveWithoutConsentStatement: "Sensitive personal information is collected without a statement of separate consent (PIPL Art. 29)."
        case .missingDisclosure: "A disclosure the law requires (PIPL Art. 17, GDPR Art. 13) is missing from the policy."
        case .unannotatedFact: "An annotated policy states a data item, recipient, region or contact that no annotation marks."
        case .contradictoryStatements: "The policy promises not to do what another of its statements (or another policy of the project) says it does."
        }
    }
}

extension DiagnosticID {
    /// The table of every code for `docs/diagnostics.md`; a test keeps the document in step.
    public static var markdownTable: String {
        var table = "| code | id | default severity | meaning |\n| --- | --- | --- | --- |\n"
        for id in allCases.sorted(by: { $0.code < $1.code }) {
            table += "| \(id.code) | `\(id.rawValue)` | \(id.defaultSeverity.rawValue) | \(id.summary) |\n"
        }
        return table
    }
}
