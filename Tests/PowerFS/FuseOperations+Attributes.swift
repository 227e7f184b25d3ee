import CFuse
import Glibc

/// stat, chmod, chown, truncate and utimens: current values, durable at the file's next fsync.
extension FuseOperations {
    /// utimensat(2)'s markers in tv_nsec ((1 << 30) - 1 and - 2 in sys/stat.h, which Swift does not import).
    private static let timeNow = (1 << 30) - 1
    private static let timeOmitted = (1 << 30) - 2

    static func addAttributeOperations(to operations: inout fuse_operations) {
        operations.getattr = { path, status, info in
            disk.serve { tree throws(Errno) in
                guard let status else { throw .invalid }
                try FuseOperations.inode(path, info, in: tree).describe(into: &status.pointee)
                return 0
            }
        }
        operations.chmod = { path, mode, info in
            disk.serve { tree throws(Errno) in
                let target = try FuseOperations.inode(path, info, in: tree)
                target.attributes.mode = (target.attributes.mode & S_IFMT) | (mode & 0o7777)
                target.attributes.changeTime = Inode.now()
                return 0
            }
        }
        operations.chown = { path, uid, gid, info in
            disk.serve { tree throws(Errno) in
                let target = try FuseOperations.inode(path, info, in: tree)
                // -1 leaves that id as it is.
                if uid != uid_t.max { target.attributes.uid = uid }
                if gid != gid_t.max { target.attributes.gid = gid }
                target.attributes.changeTime = Inode.now()
                return 0
            }
        }
        operations.truncate = { path, size, info in
            disk.serve { tree throws(Errno) in
                let file = try FuseOperations.inode(path, info, in: tree)
                guard file.kind == .file else { throw .isDirectory }
                guard size >= 0 else { throw .invalid }
                if Int(size) < file.data.count {
                    file.data.removeSubrange(Int(size)...)
                } else {
                    file.data += [UInt8](repeating: 0, count: Int(size) - file.data.count)
                }
                file.touch()
                return 0
            }
        }
        operations.utimens = { path, times, info in
            disk.serve { tree throws(Errno) in
                let target = try FuseOperations.inode(path, info, in: tree)
                let now = Inode.now()
                func chosen(_ index: Int, keeping old: timespec) -> timespec {
                    guard let times else { return now }
                    switch times[index].tv_nsec {
                    case FuseOperations.timeNow: return now
                    case FuseOperations.timeOmitted: return old
                    default: return times[index]
                    }
                }
                target.attributes.accessTime = chosen(0, keeping: target.attributes.accessTime)
                target.attributes.modificationTime = chosen(1, keeping: target.attributes.modificationTime)
                target.attributes.changeTime = now
                return 0
            }
        }
    }
}
