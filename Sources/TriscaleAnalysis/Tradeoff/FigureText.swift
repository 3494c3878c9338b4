import Foundation

/// How figures read in tables and sentences: bytes in KB or MB, latencies in
/// µs, ms or s, power in mW or W, energy in µJ, mJ or J, fractions in percent.
public enum FigureText {
  /// "77.1 KB", "1.24 MB", "512 B" (1 KB = 1,000 bytes, as the study counts).
  public static func bytes(_ value: Double) -> String {
    switch value {
    case ..<1_000: String(format: "%.0f B", value)
    case ..<1_000_000: String(format: "%.1f KB", value / 1_000)
    default: String(format: "%.2f MB", value / 1_000_000)
    }
  }

  /// "85 µs", "0.54 ms", "12.3 ms", "215 ms", "1.30 s".
  public static func seconds(_ value: Double) -> String {
    switch value {
    case ..<0.000_1: String(format: "%.0f µs", value * 1_000_000)
    case ..<0.01: String(format: "%.2f ms", value * 1_000)
    case ..<0.1: String(format: "%.1f ms", value * 1_000)
    case ..<1: String(format: "%.0f ms", value * 1_000)
    case ..<10: String(format: "%.2f s", value)
    default: String(format: "%.0f s", value)
    }
  }

  /// "42 mW", "3.4 W", "850 µW".
  public static func watts(_ value: Double) -> String {
    switch value {
    case ..<0.001: String(format: "%.0f µW", value * 1_000_000)
    case ..<1: String(format: "%.0f mW", value * 1_000)
    default: String(format: "%.1f W", value)
    }
  }

  /// "9.2 mJ", "310 µJ", "1.2 J".
  public static func joules(_ value: Double) -> String {
    switch value {
    case ..<0.001: String(format: "%.0f µJ", value * 1_000_000)
    case ..<1: String(format: "%.2f mJ", value * 1_000)
    default: String(format: "%.2f J", value)
    }
  }

  /// "86.76%".
  public static func percent(_ fraction: Double) -> String {
    String(format: "%.2f%%", fraction * 100)
  }

  /// "45 s", "6.2 min", "1.5 h".
  public static func duration(_ seconds: Double) -> String {
    switch seconds {
    case ..<90: String(format: "%.0f s", seconds)
    case ..<5_400: String(format: "%.1f min", seconds / 60)
    default: String(format: "%.1f h", seconds / 3_600)
    }
  }

  /// "1.3 days", "2.1 years".
  public static func days(_ days: Double) -> String {
    days < 365 ? String(format: "%.1f days", days) : String(format: "%.1f years", days / 365)
  }
}
