/// An error the server answers with a status code and a message, as JSON
/// `{"error": message}`.
public enum ServeError: Error, Equatable, Sendable {
  /// 400: the request is malformed (body, shape, values).
  case badRequest(String)
  /// 401: a mutating call without the right bearer token.
  case unauthorized(String)
  /// 404: no such model, version or alias.
  case notFound(String)
  /// 413: the body is larger than the limit.
  case tooLarge(String)
  /// 415: a content type the endpoint does not take.
  case unsupportedMediaType(String)
  /// 503: the model is loading or unloading; retry.
  case unavailable(String)

  /// The HTTP status code.
  public var status: Int {
    switch self {
    case .badRequest: 400
    case .unauthorized: 401
    case .notFound: 404
    case .tooLarge: 413
    case .unsupportedMediaType: 415
    case .unavailable: 503
    }
  }

  /// The message.
  public var message: String {
    switch self {
    case .badRequest(let text), .unauthorized(let text), .notFound(let text), .tooLarge(let text),
      .unsupportedMediaType(let text), .unavailable(let text):
      text
    }
  }
}
