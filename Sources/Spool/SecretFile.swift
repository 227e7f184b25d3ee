import Foundation
import Crypto
import Glibc

/// A secret kept in a file of its own under `etc/` (a Cloud API access token, an app secret): read at each use,
/// so replacing the file rotates it, and only from a file no one but its owner can read; a secret two daemons
/// need (a Dev Dashboard app's client secret: the writeback's grant, the intake's signatures) may also be read
/// by its group, which `wasp fsck` sets to the second daemon's.
public enum SecretFile {
    public static func read(_ path: String, sharedWithGroup: Bool = false) -> Result<String, SecretFileProblem> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(SecretFileProblem("cannot read \(path): \(String(cString: strerror(errno)))")) }
        guard status.st_mode & (sharedWithGroup ? 0o037 : 0o077) == 0 else {
            let allowed = sharedWithGroup ? "0600 or 0640" : "0600"
            return .failure(SecretFileProblem("\(path) has mode \(String(status.st_mode & 0o777, radix: 8)); this secret's file must be \(allowed) (chmod 600 \(path))"))
        }
        guard access(path, R_OK) == 0 else {
            return .failure(SecretFileProblem("cannot read \(path): \(String(cString: strerror(errno))); with users = in wasp.conf it must belong to the daemon that reads it ('wasp fsck' names it)"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            return .failure(SecretFileProblem("\(path) is empty"))
        }
        return .success(token)
    }
}

extension SecretFile {
    /// Creates `path` (mode 0600) holding 32 random bytes in hex, unless it exists: a key made on first use.
    public static func createKey(_ path: String) throws(SpoolError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { return }
            throw .system(operation: "create", path: path, errno: errno)
        }
        let text = Digest.randomHex(byteCount: 32) + "\n"
        let written = write(descriptor, text, text.utf8.count) == text.utf8.count && fsync(descriptor) == 0
        let failure = errno
        close(descriptor)
        if !written { throw .system(operation: "write", path: path, errno: failure) }
    }
}

public struct SecretFileProblem: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
