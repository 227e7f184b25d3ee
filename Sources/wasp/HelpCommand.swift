import Foundation
import Help

enum HelpCommand: Command {
    static let name = "help"
    static let summary = "the manual: its topics, one topic, or a command's usage"
    static let help = """
    usage: wasp help [TOPIC | COMMAND]
           wasp help --man DIR

    With no topic, lists the commands and the topics of the manual. A topic prints its page, the same
    text as its man page; a command prints its usage, as 'wasp COMMAND --help' does.
    --man DIR writes every page as a man page under DIR (man5/wasp.conf.5, man7/wasp-spool.7, ...),
    as 'make install' does into /usr/local/share/man.
    """
    static let options: Set<String> = ["man"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(1)
        if let directory = arguments.options["man"] {
            try writeManPages(into: directory)
            return 0
        }
        guard let word = arguments.positionals.first else {
            print(usage() + "\n" + topicList(), terminator: "")
            return 0
        }
        if let topic = HelpTopic.named(word) {
            print(topic.text, terminator: "")
        } else if let command = commands.first(where: { $0.name == word }) {
            print(command.help)
        } else {
            throw .usage("no topic or command '\(word)'\(suggestion(for: word))\n\n\(topicList())")
        }
        return 0
    }

    static func topicList() -> String {
        let lines = HelpTopic.all.map { "  \($0.name.padding(toLength: 13, withPad: " ", startingAt: 0)) \($0.title)" }
        return "topics ('wasp help TOPIC', or 'man \(HelpTopic.all.first?.manName ?? "wasp")' once installed):\n"
            + lines.joined(separator: "\n") + "\n"
    }

    private static func suggestion(for word: String) -> String {
        let names = HelpTopic.all.map(\.name) + commands.map { $0.name }
        return CommandSuggestion.closest(to: word.lowercased(), among: names).map { "; did you mean '\($0)'?" } ?? ""
    }

    private static func writeManPages(into directory: String) throws(CommandError) {
        for topic in HelpTopic.all {
            let folder = "\(directory)/man\(topic.manSection)"
            let path = "\(folder)/\(topic.manName).\(topic.manSection)"
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                try Data(ManPage.roff(topic, version: version, seeAlso: HelpTopic.all).utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw .failed("cannot write \(path): \(error.localizedDescription)")
            }
            print(path)
        }
    }
}
