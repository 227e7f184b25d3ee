import Foundation
import Glibc

extension TemporaryRoot {
    /// Writes a secret file under `etc/` (e.g. `cloud/shop.token`) with mode 0600, as the daemons insist.
    public func addSecret(_ value: String, at relativePath: String) throws {
        let path = path + "/etc/" + relativePath
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try value.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
    }

    /// The port of the intake `wasp up` started, from its `intake: listening address=…` line.
    public static func intakePort(in log: [String]) -> UInt16? {
        log.lazy.compactMap { line -> UInt16? in
            guard line.hasPrefix("intake: listening"), let address = line.split(separator: " ").first(where: { $0.hasPrefix("address=") }) else {
                return nil
            }
            return address.split(separator: ":").last.flatMap { UInt16($0) }
        }.first
    }
}
