import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion with `posix_spawn` and `waitpid`, output captured through temporary files.
///
/// Foundation's `Process.waitUntilExit` was seen to hang when the child starts a daemon (PostgreSQL's postmaster),
/// so the tests use this instead.
public enum Subprocess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    public static func run(_ arguments: [String]) throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("subprocess-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let running = try start(arguments, logPrefix: directory.appendingPathComponent("output").path)
        let status = running.waitForExit()
        return Outcome(
            status: status,
            stdout: (try? String(contentsOfFile: running.stdoutPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: running.stderrPath, encoding: .utf8)) ?? "")
    }
}

extension Subprocess {
    /// Spawn attributes that give the child an empty signal mask and default handlers. Threads of a Swift process
    /// block signals, and a child inherits its parent thread's mask: pgbench's -T (SIGALRM) would never fire.
    static func cleanSignalAttributes() -> posix_spawnattr_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        return attributes
    }

    /// A program started in the background, its output going to files.
    public struct Running: Sendable {
        public var pid: pid_t
        public var stdoutPath: String
        public var stderrPath: String

        /// Sends SIGTERM and waits for the exit; returns the exit code.
        @discardableResult
        public func terminate() -> Int32 {
            kill(pid, SIGTERM)
            return waitForExit()
        }

        /// Waits for the program to end; returns its exit code, or 128 plus the signal that ended it.
        public func waitForExit() -> Int32 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        }
    }

    /// Starts a program without waiting for it, with extra environment variables.
    public static func start(_ arguments: [String], environment extra: [String: String] = [:], logPrefix: String) throws -> Running {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let outPath = logPrefix + ".out"
        let errPath = logPrefix + ".err"
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in extra { environment[key] = value }
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var attributes = cleanSignalAttributes()
        defer { posix_spawnattr_destroy(&attributes) }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw NSError(domain: "Subprocess", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "cannot start \(arguments[0])"])
        }
        return Running(pid: pid, stdoutPath: outPath, stderrPath: errPath)
    }
}
