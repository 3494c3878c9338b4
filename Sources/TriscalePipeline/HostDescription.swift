import Foundation

/// A one-line description of this machine for measured figures and benchmark
/// results: CPU model, core count and the instruction-set flags that select kernels.
public enum HostDescription {
  /// "Intel(R) Xeon(R) Processor, 2 cores (avx2 avx512f avx512_vnni …)".
  public static var current: String {
    let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let lines = cpuInfo.split(separator: "\n")
    func field(_ name: String) -> String? {
      lines.first { $0.hasPrefix(name) }?.split(separator: ":", maxSplits: 1).last?
        .trimmingCharacters(in: .whitespaces)
    }
    let interesting = ["avx2", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile", "neon"]
    let flags = Set(
      (field("flags") ?? field("Features") ?? "").split(separator: " ").map(String.init))
    let present = interesting.filter(flags.contains).joined(separator: " ")
    return
      "\(field("model name") ?? "unknown CPU"), \(ProcessInfo.processInfo.activeProcessorCount) cores"
      + (present.isEmpty ? "" : " (\(present))")
  }

  /// The one-minute load average from `/proc/loadavg`, so a figure measured
  /// beside other work says so; `nil` where the file does not exist.
  public static var loadAverage: Double? {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))
      .flatMap { $0.split(separator: " ").first.flatMap { Double($0) } }
  }
}
