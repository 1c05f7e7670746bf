import Hummingbird
import Kernel

/// The hook between the resource GETs and the Table builder: when the request's Accept header
/// asks for a Table, objects, lists and watch events are answered as Tables.
extension ResourceHandler {
    /// The Table builder for this request, nil when it asked for plain JSON; throws 406 or 400.
    func tableBuilder(_ query: QueryParameters) throws -> TableBuilder? {
        let accept = request.headers[values: .accept].joined(separator: ",")
        return try TableBuilder.forRequest(target.type, accept: accept.isEmpty ? nil : accept, includeObject: query["includeObject"])
    }

    /// `document` (an object or a list) as this request wants it.
    func tableView(_ query: QueryParameters, _ document: JSONValue) throws -> JSONValue {
        guard let builder = try tableBuilder(query) else { return document }
        return builder.table(document)
    }

    /// `events` as this request wants them: each object a one-row Table when it asked for one.
    func tableEvents(_ query: QueryParameters, _ events: AsyncThrowingStream<WatchEvent, any Error>) throws -> AsyncThrowingStream<WatchEvent, any Error> {
        guard let builder = try tableBuilder(query) else { return events }
        let (stream, continuation) = AsyncThrowingStream<WatchEvent, any Error>.makeStream()
        let pump = Task {
            do {
                for try await event in events { continuation.yield(builder.event(event)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }
}
