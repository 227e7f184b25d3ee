import Foundation
import Shopify
import Testing

/// The GraphQL documents wasp sends Shopify, against Shopify's own published schemas (`../shared/specs/shopify`)
/// rather than our stand-in: valid, and without a deprecated argument, for the versions wasp supports.
@Suite struct AdminDocumentsTests {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let specs = here.appendingPathComponent("../../../shared/specs").standardized.path
    static let hasSpecs = FileManager.default.fileExists(atPath: specs + "/shopify/admin_schema_unstable_2025-09.graphql")
    /// A Python with graphql-core 3 (Debian 13's python3-graphql-core; Debian 12's 2.3 cannot read Shopify's SDL).
    static let python = ["/usr/bin/env", "/usr/bin/python3"].first { candidate in
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: candidate)
        probe.arguments = (candidate.hasSuffix("env") ? ["python3"] : [])
            + ["-c", "import graphql, sys; sys.exit(int(graphql.__version__.split('.')[0]) < 3)"]
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return false }
        probe.waitUntilExit()
        return probe.terminationStatus == 0
    }

    @Test(.enabled(if: hasSpecs, "skipped: no ../shared/specs"),
          .enabled(if: python != nil, "skipped: no python3 with graphql-core 3 (apt-get install python3-graphql-core on Debian 13)"))
    func everyDocumentValidatesWithoutDeprecationsAgainstShopifysSchemas() throws {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: Self.python!)
        python.arguments = (Self.python!.hasSuffix("env") ? ["python3"] : [])
            + [Self.here.appendingPathComponent("validate-graphql.py").path, Self.specs]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (python.standardInput, python.standardOutput, python.standardError) = (input, output, errors)
        try python.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: ShopifyAdmin.documents))
        try input.fileHandleForWriting.close()
        let problems = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        python.waitUntilExit()
        try #require(python.terminationStatus == 0, "the validator failed: \(failure)")
        #expect(problems.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(problems)")
    }
}
