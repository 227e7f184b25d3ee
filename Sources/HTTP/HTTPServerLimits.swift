import Foundation

/// Limits that keep one client, or many, from taking the server down.
public struct HTTPServerLimits: Sendable {
    /// Open connections, idle ones included; when reached, the oldest idle connections are closed to make room,
    /// and only when every connection is mid-request is a new one answered 503. Bounded by the descriptor limit.
    public var maxConnections = 10_000
    /// Requests handled at once (threads); more wait in a queue, already read, for the next free worker.
    public var workers = 64
    /// Server-Sent Event streams open at once (each holds a thread); one more is answered 503.
    public var maxEventStreams = 1_000
    /// Time for a whole request, head and body, once its first byte arrived; then 408.
    public var requestTimeout: TimeInterval = 10
    /// Time a connection may wait for the first byte of a request, new or kept alive; then it is closed quietly.
    public var idleTimeout: TimeInterval = 30
    public var maxHeaderBytes = 32 * 1024
    /// The largest body the server reads for any route (a route may refuse less); a declared body over it is
    /// refused with 413 before a byte of it is read.
    public var maxBodyBytes = 1024 * 1024

    public init() {}
}
