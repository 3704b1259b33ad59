import CLibXML2
import Foundation
import PolicyMarkup
import Synchronization

/// A permission or hardware feature an Android app declares in `AndroidManifest.xml`.
public struct ManifestEntry: Hashable, Sendable {
    public enum Element: String, Hashable, Sendable, CaseIterable {
        case usesPermission = "uses-permission"
        case usesPermissionSDK23 = "uses-permission-sdk-23"
        case usesFeature = "uses-feature"
    }

    public var element: Element
    /// The `android:name` value, e.g. `android.permission.RECORD_AUDIO`.
    public var name: String
    public var range: SourceRange
}

/// Reads `AndroidManifest.xml` with libxml2, namespace-aware, and hardened against hostile
/// input: a document type declaration (the carrier of entity-expansion bombs and external
/// entities) is refused before libxml2 sees the bytes; libxml2 then parses without entity
/// substitution, without loading any DTD and without network access, within its default limits.
public enum AndroidManifestReader {
    public static let androidNamespace = "http://schemas.android.com/apk/res/android"
    /// Real manifests are kilobytes; anything over this is refused unread.
    public static let maximumBytes = 8 << 20

    public static func read(path: String) -> Result<[ManifestEntry], Diagnostic> {
        let start = SourceRange.point(path, line: 1, column: 1)
        var status = stat()
        guard stat(path, &status) == 0 else {
            return .failure(Diagnostic(.unreadableFile, "'\(path)' does not exist", at: start))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Diagnostic(.unreadableFile, "'\(path)' is not a file", at: start))
        }
        guard Int(status.st_size) <= maximumBytes else {
            return .failure(Diagnostic(
                .fileTooLarge, "'\(path)' is \(Int(status.st_size) >> 20) MiB; an Android manifest over \(maximumBytes >> 20) MiB is refused unread",
                at: start))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(Diagnostic(.unreadableFile, "'\(path)' cannot be read (permissions?)", at: start))
        }
        return read(bytes: [UInt8](data), path: path)
    }

    public static func read(bytes: [UInt8], path: String) -> Result<[ManifestEntry], Diagnostic> {
        // UTF-16 and other encodings would hide "<!DOCTYPE" from the byte search below; Android
        // writes manifests in UTF-8, so anything else is refused.
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.prefix(4096).contains(0) {
            return .failure(Diagnostic(
                .malformedXML, "this manifest is not UTF-8 text (a UTF-16 byte order mark or NUL bytes); Android manifests are UTF-8",
                at: .point(path, line: 1, column: 1)))
        }
        if let offset = firstDeclaration(in: bytes) {
            var lines = SourceScanner.LineCounter()
            let location = bytes.withUnsafeBufferPointer { lines.location(of: offset, in: $0) }
            return .failure(Diagnostic(
                .xmlDeclarationRefused, "this manifest declares a document type or an entity; policyc refuses both",
                at: .point(path, line: location.line, column: location.column),
                notes: ["Android manifests have no DTD; entity declarations are how entity-expansion bombs and external-entity reads are written"]))
        }
        initialise()
        guard let context = xmlNewParserCtxt() else {
            return .failure(Diagnostic(.malformedXML, "libxml2 could not start a parser", at: .point(path, line: 1, column: 1)))
        }
        defer { xmlFreeParserCtxt(context) }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_BIG_LINES.rawValue)
        var firstError = policyc_xml_error()
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { policyc_xml_read(context, $0.baseAddress, Int32(buffer.count), path, options, &firstError) }
        }
        guard let document else {
            let message = firstError.set != 0
                ? withUnsafeBytes(of: firstError.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }.trimmingCharacters(in: .whitespacesAndNewlines)
                : "not well-formed"
            return .failure(Diagnostic(
                .malformedXML, "the manifest is not well-formed XML: \(message)",
                at: .point(path, line: max(1, Int(firstError.line)), column: max(1, Int(firstError.column)))))
        }
        defer { xmlFreeDoc(document) }
        // Whatever the bytes looked like, a document type that reached the parser is refused.
        if document.pointee.intSubset != nil || document.pointee.extSubset != nil {
            return .failure(Diagnostic(
                .xmlDeclarationRefused, "this manifest declares a document type or an entity; policyc refuses both", at: .point(path, line: 1, column: 1)))
        }
        guard let root = xmlDocGetRootElement(document), name(of: root) == "manifest" else {
            return .failure(Diagnostic(.notAnAndroidManifest, "the root element is not <manifest>; this is not an AndroidManifest.xml",
                                       at: .point(path, line: 1, column: 1)))
        }
        var entries: [ManifestEntry] = []
        var child = root.pointee.children
        while let node = child {
            defer { child = node.pointee.next }
            guard node.pointee.type == XML_ELEMENT_NODE, let element = ManifestEntry.Element(rawValue: name(of: node)),
                  let value = xmlGetNsProp(node, "name", androidNamespace) else { continue }
            defer { policyc_xml_free(value) }
            let line = Int(xmlGetLineNo(node))
            entries.append(ManifestEntry(element: element, name: String(cString: value), range: .point(path, line: max(1, line), column: 1)))
        }
        return .success(entries)
    }

    private static func name(of node: xmlNodePtr) -> String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// libxml2's global tables are set up once, before any thread parses.
    private static let initialised = Mutex(false)
    private static func initialise() {
        initialised.withLock { done in
            if !done { xmlInitParser(); done = true }
        }
    }

    /// The offset of `<!DOCTYPE` or `<!ENTITY`, if the bytes hold one.
    static func firstDeclaration(in bytes: [UInt8]) -> Int? {
        let patterns = [Array("<!DOCTYPE".utf8), Array("<!ENTITY".utf8)]
        return bytes.withUnsafeBufferPointer { haystack in
            patterns.compactMap { pattern in pattern.withUnsafeBufferPointer { ByteSearch.firstOffset(of: $0, in: haystack) } }.min()
        }
    }
}
