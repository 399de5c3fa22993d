import ArgumentParser
import CMPCapture

/// `-D`: numbered like tshark's list, with the description and the flags that explain why a
/// capture might see nothing (down, not running).
enum InterfaceListing {
    static func run() throws {
        let interfaces: [CaptureInterface]
        do {
            interfaces = try CaptureInterface.all()
        } catch {
            CMPDissectCommand.printError("\(error)")
            throw ExitCode(1)
        }
        if interfaces.isEmpty {
            CMPDissectCommand.printError("no interfaces found (live capture may need root, or CAP_NET_RAW and CAP_NET_ADMIN)")
            throw ExitCode(1)
        }
        print(render(interfaces), terminator: "")
    }

    static func render(_ interfaces: [CaptureInterface]) -> String {
        var text = ""
        for (number, interface) in interfaces.enumerated() {
            var flags = [String]()
            if interface.isLoopback { flags.append("Loopback") }
            flags.append(interface.isUp ? "Up" : "Down")
            if interface.isRunning { flags.append("Running") }
            text += "\(number + 1). \(interface.name)"
            if let description = interface.description, !description.isEmpty { text += " (\(description))" }
            text += " [" + flags.joined(separator: ", ") + "]\n"
        }
        return text
    }
}
