import HTTPTypes
import Hummingbird
import OCPIModel
import OCPIStorage

/// OCPI pagination: reads `offset`, `limit`, `date_from` and `date_to` (and our `after_key`), and writes
/// `X-Total-Count`, `X-Limit` and a `Link: <…>; rel="next"` that repeats every filter (absent on the last page).
struct Pagination: Sendable {
    /// The largest page the server returns; also the default `limit`.
    static let maxPageSize = 500
    /// Our own parameter in the `Link` we hand out: the key of the page's last object, so that the next page is read
    /// by key (as fast at any depth) while `offset` keeps its OCPI meaning for clients that build URLs themselves.
    static let afterKey = "after_key"

    var request: PageRequest

    init(request: Request) throws(OCPIError) {
        let query = request.uri.queryParameters
        func integer(_ name: String, minimum: Int) throws(OCPIError) -> Int? {
            guard let text = query[name[...]] else { return nil }
            guard let value = Int(text), value >= minimum else {
                throw OCPIError.badRequest("\(name)=\(text) is not valid: expected a whole number of at least \(minimum)")
            }
            return value
        }
        func date(_ name: String) throws(OCPIError) -> DateTime? {
            guard let text = query[name[...]] else { return nil }
            // DateTime takes years 1900 to 9999 only, so nothing PostgreSQL would refuse gets this far.
            guard let value = DateTime(String(text)) else {
                throw OCPIError.badRequest("\(name)=\(text) is not an RFC 3339 date-time between 1900 and 9999, such as 2024-01-31T12:00:00Z")
            }
            return value
        }
        let limit = min(try integer("limit", minimum: 1) ?? Self.maxPageSize, Self.maxPageSize)
        self.request = PageRequest(
            offset: try integer("offset", minimum: 0) ?? 0, limit: limit, dateFrom: try date("date_from"), dateTo: try date("date_to"),
            afterKey: try integer(Self.afterKey, minimum: 0).map(Int64.init))
    }

    /// The list headers for a page served at `path` (our public URL plus the request's path).
    func headers(for page: Page, publicURL: String, path: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.xTotalCount] = String(page.total)
        fields[.xLimit] = String(Self.maxPageSize)
        let nextOffset = request.offset + page.count
        if page.count > 0, page.hasMore {
            var parameters = ["offset=\(nextOffset)", "limit=\(request.limit)"]
            if let key = page.lastKey { parameters.append("\(Self.afterKey)=\(key)") }
            if let from = request.dateFrom { parameters.append("date_from=\(PercentEncoding.encode(from.description))") }
            if let to = request.dateTo { parameters.append("date_to=\(PercentEncoding.encode(to.description))") }
            fields[.link] = "<\(publicURL)\(path)?\(parameters.joined(separator: "&"))>; rel=\"next\""
        }
        return fields
    }

    /// A list's answer: the page's documents in the envelope, with the list headers and the routing headers.
    func response(_ page: Page, request: Request, publicURL: String, routing: RoutingHeaders, answeringTenant: TenantID?) -> Response {
        var headers = self.headers(for: page, publicURL: publicURL, path: request.uri.path)
        headers.append(contentsOf: routing.responseHeaders(answeringTenant: answeringTenant))
        return OCPIEnvelope.ok(rawJSON: page.json.utf8, headers: headers)
    }
}
