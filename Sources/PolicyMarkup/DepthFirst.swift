/// The one depth-first walk of a tree taken from a source (blocks, inlines, an imported page's
/// elements): a stack of its own instead of the call stack, so that no depth of nesting in an
/// input (100,000 block quotes, `*` × 50,000) can exhaust the call stack.
///
/// `enter` is called with each node in document order and returns the children to walk next
/// (none for a leaf, or to skip what is inside); `exit` is called with every node after its
/// children, in the order a recursive walk would return. `depth` is 0 for the roots.
@inlinable
public func walkDepthFirst<Node>(
    _ roots: [Node],
    enter: (Node, _ depth: Int) -> [Node],
    exit: (Node, _ depth: Int) -> Void = { _, _ in }
) {
    // `exiting` marks an entered node waiting for its exit, below its children on the stack.
    var stack: [(node: Node, depth: Int, exiting: Bool)] = roots.reversed().map { ($0, 0, false) }
    while let (node, depth, exiting) = stack.popLast() {
        if exiting {
            exit(node, depth)
            continue
        }
        let children = enter(node, depth)
        stack.append((node, depth, true))
        for child in children.reversed() { stack.append((child, depth + 1, false)) }
    }
}
