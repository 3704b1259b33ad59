/// A parsed Markdown source: its front matter (still YAML text) and its blocks.
public struct Document: Hashable, Sendable {
    public struct FrontMatter: Hashable, Sendable {
        /// The YAML between the `---` lines.
        public var yaml: String
        /// The line of the file on which the YAML's first line stands.
        public var firstLine: Int
        public var range: SourceRange
    }

    public var path: String
    public var frontMatter: FrontMatter?
    public var blocks: [Block]

    public init(path: String, frontMatter: FrontMatter?, blocks: [Block]) {
        self.path = path
        self.frontMatter = frontMatter
        self.blocks = blocks
    }
}
