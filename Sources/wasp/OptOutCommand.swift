import Foundation
import Spool

enum OptOutCommand: Command {
    static let name = "optout"
    static let summary = "list, add or remove numbers on a tenant's do-not-message list"
    static let help = """
    usage: wasp optout list TENANT [--root DIR]
           wasp optout add TENANT +NUMBER [--root DIR]
           wasp optout remove TENANT +NUMBER [--root DIR]

    A customer who answers only a stop word (confirm.stop: STOP, UNSUBSCRIBE, ALTO, ARRÊT, توقف, …)
    is put on the tenant's do-not-message list: no reminder, and no later order of that tenant
    messages them (such orders end in spool/<t>/skipped/, "not messaged: the customer opted out").
    The list is spool/<t>/optout/, one file per number (its E.164 digits) saying why; `ls` shows it.

    list prints one number a line, with when and why. add puts a number on the list (a customer
    who asked by phone or email); remove takes it off (a customer who asked to hear again). Write
    the number with its country code: +4915112345678. Shopify's customers/redact removes it too.
    """

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        guard let action = arguments.positionals.first, ["list", "add", "remove"].contains(action) else {
            throw .usage("say list, add or remove")
        }
        try arguments.expectPositionals(action == "list" ? 2 : 3)
        let spool = Spool(root: try arguments.waspConfig().spoolPath)
        let tenant = try arguments.knownTenant(at: 1, in: spool)
        let list = OptOutList(spool: spool, tenant: tenant)
        guard action != "list" else {
            for entry in list.entries() { print("+\(entry.digits)  since \(Timestamp.string(entry.since))  \(entry.reason)") }
            return 0
        }
        guard arguments.positionals.count > 2, let digits = OptOutList.digits(of: arguments.positionals[2]) else {
            throw .usage("write the number with its country code, e.g. +4915112345678")
        }
        do {
            if !spool.isPrepared(tenant) { try spool.prepare(tenant) }
            let changed = action == "add"
                ? try list.add(digits, reason: "added by the operator (wasp optout add)", at: Date())
                : try list.remove(digits)
            print("optout: +\(digits) " + (changed ? (action == "add" ? "added to" : "removed from") : (action == "add" ? "already on" : "was not on"))
                  + " the do-not-message list of \(tenant)")
            return 0
        } catch {
            throw .failed("cannot change the do-not-message list: \(error)")
        }
    }
}
