/// A figure and where it comes from: a datasheet, a published benchmark
/// result, a paper, or a calibration that names its inputs. Every number in a
/// ``DeviceProfile`` is one, so an estimate can print its sources beside it.
///
/// In YAML: `{value: 120000000, source: "STM32L4R5 datasheet DS12023"}`.
public struct Sourced<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  /// The figure.
  public var value: Value
  /// Where it comes from (a citation a reader can follow).
  public var source: String

  /// `value`, citing `source`.
  public init(_ value: Value, source: String) {
    self.value = value
    self.source = source
  }
}
