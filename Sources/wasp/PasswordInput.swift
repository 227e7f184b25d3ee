import Foundation
import Glibc

/// Reads a password from a file, a terminal prompt without echo, or standard input, in that order.
enum PasswordInput {
    static func read(file: String?, prompt: String) throws(CommandError) -> String {
        let password: String?
        if let file {
            // Read as a stream: a device or a pipe (/dev/null, <(echo …)) has no size to read up to.
            guard let handle = FileHandle(forReadingAtPath: file), let data = try? handle.readToEnd() ?? Data() else {
                throw .failed("cannot read password file \(file)")
            }
            guard !data.isEmpty else { throw .failed("password file \(file) is empty: write the password on its first line") }
            password = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
                .first.map(String.init)
        } else if isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) {
            password = String(cString: typed)
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, password.count >= 8 else { throw .failed("the password must have at least 8 characters") }
        return password
    }
}
