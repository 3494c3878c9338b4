/// The three places a classifier ships to: the columns of the trade-off table.
public enum Tier: String, Codable, CaseIterable, Sendable {
  /// A server: full precision, no tight memory.
  case cloud
  /// A phone, a single-board computer or an embedded GPU.
  case edge
  /// A microcontroller with a few hundred KB of flash and RAM.
  case microcontroller

  /// Its column heading ("Cloud", "Edge", "Microcontroller").
  public var title: String {
    switch self {
    case .cloud: "Cloud"
    case .edge: "Edge"
    case .microcontroller: "Microcontroller"
    }
  }
}
