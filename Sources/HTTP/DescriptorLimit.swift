import Glibc
import Glibc

/// The process's limit on open descriptors. Connections cost descriptors, not threads, so servers (and the
/// clients that test them with floods) lift the soft limit to the hard one.
public enum DescriptorLimit {
    /// Lifts the soft limit as far as allowed; returns the limit now in force.
    @discardableResult
    public static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(clamping: limit.rlim_cur)
    }
}
