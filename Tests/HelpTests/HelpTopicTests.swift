import Foundation
import Help
import Processes
import Testing
import TestSupport

/// The manual built into the binary: complete (every page listed, every configuration key the code reads defined
/// on exactly one page) and readable as man pages.
@Suite struct HelpTopicTests {
    static let topicsDirectory = Paths.package + "/Sources/Help/Topics"

    @Test func everyPageInTopicsIsListedAndEveryListedPageHasItsFile() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.topicsDirectory)
            .filter { $0.hasSuffix(".md") }.map { String($0.dropLast(3)) }
        #expect(Set(files) == Set(HelpTopic.all.map(\.name)))
        #expect(HelpTopic.all.allSatisfy { !$0.title.isEmpty && $0.text.hasPrefix("# ") })
    }

    @Test func everyKeyTheCodeReadsIsDefinedOnExactlyOnePage() throws {
        let read = try ConfigurationKeys.readBySources(in: Paths.package + "/Sources")
        #expect(read.count > 60, "the scan found \(read.count) keys; has the reading code changed shape?")
        let defined = ConfigurationKeys.defined(in: HelpTopic.all)
        for key in read.sorted() {
            let pages = defined[key, default: []]
            #expect(pages.count == 1, "\(key) is defined on \(pages.isEmpty ? "no page" : pages.joined(separator: ", ")): one line `- \u{60}\(key)\u{60} [default]: …`")
        }
        let stale = Set(defined.keys).subtracting(read)
        #expect(stale.isEmpty, "defined but read by no code: \(stale.sorted())")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/groff"), "needs groff (Debian's groff-base)"))
    func everyPageIsAManPageGroffReadsWithoutAWarning() throws {
        for topic in HelpTopic.all {
            let page = ManPage.roff(topic, version: "test", seeAlso: HelpTopic.all)
            let groff = try Self.groff(page)
            #expect(groff.status == 0 && groff.output.isEmpty, "\(topic.manName): \(groff.output)")
            #expect(page.hasPrefix(".TH \"\(topic.manName.uppercased())\" \(topic.manSection) "))
        }
    }

    @Test func markdownBecomesTheManMacrosItMeans() {
        let topic = HelpTopic(name: "sample", text: """
            # A sample page
            ## Keys
            - `a.key` [5s]: *this* much, **no** more
            .dotted line
            ```
            wasp up \\ *
            ```
            | a | b |
            """)
        let page = ManPage.roff(topic, version: "1.0", seeAlso: [topic]).split(separator: "\n").map(String.init)
        #expect(page.prefix(3) == [".TH \"WASP-SAMPLE\" 7 \"\" \"wasp 1.0\" \"wasp manual\"", ".SH NAME", "wasp-sample \\- A sample page"])
        #expect(page.contains(".SH \"KEYS\""))
        #expect(page.contains(".IP \\(bu 2"))
        #expect(page.contains("\\fBa.key\\fR [5s]: \\fIthis\\fR much, \\fBno\\fR more"))
        #expect(page.contains("\\&.dotted line"))
        #expect(page.contains(".nf") && page.contains("wasp up \\e *"))
        #expect(!page.contains { $0.hasPrefix(".SH \"SEE ALSO\"") }, "a page is not its own see-also")
    }

    @Test func waspHelpListsThePagesAndPrintsOne() throws {
        let list = try Wasp.run(["help"])
        #expect(list.status == 0)
        for topic in HelpTopic.all { #expect(list.output.contains("  \(topic.name) "), "\(topic.name) missing") }
        let page = try Wasp.run(["help", "configuration"])
        #expect(page.status == 0 && page.output == HelpTopic.named("configuration")?.text)
        #expect(try Wasp.run(["help", "status"]).output.contains("usage: wasp status"))
        let wrong = try Wasp.run(["help", "configuraton"])
        #expect(wrong.status == 2)
        #expect(wrong.errors.contains("no topic or command 'configuraton'; did you mean 'configuration'?"), "\(wrong.errors)")
    }

    @Test func helpManWritesAPagePerTopicThatManRenders() throws {
        let directory = try TemporaryRoot()
        let written = try Wasp.run(["help", "--man", directory.path])
        #expect(written.status == 0, "\(written.errors)")
        let configuration = directory.path + "/man5/wasp.conf.5"
        #expect(written.output.contains(configuration))
        #expect(FileManager.default.fileExists(atPath: configuration))
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/groff") else { return }
        let rendered = try Self.groff(String(contentsOfFile: configuration, encoding: .utf8), output: "-Tutf8")
        #expect(rendered.output.contains("intake.listen") && !rendered.output.contains("warning"), "\(rendered.output)")
    }

    /// groff over `page`, its warnings in the output; `-z` (the default) only checks the page.
    static func groff(_ page: String, output: String = "-z") throws -> (status: Int32, output: String) {
        let scratch = try TemporaryRoot()
        let file = scratch.path + "/page.7"
        try page.write(toFile: file, atomically: true, encoding: .utf8)
        return try Spawn.output(of: ["/usr/bin/groff", "-man", "-Tutf8", "-ww", output, file], withErrors: true)
    }
}

/// Where configuration keys are read (the `reader.value("…")` calls and the `keys` lists of settings read
/// through a helper) and where the manual defines them (a line `- \`key\` [default]: …`).
enum ConfigurationKeys {
    static func readBySources(in directory: String) throws -> Set<String> {
        var keys = Set<String>()
        let call = try Regex(#"reader\.values?\("([a-z0-9_.]+)""#)
        let list = try Regex(#"static let keys = \[([^\]]*)\]"#)
        let quoted = try Regex(#""([a-z0-9_.]+)""#)
        for path in FileManager.default.subpaths(atPath: directory) ?? [] where path.hasSuffix(".swift") {
            // The selectors file has keys of its own, documented in etc/whatsapp-web.selectors.
            guard !path.contains("WhatsAppSelectors") else { continue }
            let source = try String(contentsOfFile: directory + "/" + path, encoding: .utf8)
            for match in source.matches(of: call) { keys.insert(String(match.output[1].substring!)) }
            for match in source.matches(of: list) {
                for key in match.output[1].substring!.matches(of: quoted) { keys.insert(String(key.output[1].substring!)) }
            }
        }
        return keys
    }

    static func defined(in topics: [HelpTopic]) -> [String: [String]] {
        var pages: [String: [String]] = [:]
        for topic in topics {
            for line in topic.text.split(separator: "\n") where line.hasPrefix("- `") {
                let key = line.dropFirst(3).prefix { $0 != "`" }
                if line.dropFirst(3 + key.count).hasPrefix("` [") { pages[String(key), default: []].append(topic.name) }
            }
        }
        return pages
    }
}
