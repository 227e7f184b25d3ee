@testable import Crypto
import Foundation
import Synchronization
import Testing
import TestSupport

/// Logins arriving all at once: no more guesses than the throttle allows, and memory that stays put.
@Suite final class LoginFloodTests {
    /// Tenants' passwords at the cost `wasp tenant passwd` writes (scrypt ln=14, r=8: a 16 MiB table per check).
    let harness: DashboardHarness
    /// Well above two checks at a time (a peak of about 65 MiB in all), well below ten at a time, as many as the
    /// throttle lets through (190 MiB), or tables kept in sixty threads' arenas after their checks (300 MiB).
    static let peakMemoryBoundKiB = 150 * 1024

    init() throws {
        harness = try DashboardHarness(passwordHash: { PasswordHash.make(password: $0) })
    }

    @Test func sixtyWrongPasswordsAtOnceForOneAccountGetNoMoreChecksThanTheLimit() throws {
        let statuses = try logIn(60) { _ in (email: "alpha@example.com", password: "guess", from: "127.0.0.1") }.map(\.status)
        #expect(statuses.allSatisfy { $0 == 401 || $0 == 429 }, "\(statuses)")
        #expect((1...10).contains(statuses.count { $0 == 401 }), "\(statuses)")
        #expect(harness.dashboard.memory().peakKiB < Self.peakMemoryBoundKiB, "peak \(harness.dashboard.memory().peakKiB) KiB")
        // On a loaded machine some of the sixty are refused as busy, never checked and so never counted: top the
        // account's failures up to the limit one at a time, then even the right password waits.
        var topUps = 0
        while try harness.formLogin(email: "alpha@example.com", password: "guess").status != 429, topUps < 10 { topUps += 1 }
        #expect(try harness.formLogin(email: "alpha@example.com", password: DashboardHarness.passwords["alpha"]!).status == 429)
        #expect(try harness.get("/login").status == 200, "the dashboard still answers")
    }

    /// Sixty addresses, each with an unknown email: the throttle stops none, so only the bound on checks at once
    /// keeps the memory down. Unknown emails cost a full check too, or their quicker answer would tell them apart.
    @Test func sixtyLoginsAtOnceFromSixtyAddressesRunAFewChecksAtATime() throws {
        let answers = try logIn(60) { index in (email: "nobody\(index)@example.com", password: "guess", from: "127.0.1.\(index + 1)") }
        for answer in answers {
            #expect(answer.status == 401 && answer.text.contains("Wrong email or password.")
                || answer.status == 429 && answer.text.contains("Too many sign-ins at once, try again in a few seconds.")
                && answer.text.contains("Retry-After: 3"), "\(answer.text)")
        }
        #expect(answers.contains { $0.status == 401 })
        #expect(harness.dashboard.memory().peakKiB < Self.peakMemoryBoundKiB, "peak \(harness.dashboard.memory().peakKiB) KiB")
        #expect(try harness.get("/login").status == 200, "the dashboard still answers")
    }

    /// Checks of about 0.65 s each (sixteen passes over one 16 MiB table): twenty at once, two at a time, cannot all
    /// start within the two seconds a sign-in waits for its turn.
    @Test func signInsThatFindNoFreeCheckSoonAre429AndDoNotCountAsFailures() throws {
        let slow = try DashboardHarness { password in
            let salt = Digest.randomBytes(16)
            return PasswordHash(logN: 14, blockSize: 8, parallelism: 16, salt: salt,
                                hash: PasswordHash.derive(password: password, salt: salt, logN: 14, blockSize: 8, parallelism: 16))
        }
        let answers = try logIn(20, port: slow.port) { index in
            (email: index < 10 ? "alpha@example.com" : "beta@example.com", password: "guess", from: "127.0.2.\(index / 10 + 1)")
        }
        let busy = answers.filter { $0.status == 429 }
        #expect(busy.count >= 4, "\(answers.map(\.status))")
        #expect(answers.count { $0.status == 401 } + busy.count == 20, "\(answers.map(\.status))")
        for answer in busy {
            #expect(answer.text.contains("Too many sign-ins at once, try again in a few seconds."))
            #expect(answer.text.contains("Retry-After: 3\r\n"))
        }
        let right = try slow.formLogin(email: "alpha@example.com", password: DashboardHarness.passwords["alpha"]!)
        #expect(right.status == 303, "the sign-ins refused as busy were never checked, so they are not failures")
    }

    /// The account is found whatever blanks surround the email, so the throttle counts it the same way.
    @Test func blanksAroundTheEmailDoNotEscapeTheAccountsLimit() throws {
        // One at a time, so none is refused as busy (and left uncounted) on a loaded machine.
        let wrong = try (0..<10).map { _ in try logIn(1) { _ in (email: "alpha@example.com", password: "guess", from: "127.0.3.1") }[0] }
        #expect(wrong.allSatisfy { $0.status == 401 }, "\(wrong.map(\.status))")
        let padded = try logIn(3) { index in
            (email: String(repeating: " ", count: index + 1) + "ALPHA@example.com ", password: "guess", from: "127.0.3.\(index + 2)")
        }
        #expect(padded.allSatisfy { $0.status == 429 }, "\(padded.map(\.status))")
    }

    /// Posts `count` form logins, each on its own connection and thread, all connected before any is sent.
    private func logIn(_ count: Int, port: UInt16? = nil, _ attempt: (Int) -> (email: String, password: String, from: String))
        throws -> [(status: Int?, text: String)] {
        let requests = (0..<count).map { index in
            let (email, password, _) = attempt(index)
            let body = "email=" + email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&password=" + password
            return "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        }
        let connections = try (0..<count).map { try RawConnection(port: port ?? harness.port, from: attempt($0).from) }
        let answers = Mutex<[Int: String]>([:])
        let go = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for (index, connection) in connections.enumerated() {
            done.enter()
            let request = requests[index]
            nonisolated(unsafe) let connection = connection
            Thread {
                go.wait()
                connection.send(request)
                let answer = connection.receive(timeout: 30)
                answers.withLock { $0[index] = answer }
                done.leave()
            }.start()
        }
        for _ in 0..<count { go.signal() }
        done.wait()
        return (0..<count).map { index in
            let text = answers.withLock { $0[index] } ?? ""
            return (RawConnection.status(of: text), text)
        }
    }
}
