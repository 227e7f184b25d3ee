import Foundation
import Glibc
import Spool
import Synchronization

/// Each tenant's session generation, part of every session's MAC: `POST /logout` bumps it, so every token issued
/// before, as cookie or bearer, stops working at once, on the server and not only in the browser.
///
/// Kept in `etc/dashboard/sessions` (`tenant = generation` lines): the SPEC lets the dashboard write nothing in
/// the spool but its link request, and `etc/` itself is root's, so the dashboard gets a directory of its own
/// there (`wasp fsck --repair` makes it for the dashboard's user when `users =` is set).
public final class SessionGenerations: Sendable {
    static let directoryName = "dashboard"
    let path: String
    private let generations: Mutex<[TenantID: Int]>

    /// Reads the file if there is one; a missing one means no tenant ever logged out.
    public init(etc: String) {
        path = etc + "/" + Self.directoryName + "/sessions"
        var read: [TenantID: Int] = [:]
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if parts.count == 2, let tenant = TenantID(parts[0]), let generation = Int(parts[1]) { read[tenant] = generation }
            }
        }
        generations = Mutex(read)
    }

    public func generation(of tenant: TenantID) -> Int {
        generations.withLock { $0[tenant] ?? 0 }
    }

    /// Ends every session of `tenant`; the new generation is on disk before this returns, so a restart keeps it.
    /// The lock is held while writing, since the writers of one file take turns (`DurableFile`).
    public func bump(_ tenant: TenantID) throws(SpoolError) {
        let directory = (path as NSString).deletingLastPathComponent
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw .system(operation: "create (wasp fsck --repair makes it for the dashboard's user)", path: directory, errno: errno)
        }
        try generations.withLock { (generations) throws(SpoolError) in
            var bumped = generations
            bumped[tenant, default: 0] += 1
            let text = bumped.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) = \($0.value)\n" }.joined()
            try DurableFile.replace(path, with: text, mode: 0o600)
            generations = bumped
        }
    }
}
