import Glibc

/// A failure of the spool's file operations, naming the path and what an operator can do.
public enum SpoolError: Error, CustomStringConvertible, Equatable {
    /// The target name is taken: the spool never overwrites a file.
    case exists(path: String)
    /// A system call failed; `errno` says why.
    case system(operation: String, path: String, errno: Int32)

    /// True when the file was not there: someone moved or removed it first.
    public var isMissing: Bool {
        if case .system(_, _, let code) = self { return code == ENOENT }
        return false
    }

    public var description: String {
        switch self {
        case .exists(let path):
            return "\(path) already exists; the spool never overwrites a file"
        case .system(let operation, let path, let code):
            let reason = String(cString: strerror(code))
            switch code {
            case ENOSPC, EDQUOT: return "\(operation) \(path): \(reason); free space on the spool's file system"
            case EROFS: return "\(operation) \(path): \(reason); remount the spool read-write"
            default: return "\(operation) \(path): \(reason)"
            }
        }
    }
}
