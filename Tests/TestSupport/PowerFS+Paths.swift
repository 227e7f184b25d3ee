import Foundation
import PowerFSControl

/// The tests' `wasp-powerfs`: the debug build's, beside the `wasp` they test.
extension PowerFS {
    /// Tests that need the mount are `.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse")`.
    public static let isAvailable = canMount(executable: executable)

    /// The debug build's `wasp-powerfs`, or `$WASP_POWERFS_BIN`.
    public static var executable: String {
        ProcessInfo.processInfo.environment["WASP_POWERFS_BIN"] ?? Paths.package + "/.build/debug/wasp-powerfs"
    }

    public convenience init() throws {
        try self.init(executable: Self.executable)
    }
}
