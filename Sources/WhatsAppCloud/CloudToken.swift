import Foundation
import Glibc

/// The tenant's access token, read from its file at each use (so replacing the file rotates it) and only from a
/// file no one but its owner can read.
public enum CloudToken {
    public static func read(_ path: String) -> Result<String, CloudTokenProblem> {
        var status = stat()
        guard stat(path, &status) == 0 else { return .failure(CloudTokenProblem("cannot read \(path): \(String(cString: strerror(errno)))")) }
        guard status.st_mode & 0o077 == 0 else {
            return .failure(CloudTokenProblem("\(path) has mode \(String(status.st_mode & 0o777, radix: 8)); a token file must be 0600 (chmod 600 \(path))"))
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              case let token = text.trimmingCharacters(in: .whitespacesAndNewlines), !token.isEmpty else {
            return .failure(CloudTokenProblem("\(path) holds no token"))
        }
        return .success(token)
    }
}

public struct CloudTokenProblem: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}
