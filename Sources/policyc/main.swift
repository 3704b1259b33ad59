import PolicyCommandLine

PolicycCommand.main()
