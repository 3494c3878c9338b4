import TriscaleCore

extension MicroSearchSpace: CustomStringConvertible {
  /// The keys of the text form, each a gene's values joined by dots.
  public static let keys = ["widths", "depths", "kernels", "blocks", "residual", "stem-strides"]

  /// The space a pipeline file or `--space` writes in its text form.
  public init(from decoder: Decoder) throws {
    try self.init(parsing: decoder.singleValueContainer().decode(String.self))
  }

  /// Encodes the text form (``description``).
  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  /// The space `text` declares over the standard one: comma-separated
  /// `key=v1.v2…` items, e.g. `stem-strides=1,widths=16.24.32.48.64` (full
  /// resolution only, five widths); a key left out keeps the standard values.
  /// `blocks` takes `conv` and `dws`, `residual` takes `res` and `plain`.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` for an
  ///   item that is not `key=values`, an unknown key, a value that is not one
  ///   of the key's, or an empty list.
  public init(parsing text: String) throws {
    self.init()
    func fail(_ problem: String) -> TriscaleError {
      .invalidArgument(
        name: "search space", problem: problem,
        fix:
          "Write key=v1.v2 items separated by commas with keys \(Self.keys.joined(separator: ", ")), e.g. stem-strides=1,widths=16.24.32.48.64"
      )
    }
    for item in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) })
    where !item.isEmpty {
      let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
      guard pair.count == 2 else { throw fail("'\(item)' is not key=values") }
      let values = pair[1].split(separator: ".").map(String.init)
      guard !values.isEmpty else { throw fail("'\(pair[0])' has no values") }
      func integers(_ allowed: (Int) -> Bool, _ what: String) throws -> [Int] {
        try values.map {
          guard let value = Int($0), allowed(value) else {
            throw fail("'\($0)' is not a \(pair[0]) value (\(what))")
          }
          return value
        }.sorted()
      }
      switch pair[0] {
      case "widths":
        let range = MicroArchitecture.widthRange
        widths = try integers(range.contains, "\(range)")
      case "depths":
        let range = MicroArchitecture.depthRange
        depths = try integers(range.contains, "\(range)")
      case "kernels":
        kernels = try integers(MicroArchitecture.kernels.contains, "3 or 5")
      case "blocks":
        blocks = try values.map {
          guard let block = MicroArchitecture.Block(rawValue: $0) else {
            throw fail("'\($0)' is not a block type (conv or dws)")
          }
          return block
        }
      case "residual":
        residual = try values.map {
          guard ["res", "plain"].contains($0) else {
            throw fail("'\($0)' is not res or plain")
          }
          return $0 == "res"
        }
      case "stem-strides":
        stemStrides = try integers(MicroArchitecture.stemStrides.contains, "1 or 2").reversed()
      default: throw fail("'\(pair[0])' is not a key of the space")
      }
    }
  }

  /// The text form naming every gene's values: `widths=8.12…,depths=1.2.3,…`.
  public var description: String {
    [
      "widths=" + widths.map(String.init).joined(separator: "."),
      "depths=" + depths.map(String.init).joined(separator: "."),
      "kernels=" + kernels.map(String.init).joined(separator: "."),
      "blocks=" + blocks.map(\.rawValue).joined(separator: "."),
      "residual=" + residual.map { $0 ? "res" : "plain" }.joined(separator: "."),
      "stem-strides=" + stemStrides.map(String.init).joined(separator: "."),
    ].joined(separator: ",")
  }
}
