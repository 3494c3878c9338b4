import Foundation
import TriscaleEngine

extension LatencyComparison {
  /// One runtime's latency in one round.
  public struct Timing: Codable, Sendable {
    /// `triscale`, `triscale-baseline`, `litert-builtin` or `litert-xnnpack`.
    public var runtime: String
    /// `int8` or `fp32`.
    public var precision: String
    /// The round, from 1.
    public var round: Int
    /// The timed distribution.
    public var latency: LatencyTimer.Summary
  }

  /// The comparison's result file (`bench/results/latency-*.json`).
  public struct Report: MeasurementReport {
    /// The command that measured it.
    public var command: String
    /// The host (``HostDescription/current``).
    public var machine: String
    /// When.
    public var date: String
    /// The int8 model's name.
    public var model: String
    /// The int8 kernels Triscale chose on this host.
    public var kernelPath: String
    /// The int8 model's arena, in bytes.
    public var arenaBytes: Int
    /// Every runtime's latency in every round.
    public var timings: [Timing]
    /// Median-of-rounds ratios: "int8 triscale/litert-xnnpack", "int8 triscale/triscale-baseline", ….
    public var ratios: [String: Double]
    /// LiteRT's agreement with Triscale's int8 outputs (empty when not checked).
    public var agreement: [LiteRTAgreement]

    static let runtimes = ["triscale", "triscale-baseline", "litert-builtin", "litert-xnnpack"]
    static let precisions = ["int8", "fp32"]
    static let peers = ["litert-builtin", "litert-xnnpack"]

    /// The median over rounds of `runtime`'s median latency at `precision`, if timed.
    public func median(_ runtime: String, _ precision: String) -> Double? {
      Self.median(timings, runtime, precision)
    }

    static func median(_ timings: [Timing], _ runtime: String, _ precision: String) -> Double? {
      let values = timings.filter { $0.runtime == runtime && $0.precision == precision }
        .map(\.latency.medianMilliseconds).sorted()
      return values.isEmpty ? nil : values[values.count / 2]
    }

    /// Triscale's median over each peer's, per precision, and this model's over the baseline's.
    static func ratios(of timings: [Timing]) -> [String: Double] {
      var ratios: [String: Double] = [:]
      for precision in precisions {
        guard let ours = median(timings, "triscale", precision) else { continue }
        for peer in peers {
          guard let theirs = median(timings, peer, precision) else { continue }
          ratios["\(precision) triscale/\(peer)"] = ours / theirs
        }
      }
      if let ours = median(timings, "triscale", "int8"),
        let theirs = median(timings, "triscale-baseline", "int8")
      {
        ratios["int8 triscale/triscale-baseline"] = ours / theirs
      }
      return ratios
    }

    /// The table of medians (with each round's), the ratios and the agreement, as text.
    public var lines: [String] {
      var lines = ["runtime            precision  median ms   (per round)"]
      for runtime in Self.runtimes {
        for precision in Self.precisions {
          guard let value = median(runtime, precision) else { continue }
          let perRound = timings.filter { $0.runtime == runtime && $0.precision == precision }
            .map { String(format: "%.3f", $0.latency.medianMilliseconds) }
            .joined(separator: ", ")
          lines.append(
            runtime.padding(toLength: 18, withPad: " ", startingAt: 0)
              + precision.padding(toLength: 10, withPad: " ", startingAt: 0)
              + String(format: " %9.3f   (%@)", value, perRound))
        }
      }
      for precision in Self.precisions {
        for peer in Self.peers {
          guard let ratio = ratios["\(precision) triscale/\(peer)"] else { continue }
          lines.append(
            String(
              format: "ratio %@ Triscale / %@: %.2fx (below 1: Triscale faster)", precision, peer,
              ratio))
        }
      }
      if let ratio = ratios["int8 triscale/triscale-baseline"] {
        lines.append(
          String(format: "ratio int8 this model / baseline model (both Triscale): %.2fx", ratio))
      }
      return lines + agreement.map(\.line)
    }
  }
}
