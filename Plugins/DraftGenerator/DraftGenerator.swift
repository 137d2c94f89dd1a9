import Foundation
import PackagePlugin

/// Generates the draft twin (`LocationDraft`, …) of every type marked `// ocpi:draft`, at build time: a new field is
/// written once, in its type, and its draft follows. A marked file is named after its type (`Location.swift`).
@main
struct DraftGenerator: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let tool = try context.tool(named: "DraftGen")
        let marked = target.sourceFiles(withSuffix: "swift").filter { file in
            (try? String(contentsOf: file.url, encoding: .utf8))?.split(separator: "\n").contains { $0.hasPrefix("// ocpi:draft") } == true
        }
        let names = marked.map { $0.url.deletingPathExtension().lastPathComponent }
        return marked.map { file in
            let name = file.url.deletingPathExtension().lastPathComponent
            let output = context.pluginWorkDirectoryURL.appending(path: "\(name)Draft.swift")
            return .buildCommand(
                displayName: "Generating \(name)Draft", executable: tool.url,
                arguments: [file.url.path, output.path, names.joined(separator: ",")],
                inputFiles: [file.url], outputFiles: [output])
        }
    }
}
