import Foundation
import Glibc

/// The second name a file keeps in `tmp/` while it moves between two directories:
/// `tmp/move.<nanoseconds>.<pid>.<source>.<target>.<name>`, a hard link made and fsynced before the rename.
///
/// A rename between directories is two directory entries, made durable by two directory fsyncs, and any daemon's
/// fsync of the source (say the intake's of `incoming/`, the scheduler's of `ready/`) can make the removal durable
/// before the mover has fsynced the target. Through that window this link is the file's durable name; it goes
/// once both directories are fsynced. After a power cut `wasp fsck` (which `wasp up` runs first) reads the
/// backups: a file found nowhere else goes to the newest backup's target; a file found in both directories
/// loses its source copy.
public struct MoveBackup: Sendable, Equatable {
    static let prefix = "move."

    /// The backup's own name in `tmp/`.
    public let name: String
    /// When it was made (CLOCK_REALTIME nanoseconds): of several backups of one file, the newest names its place.
    public let madeAt: UInt64
    /// The mover; a backup whose process still runs is a move in progress, not an interrupted one.
    public let pid: Int32
    public let source: SpoolDirectory
    public let target: SpoolDirectory
    /// The file's name in the target.
    public let file: String

    init(source: SpoolDirectory, target: SpoolDirectory, file: String) {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        madeAt = UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        pid = getpid()
        self.source = source
        self.target = target
        self.file = file
        name = [Self.prefix + String(madeAt), String(pid), source.rawValue, target.rawValue, file].joined(separator: ".")
    }

    /// Reads a name of `tmp/`; nil for anything that is not a move's backup.
    public init?(name: String) {
        guard name.hasPrefix(Self.prefix) else { return nil }
        let parts = name.dropFirst(Self.prefix.count).split(separator: ".", maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5, let madeAt = UInt64(parts[0]), let pid = Int32(parts[1]),
              let source = SpoolDirectory(rawValue: String(parts[2])),
              let target = SpoolDirectory(rawValue: String(parts[3])), !parts[4].isEmpty else { return nil }
        self.name = name
        self.madeAt = madeAt
        self.pid = pid
        self.source = source
        self.target = target
        file = String(parts[4])
    }

    /// True while the process that made it runs (or a process with its pid: then the backup waits for the next look).
    public var moverIsRunning: Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
