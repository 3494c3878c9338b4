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
    /// The CPU's model, cores and kernel-selecting flags (``HostDescription/cpu``).
    public var cpu: HostDescription.CPU
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
    /// Ratios taken within each round and summarized over the rounds:
    /// "int8 triscale/litert-xnnpack", "int8 triscale/triscale-baseline", ….
    public var ratios: [String: RoundRatios]
    /// The widest relative spread a Triscale/LiteRT ratio may have to be published.
    public var maxSpread: Double
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

    /// Triscale's median over each peer's, per precision, and this model's
    /// over the baseline's, one ratio per round.
    static func ratios(of timings: [Timing]) -> [String: RoundRatios] {
      func perRound(_ ours: String, _ theirs: String, _ precision: String) -> RoundRatios? {
        var latency: [String: [Int: Double]] = [:]
        for timing in timings where timing.precision == precision {
          latency[timing.runtime, default: [:]][timing.round] = timing.latency.medianMilliseconds
        }
        guard let mine = latency[ours], let other = latency[theirs] else { return nil }
        let values = mine.keys.sorted().compactMap { round in
          other[round].map { mine[round]! / $0 }
        }
        return values.isEmpty ? nil : RoundRatios(values)
      }
      var ratios: [String: RoundRatios] = [:]
      for precision in precisions {
        for peer in peers {
          ratios["\(precision) triscale/\(peer)"] = perRound("triscale", peer, precision)
        }
      }
      ratios["int8 triscale/triscale-baseline"] = perRound("triscale", "triscale-baseline", "int8")
      return ratios
    }

    /// Why this result must not be published (a Triscale/LiteRT ratio whose
    /// spread exceeds ``maxSpread``), or `nil` when it may be.
    public var refusal: String? {
      let wide = ratios.filter { $0.key.contains("litert") && $0.value.relativeSpread > maxSpread }
      guard let (name, ratio) = wide.max(by: { $0.value.relativeSpread < $1.value.relativeSpread })
      else { return nil }
      return String(
        format:
          "the %@ ratio's interquartile range is %.0f%% of its median (%@), wider than --max-spread %.0f%%: the machine's speed changed too much during the run",
        name, ratio.relativeSpread * 100, ratio.text, maxSpread * 100)
    }

    /// The table of medians over the rounds, the ratios and the agreement, as text.
    public var lines: [String] {
      var lines = ["runtime            precision  median ms   (p10–p90 of the round medians)"]
      for runtime in Self.runtimes {
        for precision in Self.precisions {
          guard let value = median(runtime, precision) else { continue }
          let rounds = timings.filter { $0.runtime == runtime && $0.precision == precision }
            .map(\.latency.medianMilliseconds).sorted()
          lines.append(
            runtime.padding(toLength: 18, withPad: " ", startingAt: 0)
              + precision.padding(toLength: 10, withPad: " ", startingAt: 0)
              + String(
                format: " %9.3f   (%.3f–%.3f)", value, rounds[rounds.count / 10],
                rounds[rounds.count * 9 / 10]))
        }
      }
      for precision in Self.precisions {
        for peer in Self.peers {
          guard let ratio = ratios["\(precision) triscale/\(peer)"] else { continue }
          lines.append(
            "ratio \(precision) Triscale / \(peer): \(ratio.text) (below 1: Triscale faster)")
        }
      }
      if let ratio = ratios["int8 triscale/triscale-baseline"] {
        lines.append("ratio int8 this model / baseline model (both Triscale): \(ratio.text)")
      }
      return lines + agreement.map(\.line)
    }
  }
}
