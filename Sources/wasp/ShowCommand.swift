import Admin
import Foundation
import Spool

enum ShowCommand: Command {
    static let name = "show"
    static let summary = "print one order: state, fields, attempts (--json: the file)"
    static let help = """
    usage: wasp show TENANT ORDER [--json] [--root DIR]

    Finds the order in whichever state directory holds it and prints its state, customer, phone,
    total, items, message, every send attempt and, where there is one, why it failed, its
    cancellation and its shipment. --json prints the order file as it is on disk.
    """
    static let flags: Set<String> = ["json"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(2)
        let tenant = try arguments.tenant(at: 0)
        let text = try arguments.positional(1, "order id")
        guard let order = OrderID(text) else { throw .usage("'\(text)' is not an order id: 1 to 20 digits") }
        switch OrderReport.load(spool: try arguments.spool(), tenant: tenant, order: order) {
        case .failure(let error):
            throw .failed(error.description)
        case .success(let report):
            if arguments.flags.contains("json") {
                FileHandle.standardOutput.write(report.raw)
            } else {
                print(report.render(), terminator: "")
            }
            return 0
        }
    }
}
