import Foundation
import NIOCore
import NIOPosix

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Starts the built `cairn` executable (it sits beside the test bundle) with a clean environment.
struct CairnProcess {
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var lastErrorLine: String? {
            standardError.split(separator: "\n", omittingEmptySubsequences: true).last.map { String($0) + "\n" }
        }
    }

    let process: Process

    static var executable: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        // Swift Testing's runner may be the xctest bundle itself or a helper beside it.
        let candidate = url.appendingPathComponent("cairn")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: TestPaths.repositoryRoot + ".build/debug/cairn")
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "cairn-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func start(
        _ arguments: [String], environment: [String: String], dataDirectory: String? = nil,
        output: Pipe? = nil, error: Pipe? = nil, errorHandle: FileHandle? = nil
    ) throws -> CairnProcess {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var base = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "CAIRN_DATA_DIR": dataDirectory ?? temporaryDirectory(),
            "CAIRN_RESOURCES_DIR": TestPaths.repositoryRoot,
            "CAIRN_LOG_LEVEL": "warning",
        ]
        base.merge(environment) { $1 }
        process.environment = base
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = error ?? errorHandle ?? FileHandle.nullDevice
        try process.run()
        return CairnProcess(process: process)
    }

    static func run(
        _ arguments: [String], environment: [String: String], dataDirectory: String? = nil
    ) async throws -> Run {
        let output = Pipe()
        let error = Pipe()
        let started = try start(
            arguments, environment: environment, dataDirectory: dataDirectory, output: output, error: error)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        started.process.waitUntilExit()
        return Run(
            status: started.process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    static func freePort() async throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress!.port!
        try await channel.close()
        try await group.shutdownGracefully()
        return port
    }

    /// Polls `/healthz` for up to 30 seconds.
    static func waitUntilHealthy(port: Int) async throws -> Bool {
        let url = URL(string: "http://127.0.0.1:\(port)/healthz")!
        for _ in 0..<300 {
            if let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
