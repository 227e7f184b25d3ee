/// A configuration problem, naming the file, line and key so an operator can fix it in one edit.
public struct ConfigError: Error, CustomStringConvertible, Equatable {
    public let file: String
    public let line: Int?
    public let key: String?
    public let problem: String

    public init(file: String, line: Int? = nil, key: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.key = key
        self.problem = problem
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { location += ": \(key)" }
        return "\(location): \(problem)"
    }
}

/// Why one configuration value was rejected, written as a sentence for the operator.
public struct ValueProblem: Error, Equatable, ExpressibleByStringInterpolation {
    public let text: String

    public init(stringLiteral text: String) {
        self.text = text
    }
}
