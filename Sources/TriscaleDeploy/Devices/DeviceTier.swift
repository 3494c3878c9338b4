/// The deployment tier a device profile belongs to.
public enum DeviceTier: String, CaseIterable, Codable, Sendable {
  /// A data-centre server (CPU or GPU).
  case cloud
  /// An edge computer (single-board computer, embedded GPU module).
  case edge
  /// A microcontroller running the generated C project.
  case microcontroller
}
