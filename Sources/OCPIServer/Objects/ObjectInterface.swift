import Hummingbird
import OCPIModel
import OCPIStorage

/// One side of an object module, as a caller sees it: the owner's Receiver interface or a peer's Sender interface.
/// Both serve the same URLs (their three-segment paths look alike), so the route hands the request to the
/// interface chosen for its caller, and each interface names the segments itself.
protocol ObjectInterface: Sendable {
    /// `GET /{module}`: a page of what the caller may read.
    func list(_ request: Request) async throws -> Response
    /// `GET /{module}/{segments…}`.
    func get(_ request: Request, segments: [Substring]) async throws -> Response
    /// `PUT|PATCH|DELETE /{module}/{segments…}`.
    func write(_ method: WriteMethod, _ request: Request, segments: [Substring]) async throws -> Response
}

extension DataModule {
    /// `/locations/{location_id}[/{evse_uid}[/{connector_id}]]`, for messages.
    static func template(prefix: [String] = []) -> String {
        let names = prefix + idPath
        let required = prefix.count + 1
        var text = "/\(id.rawValue)/" + names.prefix(required).map { "{\($0)}" }.joined(separator: "/")
        for name in names.dropFirst(required) { text += "[/{\(name)}" }
        return text + String(repeating: "]", count: names.count - required)
    }

    /// 404 for an address that matched nothing: `unknown EVSE LOC1/E1`, with the module's status code.
    static func unknown(_ ids: [String]) -> OCPIError {
        let what = levelNames[ids.count - 1]
        return OCPIError.notFound("unknown \(what) \(ids.joined(separator: "/"))", code: unknownObjectCode)
    }
}
