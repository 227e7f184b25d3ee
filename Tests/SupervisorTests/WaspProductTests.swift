import Foundation
import Processes
import Testing
import TestSupport

/// What ships: the `wasp` binary holds no test code, and a bench that needs a stand-in runs it as its own process.
@Suite struct WaspProductTests {
    /// The stand-ins' modules (WhatsAppStandIn, CloudStandIn, StandInPage, …) name every symbol they bring, so a
    /// binary linked with one contains "standin"; "standing" (`AnswerStanding`, a Spool type) is not test code.
    @Test func theWaspBinaryHoldsNoStandIn() throws {
        let binary = try #require(FileManager.default.contents(atPath: Paths.wasp))
        let needle = Array("standin".utf8)
        var matches = 0
        binary.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            guard bytes.count > needle.count else { return }
            for start in 0..<(bytes.count - needle.count) where bytes[start] | 0x20 == needle[0] {
                guard (1..<needle.count).allSatisfy({ bytes[start + $0] | 0x20 == needle[$0] }),
                      bytes[start + needle.count] | 0x20 != UInt8(ascii: "g") else { continue }
                matches += 1
            }
        }
        #expect(matches == 0, "\(Paths.wasp) contains 'standin' \(matches) times: a target under Tests/ is linked into wasp")
    }

    @Test func aBenchWithoutTheStandInProgramSaysHowToBuildIt() throws {
        let directory = try TemporaryRoot()
        let (status, output) = try Spawn.output(of: [Paths.wasp, "bench", "sender", "--rounds", "1", "--dir", directory.path],
                                                environment: ["WASP_STAND_IN": directory.path + "/wasp-stand-in"],
                                                withErrors: true)
        #expect(status == 1, "\(output)")
        #expect(output.contains("there is none at \(directory.path)/wasp-stand-in: build it with "
                                + "'swift build -c release --product wasp-stand-in'"), "\(output)")
    }

    /// SwiftPM colours diagnostics only on a terminal, which changes every compiler command and rebuilds all:
    /// make's builds turn colour off, so the same build twice is a no-op wherever make's output goes.
    @Test func makeBuildsTheSameWayOnATerminalAndIntoAFile() throws {
        let (status, commands) = try Spawn.output(of: ["/usr/bin/make", "-n", "-C", Paths.package, "build", "release", "demo",
                                                       "test", "fuzz-build"], withErrors: true)
        #expect(status == 0, "\(commands)")
        let builds = commands.split(separator: "\n").filter { $0.hasPrefix("swift build") }
        #expect(builds.count >= 5, "build, release, demo, test and fuzz-build each build: \(commands)")
        #expect(builds.allSatisfy { $0.contains(" --no-color-diagnostics") }, "\(builds)")
    }

    /// A clone has only what is committed: README names no page it lacks.
    @Test func everyPageTheREADMENamesIsInTheClone() throws {
        let readme = try String(contentsOfFile: Paths.package + "/README.md", encoding: .utf8)
        let named = readme.matches(of: /[`(]([A-Za-z0-9\/._-]+\.md)[`)]/).map { String($0.output.1) }
        #expect(!named.isEmpty)
        #expect(named.filter { !FileManager.default.fileExists(atPath: Paths.package + "/" + $0) } == [])
    }
}
