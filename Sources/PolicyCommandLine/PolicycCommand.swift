import ArgumentParser

public struct PolicycCommand: ParsableCommand {
    public init() {}
}
