import Foundation
import Hummingbird

/// Turns every error a route throws into JSON `{"error": message}` with its
/// status: ``ServeError``s with theirs, Hummingbird's own (404 for an
/// unknown route, 413 for a body over the limit) with theirs, anything else
/// as 400 with its description — a request never sees a server error page.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
  func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    do { return try await next(request, context) } catch let error as ServeError {
      return Self.response(status: error.status, message: error.message)
    } catch let error as HTTPError {
      let message = error.body ?? error.status.reasonPhrase
      return Self.response(status: error.status.code, message: message)
    } catch {
      return Self.response(status: 400, message: "\(error)")
    }
  }

  static func response(status: Int, message: String) -> Response {
    let body = (try? JSONSerialization.data(withJSONObject: ["error": message])) ?? Data()
    return Response(
      status: .init(code: status), headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: body)))
  }
}
