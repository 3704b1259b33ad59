import PolicyMarkup
let path = CommandLine.arguments[1]
let source = try! SourceFile.load(path: path).get()
let (doc, diags) = MarkdownReader.read(source)
print(TreeDumper.dump(doc)); print(diags)
