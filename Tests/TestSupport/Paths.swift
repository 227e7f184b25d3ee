import Foundation

/// Where the package, its fixtures and the built `wasp` binary are, found from this file's location so tests
/// run the same from `make test`, `swift test` or an editor.
public enum Paths {
    public static let package: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url.path
    }()

    /// The debug build's `wasp`, or `$WASP_BIN`.
    public static var wasp: String {
        ProcessInfo.processInfo.environment["WASP_BIN"] ?? package + "/.build/debug/wasp"
    }

    public static func fixture(_ name: String) -> Data {
        guard let data = FileManager.default.contents(atPath: package + "/Tests/Fixtures/" + name) else {
            preconditionFailure("missing fixture Tests/Fixtures/\(name)")
        }
        return data
    }

    public static func fixtureNames(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: package + "/Tests/Fixtures/" + directory)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted().map { directory + "/" + $0 }
    }
}
