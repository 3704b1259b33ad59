import ArgumentParser
import Foundation

/// `policyc`: the command-line entry point. Subcommands are thin: they parse arguments,
/// call the library and choose the exit code.
public struct PolicycCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "policyc",
        abstract: "Compile privacy policies written in Markdown into typed manifests.",
        version: "policyc 0.1.0 (manifest schema 1)",
        subcommands: [BuildCommand.self, CheckCommand.self, DiffCommand.self, ImportCommand.self, LintCommand.self, ReleaseCommand.self, VerifyCommand.self, MigrateArchiveCommand.self, DumpCommand.self, ExplainCommand.self],
        defaultSubcommand: nil)

    public init() {}
}

/// Exit codes shared by every command (sysexits.h values, as the architecture note fixes them).
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let checkFailed: Int32 = 1
    public static let usage: Int32 = 64
    public static let unreadableInput: Int32 = 66
    public static let internalError: Int32 = 70
}

/// Writes to standard error without buffering surprises.
func printError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
