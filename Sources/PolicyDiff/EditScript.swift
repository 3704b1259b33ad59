/// The shortest edit script between two sequences (Myers, "An O(ND) Difference Algorithm",
/// 1986): which elements stay, which go and which come.
///
/// Used twice: on a policy's text units (paragraphs, list items, headings) and on the words of
/// a unit that changed. Both are short enough for the simple algorithm; a script costing more
/// than `maximumCost` edits falls back to "delete everything, insert everything" between the
/// common prefix and suffix, which the callers then pair up by similarity.
enum EditScript {
    enum Step: Equatable {
        case equal(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    static func steps<Element: Equatable>(from old: [Element], to new: [Element], maximumCost: Int = 2_000) -> [Step] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let oldMiddle = old[prefix..<(old.count - suffix)]
        let newMiddle = new[prefix..<(new.count - suffix)]
        var steps = (0..<prefix).map { Step.equal(old: $0, new: $0) }
        if let middle = shortest(oldMiddle, newMiddle, maximumCost: maximumCost) {
            steps += middle
        } else {
            steps += oldMiddle.indices.map { Step.delete(old: $0) } + newMiddle.indices.map { Step.insert(new: $0) }
        }
        steps += (0..<suffix).map { Step.equal(old: old.count - suffix + $0, new: new.count - suffix + $0) }
        return steps
    }

    /// Myers' greedy forward search, keeping each round's frontier for the walk back.
    /// Indices in the result are those of the slices' base collections.
    private static func shortest<Element: Equatable>(_ old: ArraySlice<Element>, _ new: ArraySlice<Element>, maximumCost: Int) -> [Step]? {
        let n = old.count, m = new.count
        let oldBase = old.startIndex, newBase = new.startIndex
        if n == 0 { return new.indices.map { .insert(new: $0) } }
        if m == 0 { return old.indices.map { .delete(old: $0) } }
        let limit = min(n + m, maximumCost)
        // frontier[k + limit + 1] is the furthest x reached on diagonal k.
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        let offset = limit + 1
        // rounds[d] holds the frontier after round d, for diagonals -d...d.
        var rounds: [[Int]] = []
        for cost in 0...limit {
            for k in stride(from: -cost, through: cost, by: 2) {
                let down = k == -cost || (k != cost && frontier[offset + k - 1] < frontier[offset + k + 1])
                var x = down ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, old[oldBase + x] == new[newBase + y] {
                    x += 1
                    y += 1
                }
                frontier[offset + k] = x
                if x >= n, y >= m {
                    rounds.append(Array(frontier[(offset - cost)...(offset + cost)]))
                    return walkBack(rounds, n: n, m: m, oldBase: oldBase, newBase: newBase)
                }
            }
            rounds.append(Array(frontier[(offset - cost)...(offset + cost)]))
        }
        return nil
    }

    private static func walkBack(_ rounds: [[Int]], n: Int, m: Int, oldBase: Int, newBase: Int) -> [Step] {
        var steps: [Step] = []
        var x = n, y = m
        for cost in stride(from: rounds.count - 1, through: 1, by: -1) {
            let previous = rounds[cost - 1]
            func reached(_ k: Int) -> Int { previous[k + cost - 1] }
            let k = x - y
            let down = k == -cost || (k != cost && reached(k - 1) < reached(k + 1))
            let previousK = down ? k + 1 : k - 1
            let previousX = reached(previousK)
            let previousY = previousX - previousK
            let startX = down ? previousX : previousX + 1
            let startY = down ? previousY + 1 : previousY
            while x > startX, y > startY {
                x -= 1
                y -= 1
                steps.append(.equal(old: oldBase + x, new: newBase + y))
            }
            steps.append(down ? .insert(new: newBase + previousY) : .delete(old: oldBase + previousX))
            x = previousX
            y = previousY
        }
        while x > 0, y > 0 {
            x -= 1
            y -= 1
            steps.append(.equal(old: oldBase + x, new: newBase + y))
        }
        return steps.reversed()
    }
}
