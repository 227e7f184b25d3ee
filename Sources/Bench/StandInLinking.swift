import Foundation
import Spool

import WhatsAppStandIn

/// Links tenants to the WhatsApp Web stand-in through a running sender: asks for each link as `wasp link` does
/// and "scans" every code on screen until all are linked (a minute, and two seconds more per tenant, at most).
enum StandInLinking {
    static func link(_ tenants: [TenantID], spool: Spool, standIn: WhatsAppStandIn) throws {
        for tenant in tenants { try spool.requestLink(tenant) }
        let deadline = Date().addingTimeInterval(60 + 2 * Double(tenants.count))
        while Date() < deadline && !tenants.allSatisfy({ spool.linkState($0) == .linked }) {
            standIn.codesOnScreen.forEach { standIn.scan($0) }
            usleep(100_000)
        }
        guard tenants.allSatisfy({ spool.linkState($0) == .linked }) else { throw BenchError("the tenants did not link") }
    }
}
