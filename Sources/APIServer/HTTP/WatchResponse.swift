import Hummingbird
import Kernel

/// Streams a watch as Kubernetes does: chunked JSON, one `{"type":...,"object":...}` per line,
/// until the client goes away, the timeout passes or the watch ends. A failure mid-stream is
/// sent as an `ERROR` event carrying a Status.
enum WatchResponse {
    /// Kubernetes' default watch length when the client gives no `timeoutSeconds`.
    static let defaultTimeout: Duration = .seconds(1800)

    /// The streaming response for `events`.
    static func make(_ request: Request, events: AsyncThrowingStream<WatchEvent, any Error>, timeout: Duration) -> Response {
        let body = ResponseBody { writer in
            let frames = self.frames(events, timeout: timeout)
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    for await frame in frames { try await writer.write(frame) }
                }
            } catch {
                // The client went away or the connection failed: nothing left to tell anyone.
            }
            try? await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-cache, private"
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The encoded lines of a watch, ending after `timeout`; ends (and stops the watch) when
    /// the consumer stops iterating.
    static func frames(_ events: AsyncThrowingStream<WatchEvent, any Error>, timeout: Duration) -> AsyncStream<ByteBuffer> {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let pump = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await event in events { continuation.yield(line(event.json)) }
                    } catch let error as APIError {
                        continuation.yield(line(["type": "ERROR", "object": StatusObject.json(error)]))
                    } catch {
                        continuation.yield(line(["type": "ERROR", "object": StatusObject.json(.internalError("\(error)"))]))
                    }
                }
                group.addTask { try? await Task.sleep(for: timeout) }
                await group.next()
                group.cancelAll()
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in pump.cancel() }
        return stream
    }

    private static func line(_ json: JSONValue) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: json.serialized())
        buffer.writeString("\n")
        return buffer
    }
}
