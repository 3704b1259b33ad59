import Foundation
import Mustache
import PolicyMarkup
import PolicyDiff
import PolicyModel

/// The published HTML: a page per policy and an index, laid out by the Mustache templates in
/// `templates/` around the bodies `HTMLRenderer` produces.
public struct HTMLSite: Sendable {
    public static let pageTemplate = "policy"
    public static let indexTemplate = "index"
    public static let redlineTemplate = "redline"
    public static let stylesheetName = "policy.css"
    public static let generator = "policyc 0.1.0"

    private let library: MustacheLibrary
    /// The stylesheet's bytes, copied beside the pages.
    public let stylesheet: [UInt8]

    /// Loads `policy.mustache`, `index.mustache`, `redline.mustache` and `policy.css` from `folder`
    /// (a template folder made before redlines existed needs `redline.mustache` added).
    public static func load(templates folder: String) -> Result<HTMLSite, Diagnostic> {
        var library = MustacheLibrary()
        for name in [pageTemplate, indexTemplate, redlineTemplate] {
            let path = (folder as NSString).appendingPathComponent(name + ".mustache")
            switch SourceFile.load(path: path) {
            case .failure(let diagnostic):
                return .failure(diagnostic)
            case .success(let file):
                do {
                    library.register(try MustacheTemplate(string: file.text), named: name)
                } catch let error as MustacheTemplate.ParserError {
                    return .failure(Diagnostic(
                        .malformedTemplate, "the template cannot be read: \(error.error)",
                        at: .point(path, line: error.context.lineNumber, column: error.context.columnNumber)))
                } catch {
                    return .failure(Diagnostic(.malformedTemplate, "the template cannot be read: \(error)", at: .point(path, line: 1, column: 1)))
                }
            }
        }
        let stylesheetPath = (folder as NSString).appendingPathComponent(stylesheetName)
        switch SourceFile.load(path: stylesheetPath) {
        case .failure(let diagnostic): return .failure(diagnostic)
        case .success(let file): return .success(HTMLSite(library: library, stylesheet: file.bytes))
        }
    }

    /// One line of the index page.
    public struct IndexEntry: Sendable {
        public var id: String
        public var title: String
        public var version: String?
        public var effective: String?

        public init(_ metadata: Metadata) {
            id = metadata.id
            title = metadata.title
            version = metadata.version
            effective = metadata.effective
        }
    }

    /// The file name of a policy's page, relative to the HTML folder.
    public static func pageName(for id: String) -> String { id + ".html" }

    /// A released version, as the page lists it.
    public struct ArchivedVersion: Sendable {
        public var version: String
        public var effective: String?
        public var released: String
        /// Relative to the HTML root.
        public var href: String
        public var redlineHref: String?
        /// The version the page itself shows.
        public var isCurrent: Bool

        public init(version: String, effective: String?, released: String, href: String, redlineHref: String?, isCurrent: Bool) {
            self.version = version
            self.effective = effective
            self.released = released
            self.href = href
            self.redlineHref = redlineHref
            self.isCurrent = isCurrent
        }
    }

    /// `root` leads from the page's folder to the HTML root; by default the page is
    /// `html/<id>.html` (ids of plain Markdown may contain '/', putting it in a subfolder).
    public func page(for policy: Policy, root: String? = nil, versions: [ArchivedVersion] = []) -> [UInt8] {
        let metadata = policy.metadata
        let escape = HTMLRenderer.escape
        let renderer = HTMLRenderer(policy: policy)
        let root = root ?? String(repeating: "../", count: metadata.id.count { $0 == "/" })
        var values: [String: Any] = [
            "root": root,
            "title": escape(metadata.title), "id": escape(metadata.id), "locale": escape(metadata.locale),
            "sha256": policy.source.sha256, "generator": Self.generator,
            "body": Self.bodyMarker, "contents": renderer.contents(),
            "previousVersions": !versions.isEmpty,
            "versions": versions.reversed().map { version -> [String: Any] in
                var values: [String: Any] = [
                    "version": escape(version.version), "released": escape(version.released),
                    "href": escape(root + version.href), "current": version.isCurrent,
                ]
                if let effective = version.effective { values["effective"] = escape(effective) }
                if let redline = version.redlineHref { values["redline"] = escape(root + redline) }
                return values
            },
        ]
        // Absent facts are left out of the values, so the template's sections skip them.
        if let controller = metadata.controller { values["controller"] = escape(controller) }
        if let version = metadata.version { values["version"] = escape(version) }
        if let updated = metadata.updated { values["updated"] = escape(updated) }
        if let effective = metadata.effective { values["effective"] = escape(effective) }
        let shell = Array((library.render(values, withTemplate: Self.pageTemplate) ?? "").utf8)
        return Self.splice(renderer.body(), into: shell)
    }

    /// A redline page: the changes from one version to the next. `root` leads back to the HTML root.
    public func redline(_ report: PolicyDiffReport, root: String) -> [UInt8] {
        let escape = HTMLRenderer.escape
        let values: [String: Any] = [
            "root": root, "title": escape(report.new.title), "locale": escape(report.new.locale), "generator": Self.generator,
            "from": escape(report.old.version ?? report.old.path), "to": escape(report.new.version ?? report.new.path),
            "policyHref": escape(Self.pageName(for: report.new.id)), "body": Self.bodyMarker,
        ]
        let shell = Array((library.render(values, withTemplate: Self.redlineTemplate) ?? "").utf8)
        return Self.splice(RedlineRenderer.body(report), into: shell)
    }

    /// Stands for the body while Mustache lays out the page shell. The body is most of a page,
    /// and handing it to Mustache as a String (decode, copy, re-encode) was a third of the time
    /// of writing the HTML; it is put in place as bytes instead. Escaping turns any NUL into
    /// U+FFFD, so no value can contain the marker; a template holding one would be spliced too.
    static let bodyMarker = "\u{0}policyc:body\u{0}"

    /// `shell` with every occurrence of the marker replaced by `body`.
    static func splice(_ body: [UInt8], into shell: [UInt8]) -> [UInt8] {
        let marker = Array(bodyMarker.utf8)
        var page: [UInt8] = []
        page.reserveCapacity(shell.count + body.count)
        shell.withUnsafeBufferPointer { shell in
            marker.withUnsafeBufferPointer { marker in
                var start = 0
                while let offset = ByteSearch.firstOffset(of: marker, in: UnsafeBufferPointer(rebasing: shell[start...])) {
                    page.append(contentsOf: UnsafeBufferPointer(rebasing: shell[start..<(start + offset)]))
                    page.append(contentsOf: body)
                    start += offset + marker.count
                }
                page.append(contentsOf: UnsafeBufferPointer(rebasing: shell[start...]))
            }
        }
        return page
    }

    public func index(_ entries: [IndexEntry]) -> [UInt8] {
        let escape = HTMLRenderer.escape
        let policies: [[String: Any]] = entries.map { entry in
            var values: [String: Any] = ["href": escape(Self.pageName(for: entry.id)), "title": escape(entry.title)]
            if let version = entry.version { values["version"] = escape(version) }
            if let effective = entry.effective { values["effective"] = escape(effective) }
            return values
        }
        return Array((library.render(["policies": policies, "generator": Self.generator], withTemplate: Self.indexTemplate) ?? "").utf8)
    }
}
