import CFuse
import Glibc

/// Opening, reading, writing and syncing files.
extension FuseOperations {
    static func addContentOperations(to operations: inout fuse_operations) {
        operations.create = { path, mode, info in
            disk.serve { tree throws(Errno) in
                let owner = FuseOperations.caller
                let file = try tree.make(String(cString: path!), kind: .file, mode: S_IFREG | (mode & 0o7777),
                                         uid: owner.uid, gid: owner.gid)
                info?.pointee.fh = tree.open(file)
                return 0
            }
        }
        operations.open = { path, info in
            disk.serve { tree throws(Errno) in
                info?.pointee.fh = tree.open(try FuseOperations.inode(path, nil, in: tree))
                return 0
            }
        }
        operations.read = { path, buffer, size, offset, info in
            disk.serve { tree throws(Errno) in
                let file = try FuseOperations.inode(path, info, in: tree)
                let start = min(Int(offset), file.data.count)
                let count = min(size, file.data.count - start)
                if count > 0 {
                    file.data.withUnsafeBytes { _ = memcpy(buffer!, $0.baseAddress! + start, count) }
                }
                return Int32(count)
            }
        }
        operations.write = { path, buffer, size, offset, info in
            disk.serve { tree throws(Errno) in
                let file = try FuseOperations.inode(path, info, in: tree)
                // O_APPEND by our size, not the kernel's: another name of the file may have grown it.
                let isAppend = (info?.pointee.flags ?? 0) & O_APPEND != 0
                let start = isAppend ? file.data.count : Int(offset)
                guard let buffer, size > 0 else { return 0 }
                if start > file.data.count {
                    file.data += [UInt8](repeating: 0, count: start - file.data.count)
                }
                // Bytes over existing ones are copied in place, the rest appended in one go: the program runs
                // as a debug build, where anything element by element costs a second per few megabytes.
                let overwritten = min(size, file.data.count - start)
                if overwritten > 0 {
                    file.data.withUnsafeMutableBytes { _ = memcpy($0.baseAddress! + start, buffer, overwritten) }
                }
                let raw = UnsafeRawPointer(buffer)
                file.data.append(contentsOf: UnsafeRawBufferPointer(start: raw + overwritten, count: size - overwritten))
                file.touch()
                return Int32(size)
            }
        }
        operations.release = { _, info in
            disk.serve { tree throws(Errno) in
                if let info { tree.close(handle: info.pointee.fh) }
                return 0
            }
        }
        operations.fsync = { path, _, info in
            disk.fsync(path: path.map { String(cString: $0) }, handle: info?.pointee.fh, isDirectory: false)
        }
        operations.readlink = { path, buffer, size in
            disk.serve { tree throws(Errno) in
                let link = try FuseOperations.inode(path, nil, in: tree)
                guard link.kind == .symlink, let buffer, size > 0 else { throw .invalid }
                let count = min(link.data.count, size - 1)
                link.data.withUnsafeBytes { _ = memcpy(buffer, $0.baseAddress!, count) }
                buffer[count] = 0
                return 0
            }
        }
        operations.statfs = { _, status in
            disk.serve { _ throws(Errno) in
                // A large, mostly empty disk: the model keeps everything in memory and never fills up.
                guard let status else { throw .invalid }
                status.pointee.f_bsize = 4096
                status.pointee.f_frsize = 4096
                status.pointee.f_blocks = 1 << 24
                status.pointee.f_bfree = 1 << 23
                status.pointee.f_bavail = 1 << 23
                status.pointee.f_files = 1 << 20
                status.pointee.f_ffree = 1 << 19
                status.pointee.f_favail = 1 << 19
                status.pointee.f_namemax = 255
                return 0
            }
        }
    }
}
