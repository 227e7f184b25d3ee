/// One line of `wasp doctor`: what was checked, and `ok` with what was seen, or what to do.
public struct Finding: Sendable, Equatable {
    public enum Verdict: String, Sendable {
        case ok
        /// Something to fix: `wasp doctor` exits 1.
        case fail = "FAIL"
        /// Could not be checked (nothing to look at yet, or the check needs another that failed).
        case skip
    }

    public let check: String
    public let verdict: Verdict
    public let detail: String

    public init(_ check: String, _ verdict: Verdict, _ detail: String) {
        self.check = check
        self.verdict = verdict
        self.detail = detail
    }

    /// `shop  FAIL  customer data: …`, starting with the tenant like `wasp status`, for grep.
    public func line(tenant: String) -> String {
        [tenant.padding(toLength: 8, withPad: " ", startingAt: 0), verdict.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0),
         check + ": " + detail].joined(separator: "  ")
    }
}
