/// Spelling values as C99 source text.
enum CSourceText {
  /// `name` as a C identifier: letters, digits and underscores, every other
  /// character an underscore (the caller prefixes it to keep it unique and
  /// not starting with a digit).
  static func identifier(_ name: String) -> String {
    String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
  }

  /// `text` safe inside a C block comment.
  static func comment(_ text: String) -> String {
    text.replacingOccurrences(of: "*/", with: "* /")
  }

  /// `text` as a C string literal.
  static func string(_ text: String) -> String {
    let escaped = text.unicodeScalars.map { scalar -> String in
      switch scalar {
      case "\\": "\\\\"
      case "\"": "\\\""
      case _ where scalar.value < 0x20 || scalar.value > 0x7E: "?"
      default: String(scalar)
      }
    }
    return "\"\(escaped.joined())\""
  }

  /// A static const array: `static const TYPE NAME[COUNT] = { ... };`, 16
  /// values a line.
  static func constArray(type: String, name: String, values: [Int32]) -> String {
    let spelled = values.map(integer)
    let lines = stride(from: 0, to: spelled.count, by: 16).map { start in
      "  " + spelled[start..<min(start + 16, spelled.count)].joined(separator: ", ") + ","
    }
    return "static const \(type) \(name)[\(values.count)] = {\n\(lines.joined(separator: "\n"))\n};"
  }

  /// `value` as a C integer literal: −2^31 is spelled `(-2147483647 - 1)`,
  /// since the literal 2147483648 is not an `int32_t`.
  static func integer(_ value: Int32) -> String {
    value == .min ? "(-2147483647 - 1)" : "\(value)"
  }
}
