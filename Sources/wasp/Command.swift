/// A `wasp` subcommand: its help text for an operator, the options it takes, and what it does.
protocol Command {
    static var name: String { get }
    static var summary: String { get }
    static var help: String { get }
    static var options: Set<String> { get }
    static var flags: Set<String> { get }
    /// Returns the exit status: 0 success, 1 failure.
    static func run(_ arguments: Arguments) throws(CommandError) -> Int32
}

extension Command {
    static var options: Set<String> { [] }
    static var flags: Set<String> { [] }
}
