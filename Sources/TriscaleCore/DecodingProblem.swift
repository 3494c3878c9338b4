/// A typed decoding error (`DecodingError`) in Triscale's own words: the key
/// it concerns, what was expected and what was found, for a one-line
/// message that names the file and never shows Swift's or Foundation's text.
public struct DecodingProblem: Sendable, Equatable {
  /// The key's path, dotted (`card.metrics.0.value`), or "the top level".
  public var key: String
  /// What the key should hold ("an integer", "text", "a value").
  public var expected: String
  /// What it holds, as written ("'abc'", "nothing").
  public var found: String

  /// The problem `error` describes; `document` is the decoded input as
  /// plain values (dictionaries, arrays, scalars, as `JSONSerialization`
  /// or a YAML loader gives them) where the found value is looked up.
  public init(_ error: DecodingError, in document: Any?) {
    let (path, type): ([CodingKey], String?)
    switch error {
    case .typeMismatch(let wanted, let context): (path, type) = (context.codingPath, "\(wanted)")
    case .valueNotFound(let wanted, let context): (path, type) = (context.codingPath, "\(wanted)")
    case .keyNotFound(let key, let context): (path, type) = (context.codingPath + [key], nil)
    case .dataCorrupted(let context): (path, type) = (context.codingPath, nil)
    @unknown default: (path, type) = ([], nil)
    }
    key = path.isEmpty ? "the top level" : path.map(\.stringValue).joined(separator: ".")
    expected = type.map(Self.readable) ?? "a valid value"
    found = Self.value(at: path, in: document).map { "'\($0)'" } ?? "nothing"
  }

  /// The problem as a phrase: "key 'epochs' expected an integer, found 'abc'".
  public var description: String { "key '\(key)' expected \(expected), found \(found)" }

  private static func readable(_ type: String) -> String {
    let words = [
      "Int": "an integer", "Int32": "an integer", "UInt32": "a non-negative integer",
      "UInt64": "a non-negative integer", "Float": "a number", "Double": "a number",
      "Bool": "true or false", "String": "text",
    ]
    if let word = words[type] { return word }
    if type.hasPrefix("Array") { return "a list" }
    if type.hasPrefix("Dictionary") { return "a mapping" }
    return "a valid value"
  }

  private static func value(at path: [CodingKey], in document: Any?) -> Any? {
    var current = document
    for key in path {
      if let index = key.intValue, let list = current as? [Any] {
        current = list.indices.contains(index) ? list[index] : nil
      } else {
        current = (current as? [String: Any])?[key.stringValue]
      }
    }
    return current
  }
}
