import Foundation
import HTTP
import JSON
import Synchronization

/// Meta's Cloud API over HTTPS: one request per message, synchronous, on the sender's worker thread, within
/// `timeout`, on kept-alive connections. Our own small client (HTTP/1.1 over OpenSSL) rather than URLSession, whose
/// libcurl and its TLS and LDAP and Kerberos libraries cost the sender a fifth of its memory.
public final class CloudClient: Sendable {
    let endpoint: HTTPEndpoint?
    let timeout: TimeInterval
    private let idle = Mutex<[IdleConnection]>([])

    /// A kept-alive connection idle longer than this is closed rather than risk a request on one the server is
    /// closing; a message that might have gone must not be sent again in a hurry.
    static let idleLimit: Double = 20
    static let idleConnections = 16

    public init(apiURL: String, timeout: TimeInterval) {
        endpoint = HTTPEndpoint(apiURL)
        self.timeout = timeout
    }

    public func send(_ message: CloudMessage, phoneNumberID: String, token: String) -> CloudAnswer {
        guard let endpoint else { return .accountProblem("cloud.api_url is not an http:// or https:// URL") }
        let headers = [("Authorization", "Bearer " + token), ("Content-Type", "application/json"),
                       ("Accept", "application/json")]
        do throws(HTTPError) {
            let client: HTTPClient
            if let kept = takeIdle() { client = kept }
            else { client = try endpoint.connect(timeout: timeout) }
            let response = try client.send("POST", endpoint.path + "/" + phoneNumberID + "/messages",
                                           headers: headers, body: Data(message.json.serialized.utf8))
            putIdle(client)
            return CloudAnswer.from(status: response.status, body: response.body,
                                    retryAfter: response.headers["Retry-After"],
                                    template: message.template, language: message.language)
        } catch .timedOut {
            return .retryLater("Meta's API did not answer within \(Int(timeout)) s", retryAfter: nil)
        } catch {
            return .retryLater("Meta's API could not be reached (\(error.description))", retryAfter: nil)
        }
    }

    private func takeIdle() -> HTTPClient? {
        while let connection = idle.withLock({ $0.popLast() }) {
            if ProcessInfo.processInfo.systemUptime - connection.since < Self.idleLimit && connection.client.isReusable {
                return connection.client
            }
        }
        return nil
    }

    private func putIdle(_ client: HTTPClient) {
        guard client.isOpen else { return }
        let connection = IdleConnection(client: client, since: ProcessInfo.processInfo.systemUptime)
        idle.withLock { if $0.count < Self.idleConnections { $0.append(connection) } }
    }
}

/// A connection no thread is using; only ever handed to one thread at a time, through the lock.
private final class IdleConnection: @unchecked Sendable {
    let client: HTTPClient
    let since: Double

    init(client: HTTPClient, since: Double) {
        self.client = client
        self.since = since
    }
}
