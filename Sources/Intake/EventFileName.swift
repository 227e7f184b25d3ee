import Crypto
import Foundation
import HTTP

/// What every kind of event the intake stores shares: a file name in `events/` that sorts by arrival
/// (`<nanoseconds>-<topic>-<random>.json`, the scheduler applies them in that order), and the answer when the
/// spool cannot take one.
enum EventFileName {
    static func make(received: Date, topic: String) -> String {
        String(format: "%020llu", UInt64(received.timeIntervalSince1970 * 1e9))
            + "-\(topic.replacingOccurrences(of: "/", with: "-"))-\(Digest.randomHex(byteCount: 3)).json"
    }

    /// 503 with `Retry-After`: Shopify and Meta both retry, and nothing half-written is visible meanwhile.
    static var spoolUnavailable: HTTPResponse {
        var response = HTTPResponse.text(503, "spool unavailable, retry later\n")
        response.headers.add("Retry-After", "60")
        return response
    }
}
