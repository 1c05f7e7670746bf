import Foundation
import Hummingbird
import Kernel

/// Serves `/openapi/v3` (the index of group versions) and `/openapi/v3/{api/v1 | apis/{group}/{version}}`
/// (one group version's document), with a strong ETag, `If-None-Match` support and the same
/// bytes whatever `?hash=` says.
enum OpenAPIHandler {
    /// Answers a GET (or HEAD) for `path`, the part after `/openapi/v3/` ("" for the index).
    static func respond(_ request: Request, path: String) throws -> Response {
        guard request.method == .get || request.method == .head else {
            throw StatusObject.methodNotAllowed(request.method.rawValue)
        }
        let document: OpenAPIDocuments.Document
        if path.isEmpty {
            document = OpenAPIDocuments.index
        } else if let found = OpenAPIDocuments.documents[path] {
            document = found
        } else {
            throw StatusObject.pathNotFound
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.eTag] = "\"\(document.hash)\""
        headers[.cacheControl] = path.isEmpty ? "no-cache, private" : "public, immutable"
        if let match = request.headers[.ifNoneMatch], match.contains(document.hash) {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }
}
