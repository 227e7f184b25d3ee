import Crypto
import Glibc

/// A file being written in `tmp/`: unnamed (O_TMPFILE) where the file system allows, so a crash leaves nothing
/// behind, else named `<pid>.<random>.<name>`. `link(to:)` gives it its final name without overwriting.
struct TemporaryFile {
    let descriptor: Int32
    /// The named file, or the `tmp/` directory for an unnamed one (for error messages).
    let path: String
    private let isNamed: Bool

    /// O_TMPFILE from <fcntl.h>, which Swift's Glibc module does not export.
    private static let unnamed: Int32 = 0o20_000_000 | O_DIRECTORY

    init(directory: String, name: String) throws(SpoolError) {
        let anonymous = Glibc.open(directory, Self.unnamed | O_WRONLY | O_CLOEXEC, 0o640)
        if anonymous >= 0 {
            descriptor = anonymous
            path = directory
            isNamed = false
            return
        }
        guard errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL else {
            throw .system(operation: "open", path: directory, errno: errno)
        }
        let random = Digest.randomHex(byteCount: 6)
        path = directory + "/\(getpid()).\(random).\(name)"
        descriptor = try FileSystem.open(path, flags: O_WRONLY | O_CREAT | O_EXCL)
        isNamed = true
    }

    /// Gives the file `target` as its name; `.exists` if that name is taken.
    func link(to target: String) throws(SpoolError) {
        if isNamed {
            try FileSystem.link(path, target)
        } else if linkat(AT_FDCWD, "/proc/self/fd/\(descriptor)", AT_FDCWD, target, AT_SYMLINK_FOLLOW) != 0 {
            if errno == EEXIST { throw .exists(path: target) }
            throw .system(operation: "link", path: target, errno: errno)
        }
    }

    /// Closes the file and removes its temporary name, if it has one; an unnamed file simply vanishes.
    func discard() {
        close(descriptor)
        if isNamed { unlink(path) }
    }
}
