import Foundation
import Glibc
import Spool

/// A scratch `--root` with `etc/` and `spool/`, removed when the test ends.
public final class TemporaryRoot: @unchecked Sendable {
    public let path: String

    /// `waspConf` lines are written to etc/wasp.conf; the intake and the dashboard listen on free loopback ports.
    public init(waspConf: [String] = []) throws {
        var template = Array("/tmp/wasp-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        path = String(cString: made)
        try FileManager.default.createDirectory(atPath: path + "/etc/tenants", withIntermediateDirectories: true)
        try (["intake.listen = 127.0.0.1:0", "dashboard.listen = 127.0.0.1:0"] + waspConf).joined(separator: "\n")
            .write(toFile: path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    public var spool: String { path + "/spool" }

    /// Writes etc/tenants/<tenant>.conf from `lines`.
    public func addTenant(_ tenant: String, lines: [String]) throws {
        try lines.joined(separator: "\n").write(toFile: path + "/etc/tenants/\(tenant).conf", atomically: true, encoding: .utf8)
    }

    /// Writes `value` to `etc/<file>` with mode 0600, as an operator keeps a token or a secret.
    public func addSecret(_ value: String, at file: String) throws {
        let full = path + "/etc/" + file
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try value.write(toFile: full, atomically: true, encoding: .utf8)
        chmod(full, 0o600)
    }

    /// Every file below the root, relative to it, sorted: what an operator's `find` would show, but for the
    /// daemons' own records in `spool/_daemons/`, which every daemon writes when it starts.
    public func files(under directory: String = "") -> [String] {
        let base = directory.isEmpty ? path : path + "/" + directory
        guard let enumerator = FileManager.default.enumerator(atPath: base) else { return [] }
        var files: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + item, isDirectory: &isDirectory)
            let fromRoot = directory.isEmpty ? item : directory + "/" + item
            if !isDirectory.boolValue && !fromRoot.hasPrefix("spool/" + DaemonRecord.directoryName + "/") { files.append(item) }
        }
        return files.sorted()
    }
}
