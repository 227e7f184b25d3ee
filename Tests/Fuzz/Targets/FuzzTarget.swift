import Foundation
import Glibc
@testable import HTTP
import JSON
import Shopify
@testable import Spool
@testable import WhatsApp

/// What the fuzzers feed: each parser wasp runs on bytes from outside (a peer, a webhook, a file an operator or
/// a crash left), called as the daemons call it. Any input may be refused; none may crash or hang.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// The HTTP server's own request reading (head, framing, chunked bodies, pipelining), over a socket pair.
    case request
    case json
    /// A webhook body made into an order record, as the intake does.
    case order
    /// `etc/wasp.conf` and `etc/tenants/<t>.conf`.
    case config
    case selectors
    /// An order file as the scheduler, sender and dashboard read it.
    case orderFile = "orderfile"

    public func run(_ data: Data) {
        switch self {
        case .request: Self.readRequests(data)
        case .json: _ = JSONValue.parse(data)
        case .order:
            guard let payload = try? OrderPayload(data) else { return }
            _ = payload.record(tenant: Self.tenant, received: Date(), webhookID: "fuzz", shopDomain: nil)
        case .config:
            guard let file = try? ConfigFile(path: "fuzz.conf", text: String(decoding: data, as: UTF8.self)) else { return }
            _ = try? TenantConfig.parse(file, tenant: Self.tenant.tenant)
            _ = try? WaspConfig.parse(file, root: "/nonexistent")
        case .selectors:
            guard let file = try? ConfigFile(path: "fuzz.selectors", text: String(decoding: data, as: UTF8.self)) else { return }
            _ = try? WhatsAppSelectors.parse(file)
        case .orderFile: _ = try? OrderRecord.decode(data)
        }
    }

    static let tenant: TenantConfig = {
        let file = try! ConfigFile(path: "fuzz.conf", text: "shopify.secret = fuzz\nphone.default_country = DE\n")
        return try! TenantConfig.parse(file, tenant: TenantID("fuzz")!)
    }()

    /// Writes the bytes into one end of a socket pair, closes it, and lets a server connection read requests off
    /// the other end until it ends or refuses.
    private static func readRequests(_ data: Data) {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else { return }
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        _ = data.withUnsafeBytes { write(ends[0], $0.baseAddress, min(data.count, 100_000)) }
        close(ends[0])
        let connection = Connection(stream: SocketStream(descriptor: ends[1]), remoteAddress: "fuzz", serial: 0, now: 0)
        var scratch = [UInt8](repeating: 0, count: 16384)
        for _ in 0..<1000 {
            guard case .request = connection.advance(limits: HTTPServerLimits(), scratch: &scratch, now: 0) else { return }
            connection.rest(now: 0)
        }
    }
}
