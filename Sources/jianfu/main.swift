import JianfuCommands

await Jianfu.runFromCommandLine()
