import TriscaleCore

/// The names a registry accepts for models and aliases: letters, digits,
/// `-`, `_` and `.`, starting with a letter or digit, at most 64 characters —
/// so a name never reaches a file path or a URL as anything but itself.
public enum RegistryName {
  /// The longest name accepted.
  public static let maximumLength = 64

  /// Whether `name` is a valid model or alias name.
  public static func isValid(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= maximumLength,
      first.isASCIILetterOrDigit
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0.isASCIILetterOrDigit || "-_.".unicodeScalars.contains($0)
    }
  }

  /// Throws naming `what` (model, alias) unless `name` is valid.
  public static func check(_ name: String, what: String) throws {
    guard !isValid(name) else { return }
    throw TriscaleError.invalidArgument(
      name: what,
      problem: "'\(name.prefix(80))' is not a valid \(what) name",
      fix:
        "Use 1–\(maximumLength) letters, digits, '-', '_' or '.', starting with a letter or digit")
  }
}

extension Unicode.Scalar {
  fileprivate var isASCIILetterOrDigit: Bool {
    ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
  }
}
