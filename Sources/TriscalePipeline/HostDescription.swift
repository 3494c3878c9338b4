import Foundation

/// A one-line description of this machine for measured figures and benchmark
/// results: CPU model, core count and the instruction-set flags that select kernels.
public enum HostDescription {
  /// The CPU as benchmark results record it: model, cores and the flags
  /// that select kernels.
  public struct CPU: Codable, Equatable, Sendable {
    /// "Intel(R) Xeon(R) Processor".
    public var model: String
    /// Online cores.
    public var cores: Int
    /// The kernel-selecting flags the CPU reports, in a fixed order.
    public var flags: [String]
  }

  /// The flags that choose between Triscale's and its peers' kernels.
  static let kernelFlags = [
    "avx2", "avx512f", "avx512bw", "avx512vl", "avx512_vnni", "avx_vnni", "avx512_bf16",
    "amx_tile", "amx_int8", "amx_bf16", "neon",
  ]

  /// This machine's CPU, from `/proc/cpuinfo`.
  public static var cpu: CPU {
    let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let lines = cpuInfo.split(separator: "\n")
    func field(_ name: String) -> String? {
      lines.first { $0.hasPrefix(name) }?.split(separator: ":", maxSplits: 1).last?
        .trimmingCharacters(in: .whitespaces)
    }
    let flags = Set(
      (field("flags") ?? field("Features") ?? "").split(separator: " ").map(String.init))
    return CPU(
      model: field("model name") ?? "unknown CPU",
      cores: ProcessInfo.processInfo.activeProcessorCount,
      flags: kernelFlags.filter(flags.contains))
  }

  /// "Intel(R) Xeon(R) Processor, 2 cores (avx2 avx512f avx512_vnni …)".
  public static var current: String {
    let cpu = cpu
    return "\(cpu.model), \(cpu.cores) cores"
      + (cpu.flags.isEmpty ? "" : " (\(cpu.flags.joined(separator: " ")))")
  }

  /// The one-minute load average from `/proc/loadavg`, so a figure measured
  /// beside other work says so; `nil` where the file does not exist.
  public static var loadAverage: Double? {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
      .flatMap { $0.split(separator: " ").first.flatMap { Double($0) } }
  }
}
