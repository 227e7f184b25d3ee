import Glibc

/// One file, directory or symbolic link, holding what processes see now and what a power loss goes back to.
///
/// Names live in directories (`entries`), so hard links share one inode; `durableEntries` is the directory as
/// its last fsync left it, and may still hold inodes that are gone from every current directory.
final class Inode {
    enum Kind { case file, directory, symlink }

    /// What stat shows besides size and link count; mtime and the rest become durable together at fsync.
    struct Attributes {
        var mode: mode_t
        var uid: uid_t
        var gid: gid_t
        var accessTime: timespec
        var modificationTime: timespec
        var changeTime: timespec
    }

    let number: UInt64
    let kind: Kind
    var attributes: Attributes
    var durableAttributes: Attributes
    /// A file's bytes, or a symbolic link's target.
    var data: [UInt8]
    var durableData: [UInt8]
    var entries: [String: Inode] = [:]
    var durableEntries: [String: Inode] = [:]
    /// Current names of a file or link.
    var linkCount = 0
    /// Directories among a directory's current entries, for its link count (2 + this), kept as names come and
    /// go rather than counted at every stat of a directory of thousands.
    var subdirectoryCount = 0

    /// A new inode, durable only as empty: a file gets its bytes on disk at its first fsync. A symbolic link's
    /// target is written with it, as file systems store short targets in the inode itself.
    init(number: UInt64, kind: Kind, mode: mode_t, uid: uid_t, gid: gid_t, data: [UInt8] = []) {
        let now = Self.now()
        self.number = number
        self.kind = kind
        attributes = Attributes(mode: mode, uid: uid, gid: gid, accessTime: now, modificationTime: now, changeTime: now)
        durableAttributes = attributes
        self.data = data
        durableData = kind == .symlink ? data : []
    }

    static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    /// Marks a change of contents (or, for a directory, of names).
    func touch() {
        let now = Self.now()
        attributes.modificationTime = now
        attributes.changeTime = now
    }

    /// Fills `stat` with the current state, as every stat, fstat and ls sees it.
    func describe(into stat: inout stat) {
        stat.st_ino = ino_t(number)
        stat.st_mode = attributes.mode
        stat.st_uid = attributes.uid
        stat.st_gid = attributes.gid
        stat.st_size = off_t(kind == .directory ? 4096 : data.count)
        stat.st_blksize = 4096
        stat.st_blocks = (stat.st_size + 511) / 512
        stat.st_atim = attributes.accessTime
        stat.st_mtim = attributes.modificationTime
        stat.st_ctim = attributes.changeTime
        stat.st_nlink = nlink_t(kind == .directory ? 2 + subdirectoryCount : max(linkCount, 0))
    }
}
