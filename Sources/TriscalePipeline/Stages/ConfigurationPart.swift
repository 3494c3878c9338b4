/// A group of configuration keys that a stage configuration shares flat with
/// other groups (a stage's own keys, the data keys, the fine-tuning keys):
/// each group encodes and decodes its keys in the same keyed container.
public protocol ConfigurationPart: Codable, Equatable, Sendable {
  /// The group's keys (the nested `CodingKeys` its Codable conformance uses).
  associatedtype CodingKeys: CodingKey & CaseIterable
}

extension ConfigurationPart {
  /// The group's key names (the command-line flag names).
  public static var keys: [String] { CodingKeys.allCases.map(\.stringValue) }
}

/// One part of a ``FlatConfiguration``: where it lives and its keys.
public struct PartAccess<Root>: Sendable {
  let keys: [String]
  let encode: @Sendable (Root, Encoder) throws -> Void
  let decode: @Sendable (inout Root, Decoder) throws -> Void

  /// The part at `keyPath`.
  public init<Part: ConfigurationPart>(_ keyPath: WritableKeyPath<Root, Part> & Sendable) {
    keys = Part.keys
    encode = { root, encoder in try root[keyPath: keyPath].encode(to: encoder) }
    decode = { root, decoder in root[keyPath: keyPath] = try Part(from: decoder) }
  }
}

/// A stage configuration made of parts whose keys share one flat mapping
/// (`epochs`, `dataset` and `threads` side by side, as the command's flags are).
public protocol FlatConfiguration: StageConfiguration {
  /// The parts, in order.
  static var parts: [PartAccess<Self>] { get }
}

extension FlatConfiguration {
  /// Every part's keys.
  public static var keys: [String] { parts.flatMap(\.keys) }

  /// Decodes every part from the same container.
  public init(from decoder: Decoder) throws {
    self.init()
    for part in Self.parts { try part.decode(&self, decoder) }
  }

  /// Encodes every part into the same container.
  public func encode(to encoder: Encoder) throws {
    for part in Self.parts { try part.encode(self, encoder) }
  }
}
