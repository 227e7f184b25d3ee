import Admin
import Spool

/// `hold`, `release`, `requeue` and `delete`: one shape, as Postfix's postsuper -h, -H, -r and -d.
protocol OrderActionCommand: Command {
    static var action: OrderActions.Action { get }
}

extension OrderActionCommand {
    static var name: String { action.rawValue }
    static var flags: Set<String> { ["yes"] }
    static var help: String {
        """
        usage: wasp \(name) TENANT (ORDER... | ALL) [--root DIR]\(action == .delete ? " [--yes]" : "")

        \(summary). Prints a line for each order; exits 1 if any named order could not be taken.
        """
    }

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        let tenant = try arguments.tenant(at: 0)
        let words = Array(arguments.positionals.dropFirst())
        guard !words.isEmpty else { throw .usage("name the orders, or ALL") }
        var orders: [OrderID]?
        if words == ["ALL"] {
            if action == .delete && !arguments.flags.contains("yes") {
                throw .usage("'delete \(tenant) ALL' removes every order of the tenant; add --yes if you mean it")
            }
        } else {
            orders = try words.map { (word: String) throws(CommandError) -> OrderID in
                guard let order = OrderID(word) else { throw .usage("'\(word)' is not an order id: 1 to 20 digits, or ALL") }
                return order
            }
        }
        let spool = try arguments.spool()
        _ = try arguments.knownTenant(at: 0, in: spool)
        let outcomes = OrderActions(spool: spool, tenant: tenant).perform(action, on: orders)
        for outcome in outcomes { print(outcome.line) }
        print("\(action.rawValue): \(outcomes.filter(\.done).count) of \(outcomes.count) orders")
        return outcomes.allSatisfy(\.done) ? 0 : 1
    }
}

enum HoldCommand: OrderActionCommand {
    static let action = OrderActions.Action.hold
    static let summary = "park pending orders in hold/ until released"
}

enum ReleaseCommand: OrderActionCommand {
    static let action = OrderActions.Action.release
    static let summary = "put held orders back, due now"
}

enum RequeueCommand: OrderActionCommand {
    static let action = OrderActions.Action.requeue
    static let summary = "send failed or deferred orders again now"
}

enum DeleteCommand: OrderActionCommand {
    static let action = OrderActions.Action.delete
    static let summary = "remove orders from the spool (ALL needs --yes)"
}
