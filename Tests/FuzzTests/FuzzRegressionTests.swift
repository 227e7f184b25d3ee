import Foundation
import FuzzTargets
import Testing
import TestSupport

/// Every committed fuzz input, the seeds and the crashes `make fuzz` found (each kept as a regression), through
/// the same parsers, in the test process: none may crash. `make test` also fuzzes each target for a few seconds.
@Suite struct FuzzRegressionTests {
    @Test(arguments: FuzzTarget.allCases)
    func everyCommittedInputIsReadWithoutACrash(_ target: FuzzTarget) throws {
        let inputs = ["Corpus", "Crashes"].flatMap { Self.files(Paths.package + "/Tests/Fuzz/\($0)/" + target.rawValue) }
        #expect(!inputs.isEmpty, "Tests/Fuzz/Corpus/\(target.rawValue) has seeds")
        for path in inputs { target.run(try Data(contentsOf: URL(fileURLWithPath: path))) }
    }

    private static func files(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { !$0.hasPrefix(".") }
            .sorted().map { directory + "/" + $0 }
    }
}
