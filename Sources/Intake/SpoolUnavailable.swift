import Foundation
import HTTP

/// The answer to any webhook or callback when the spool cannot take it.
enum SpoolUnavailable {
    /// 503 with `Retry-After`: Shopify and Meta both retry, and nothing half-written is visible meanwhile.
    static var response: HTTPResponse {
        var response = HTTPResponse.text(503, "spool unavailable, retry later\n")
        response.headers.add("Retry-After", "60")
        return response
    }
}
