import Hummingbird
import Kernel

/// Builds the server's responses: JSON bodies and plain-text health answers.
enum JSONResponse {
    /// A JSON response with `status` (`contentType` names a more specific JSON media type).
    static func make(_ status: Int, _ body: JSONValue, contentType: String = "application/json") -> Response {
        let data = body.serialized()
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: httpStatus(status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A plain-text response.
    static func text(_ status: Int, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: httpStatus(status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The HTTP status for a code, with its standard reason phrase.
    static func httpStatus(_ code: Int) -> HTTPResponse.Status {
        let phrases: [Int: String] = [
            200: "OK", 201: "Created", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
            403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
            409: "Conflict", 410: "Gone", 413: "Content Too Large", 415: "Unsupported Media Type",
            422: "Unprocessable Entity", 429: "Too Many Requests", 500: "Internal Server Error",
            503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        let safe = (100...999).contains(code) ? code : 500
        return HTTPResponse.Status(code: safe, reasonPhrase: phrases[safe] ?? "")
    }
}
