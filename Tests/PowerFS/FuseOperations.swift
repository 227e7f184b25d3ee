import CFuse
import Glibc

/// The disk every callback serves: libfuse's callbacks are C function pointers and cannot capture it.
let disk = Disk()

/// libfuse's high-level operations table: each callback turns its C arguments into a call on the file tree.
/// Operations left out are refused by libfuse (ENOSYS) or done by the kernel: locks (flock and fcntl stay
/// local to this machine's kernel), access (default_permissions), O_TMPFILE (EOPNOTSUPP: no such operation in
/// libfuse 3.14's high-level API).
enum FuseOperations {
    static func make() -> fuse_operations {
        var operations = fuse_operations()
        operations.`init` = { _, config in
            guard let config else { return nil }
            // Our inode numbers in stat, and no caching of names or attributes in the kernel: after a restore
            // the next lookup must see the restored tree, not what was there before the cut.
            config.pointee.use_ino = 1
            config.pointee.entry_timeout = 0
            config.pointee.negative_timeout = 0
            config.pointee.attr_timeout = 0
            // Unlink really unlinks (no .fuse_hidden files left in spool directories); open handles keep the inode.
            config.pointee.hard_remove = 1
            Log.event("mounted")
            return nil
        }
        addNameOperations(to: &operations)
        addContentOperations(to: &operations)
        addAttributeOperations(to: &operations)
        return operations
    }

    /// The inode an operation is about: the handle when it has one (an unlinked file still has its inode),
    /// else the path.
    static func inode(_ path: UnsafePointer<CChar>?, _ info: UnsafeMutablePointer<fuse_file_info>?,
                      in tree: FileTree) throws(Errno) -> Inode {
        if let info, info.pointee.fh != 0 { return try tree.inode(handle: info.pointee.fh) }
        guard let path else { throw .invalid }
        return try tree.inode(at: String(cString: path))
    }

    /// Who is calling, for the owner of what they create.
    static var caller: (uid: uid_t, gid: gid_t) {
        guard let context = fuse_get_context() else { return (0, 0) }
        return (context.pointee.uid, context.pointee.gid)
    }

    private static func addNameOperations(to operations: inout fuse_operations) {
        operations.mkdir = { path, mode in
            disk.serve { tree throws(Errno) in
                let owner = FuseOperations.caller
                _ = try tree.make(String(cString: path!), kind: .directory, mode: S_IFDIR | (mode & 0o7777),
                                  uid: owner.uid, gid: owner.gid)
                return 0
            }
        }
        operations.symlink = { target, path in
            disk.serve { tree throws(Errno) in
                let owner = FuseOperations.caller
                _ = try tree.make(String(cString: path!), kind: .symlink, mode: S_IFLNK | 0o777, uid: owner.uid,
                                  gid: owner.gid, data: Array(String(cString: target!).utf8))
                return 0
            }
        }
        operations.unlink = { path in
            disk.serve { tree throws(Errno) in
                try tree.remove(String(cString: path!), directory: false)
                return 0
            }
        }
        operations.rmdir = { path in
            disk.serve { tree throws(Errno) in
                try tree.remove(String(cString: path!), directory: true)
                return 0
            }
        }
        operations.rename = { source, target, flags in
            disk.serve { tree throws(Errno) in
                try tree.rename(String(cString: source!), to: String(cString: target!), flags: flags)
                return 0
            }
        }
        operations.link = { source, target in
            disk.serve { tree throws(Errno) in
                try tree.link(String(cString: source!), as: String(cString: target!))
                return 0
            }
        }
        operations.opendir = { path, info in
            disk.serve { tree throws(Errno) in
                let directory = try FuseOperations.inode(path, nil, in: tree)
                guard directory.kind == .directory else { throw .notDirectory }
                info?.pointee.fh = tree.open(directory)
                return 0
            }
        }
        operations.readdir = { path, buffer, fill, _, info, _ in
            disk.serve { tree throws(Errno) in
                let directory = try FuseOperations.inode(path, info, in: tree)
                guard directory.kind == .directory, let fill else { throw .notDirectory }
                // d_ino and d_type from each entry, as FileManager and find read them.
                var status = stat()
                directory.describe(into: &status)
                _ = fill(buffer, ".", &status, 0, fuse_fill_dir_flags(rawValue: 0))
                _ = fill(buffer, "..", nil, 0, fuse_fill_dir_flags(rawValue: 0))
                for (name, child) in directory.entries {
                    child.describe(into: &status)
                    _ = fill(buffer, name, &status, 0, fuse_fill_dir_flags(rawValue: 0))
                }
                return 0
            }
        }
        operations.releasedir = { _, info in
            disk.serve { tree throws(Errno) in
                if let info { tree.close(handle: info.pointee.fh) }
                return 0
            }
        }
        operations.fsyncdir = { path, _, info in
            disk.fsync(path: path.map { String(cString: $0) }, handle: info?.pointee.fh, isDirectory: true)
        }
    }
}
