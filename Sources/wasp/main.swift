import Chromium
import Foundation
import Glibc

nonisolated(unsafe) let commands: [any Command.Type] = [
    UpCommand.self, IntakeCommand.self, SchedulerCommand.self, SenderCommand.self, DashboardCommand.self, WritebackCommand.self, StatusCommand.self, LinkCommand.self, ShowCommand.self, FsckCommand.self,
    HoldCommand.self, ReleaseCommand.self, RequeueCommand.self, DeleteCommand.self, TenantCommand.self,
    TriggerCommand.self, DoctorCommand.self, OptOutCommand.self, PauseCommand.self, ResumeCommand.self, UsersCommand.self, ShardCommand.self, BenchCommand.self,
    HelpCommand.self,
]

func usage() -> String {
    let lines = commands.map { "  \($0.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \($0.summary)" }
    return """
    usage: wasp <command> [--root DIR] [options]

    wasp sends WhatsApp order confirmations for Shopify merchants from a file spool.
    DIR holds etc/ and spool/ (default: the current directory).

    commands:
    \(lines.joined(separator: "\n"))

    'wasp <command> --help' explains one command, 'wasp help' lists the manual's topics and
    'wasp help TOPIC' prints one; 'wasp --version' prints the release.
    Exit status: 0 success, 1 failure, 2 bad usage.

    """
}

/// The release, raised by hand with each change of the spool's files or the commands that ops rely on.
let version = "0.5.0"

func main() -> Int32 {
    let words = CommandLine.arguments.dropFirst()
    if words.first == "--version" || words.first == "version" {
        print("wasp \(version)")
        return 0
    }
    // Not a command for people: the sender, as root, starts each browser through it (README, Security).
    if words.first == BrowserJail.commandName { return BrowserJail.main(Array(words.dropFirst())) }
    guard let name = words.first, name != "--help", name != "-h" else {
        print(usage(), terminator: "")
        return words.isEmpty ? 2 : 0
    }
    guard let command = commands.first(where: { $0.name == name }) else {
        let guess = CommandSuggestion.closest(to: name, among: commands.map { $0.name }).map { "did you mean \($0)? " } ?? ""
        FileHandle.standardError.write(Data("wasp: unknown command '\(name)'; \(guess)'wasp --help' lists the commands\n".utf8))
        return 2
    }
    do throws(CommandError) {
        let arguments = try Arguments(words.dropFirst(), options: command.options, flags: command.flags)
        if arguments.flags.contains("help") {
            print(command.help)
            return 0
        }
        return try command.run(arguments)
    } catch {
        switch error {
        case .usage(let problem):
            FileHandle.standardError.write(Data("wasp \(name): \(problem)\n\n\(command.help)\n".utf8))
            return 2
        case .failed(let problem):
            FileHandle.standardError.write(Data("wasp \(name): \(problem)\n".utf8))
            return 1
        }
    }
}

exit(main())
