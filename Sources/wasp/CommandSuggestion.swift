/// "did you mean status?" for a mistyped command, as git and Postfix's postconf answer a near miss.
enum CommandSuggestion {
    /// The known name closest to `typed`, within two edits (one for names of up to four letters); nil when none is.
    static func closest(to typed: String, among names: [String]) -> String? {
        let scored = names.map { (name: $0, distance: distance(Array(typed), Array($0))) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        return best.distance <= (best.name.count <= 4 ? 1 : 2) ? best.name : nil
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var current = [i + 1]
            for (j, right) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (left == right ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
