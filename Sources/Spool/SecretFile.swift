import Foundation
import Glibc

/// A secret kept in a file of its own under `etc/` (a Cloud API access token, an app secret): read at each use,
/// so replacing the file rotates it, and only from a file no one but its owner can read.
public enum SecretFile {
    public static func read(_ path: String) -> Result<String, SecretFileProblem> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(SecretFileProblem("cannot read \(path): \(String(cString: strerror(errno)))")) }
        guard status.st_mode & 0o077 == 0 else {
            return .failure(SecretFileProblem("\(path) has mode \(String(status.st_mode & 0o777, radix: 8)); a secret's file must be 0600 (chmod 600 \(path))"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            return .failure(SecretFileProblem("\(path) is empty"))
        }
        return .success(token)
    }
}

public struct SecretFileProblem: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
