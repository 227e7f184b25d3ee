import Foundation
import Spool

/// Links tenants to the local WhatsApp Web through a running sender: asks for each link as `wasp link` does
/// and "scans" every code on screen until all are linked (a minute, and two seconds more per tenant, at most).
enum PhoneLinking {
    static func link(_ tenants: [TenantID], spool: Spool, web: LocalWhatsAppWeb) throws {
        for tenant in tenants { try spool.requestLink(tenant) }
        let deadline = Date().addingTimeInterval(60 + 2 * Double(tenants.count))
        while Date() < deadline && !tenants.allSatisfy({ spool.linkState($0) == .linked }) {
            try web.scanCodesOnScreen()
            usleep(100_000)
        }
        guard tenants.allSatisfy({ spool.linkState($0) == .linked }) else { throw BenchError("the tenants did not link") }
    }
}
