import Foundation
import Glibc

/// Reads a password from a file, a terminal prompt without echo, or standard input, in that order.
enum PasswordInput {
    static func read(file: String?, prompt: String) throws(CommandError) -> String {
        let password: String?
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw .failed("cannot read password file \(file)")
            }
            password = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init)
        } else if isatty(STDIN_FILENO) == 1, let typed = getpass(prompt) {
            password = String(cString: typed)
        } else {
            password = readLine(strippingNewline: true)
        }
        guard let password, password.count >= 8 else { throw .failed("the password must have at least 8 characters") }
        return password
    }
}
