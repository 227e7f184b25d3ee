import Foundation
import Glibc

/// A tmpfs of a given size mounted by the test (root only: `canMount`), to fill up for real; or a bind mount
/// remounted read-only. Unmounted when released.
public final class SmallFileSystem {
    /// Mounting needs root, as CI and `make test` on a fresh machine have.
    public static let canMount = geteuid() == 0
    public let path: String
    private var filler: FileHandle?

    /// A tmpfs of `size` (mount's words: `256k`, `64m`) at `path`, made if missing.
    public init(size: String, at path: String) throws {
        self.path = path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Self.mount(["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", path])
    }

    /// `path` itself, bound onto itself and remounted read-only.
    public init(readOnly path: String) throws {
        self.path = path
        try Self.mount(["--bind", path, path])
        do { try Self.mount(["-o", "remount,bind,ro", path]) } catch {
            Self.unmount(path)
            throw error
        }
    }

    /// Writes a file until the file system has no room left.
    public func fill() throws {
        let name = path + "/filler"
        guard FileManager.default.createFile(atPath: name, contents: nil),
              let handle = FileHandle(forWritingAtPath: name) else { throw POSIXError(.ENOSPC) }
        while (try? handle.write(contentsOf: Data(count: 4096))) != nil {}
        while (try? handle.write(contentsOf: Data(count: 1))) != nil {}
        filler = handle
    }

    /// Gives the room back.
    public func free() throws {
        try? filler?.close()
        filler = nil
        try FileManager.default.removeItem(atPath: path + "/filler")
    }

    deinit {
        try? filler?.close()
        Self.unmount(path)
    }

    private static func mount(_ arguments: [String]) throws {
        guard run("/bin/mount", arguments) == 0 else { throw POSIXError(.EPERM) }
    }

    private static func unmount(_ path: String) {
        _ = run("/bin/umount", ["-l", path])
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
