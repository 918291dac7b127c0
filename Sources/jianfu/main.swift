import Foundation
import JianfuServer

exit(await JianfuCommand.main(arguments: CommandLine.arguments))
