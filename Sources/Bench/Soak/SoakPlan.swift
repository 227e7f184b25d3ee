import Foundation
import Spool

/// One order of a soak run and what the shop does about it: each goes to its own customer (a phone number of its
/// own), so the stand-ins' records say how often each order was messaged.
struct SoakOrder: Sendable {
    let index: Int
    let id: UInt64
    let tenant: TenantID
    /// The customer's number as digits, as the stand-ins record it.
    let digits: String
    /// Posted during the chaos phase (the rest make the calm baseline).
    let underChaos: Bool
    /// Shopify delivers the same webhook (the same id) a second time.
    let repeated: Bool
    /// The shop cancels the order soon after placing it, well before it is due.
    let cancelledEarly: Bool
    /// The shop cancels it some time after it was due (after it was sent, most often).
    let cancelledLate: Bool
    /// A fulfilment is created soon after the order, and it is reported delivered after it was due.
    let fulfilled: Bool

    var fileName: String { "\(id).json" }

    /// The orders of one run, a random mix as the issue describes: about 5 % repeated deliveries, 5 % cancelled
    /// before they are due, 3 % after, 5 % fulfilled.
    static func plan(count: Int, calm: Int, tenants: [TenantID], firstID: UInt64) -> [SoakOrder] {
        (0..<count).map { index in
            let early = chance(0.05)
            return SoakOrder(index: index, id: firstID + UInt64(index), tenant: tenants[index % tenants.count],
                      digits: "15025" + String(format: "%06d", index), underChaos: index >= calm,
                      repeated: chance(0.05), cancelledEarly: early, cancelledLate: !early && chance(0.03),
                      fulfilled: chance(0.05))
        }
    }

    private static func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1) < probability }
}
