import CLinux
import Crypto
import Glibc

/// A file being written in `tmp/`: unnamed (O_TMPFILE) where the file system allows, so a crash leaves nothing
/// behind, else named `<pid>.<random>.<name>`. `link(to:)` gives it its final name without overwriting.
struct TemporaryFile {
    let descriptor: Int32
    /// The named file, or the `tmp/` directory for an unnamed one (for error messages).
    let path: String
    private let isNamed: Bool

    init(directory: String, name: String) throws(SpoolError) {
        let anonymous = Glibc.open(directory, wasp_o_tmpfile() | O_WRONLY | O_CLOEXEC, FileSystem.fileMode)
        if anonymous >= 0 {
            self.init(descriptor: anonymous, path: directory, isNamed: false)
            return
        }
        guard errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL else {
            throw .system(operation: "open", path: directory, errno: errno)
        }
        try self.init(namedIn: directory, name: name)
    }

    /// A named temporary file, for a write that must replace its target by `rename`.
    init(namedIn directory: String, name: String) throws(SpoolError) {
        let path = directory + "/\(getpid()).\(Digest.randomHex(byteCount: 6)).\(name)"
        self.init(descriptor: try FileSystem.open(path, flags: O_WRONLY | O_CREAT | O_EXCL), path: path, isNamed: true)
    }

    private init(descriptor: Int32, path: String, isNamed: Bool) {
        self.descriptor = descriptor
        self.path = path
        self.isNamed = isNamed
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

    /// Replaces `target` with this named file.
    func rename(to target: String) throws(SpoolError) {
        precondition(isNamed, "only a named temporary file can be renamed")
        try FileSystem.rename(path, target)
    }

    /// Closes the file and removes its temporary name, if it has one; an unnamed file simply vanishes.
    func discard() {
        close(descriptor)
        if isNamed { unlink(path) }
    }
}
