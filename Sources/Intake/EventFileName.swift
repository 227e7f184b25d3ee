import Foundation
import HTTP
import Spool

/// The answer to any webhook or callback when the spool cannot take it.
enum EventFileName {
    /// 503 with `Retry-After`: Shopify and Meta both retry, and nothing half-written is visible meanwhile.
    static var spoolUnavailable: HTTPResponse {
        var response = HTTPResponse.text(503, "spool unavailable, retry later\n")
        response.headers.add("Retry-After", "60")
        return response
    }
}
