/// The report's plots, drawn from its figures: accuracy against latency and
/// against energy on every device the variants were estimated for (and this
/// host, measured), accuracy against size, each with its Pareto front; and the
/// cascade's accuracy against its escalation rate.
public enum TradeoffPlots {
  /// A named SVG document.
  public struct Plot: Equatable, Sendable {
    /// A file-name-safe name ("pareto-latency-stm32l4r5").
    public var name: String
    /// Its heading.
    public var title: String
    /// The SVG document.
    public var svg: String
  }

  /// Every Pareto plot for `variants`.
  public static func pareto(_ variants: [TradeoffVariant]) -> [Plot] {
    var plots: [Plot] = []
    let hosted = variants.compactMap { variant in
      variant.hostLatencySeconds.map { (variant, $0.value * 1_000) }
    }
    if !hosted.isEmpty {
      plots.append(
        plot(
          name: "pareto-latency-host", title: "Accuracy vs latency on this host (measured)",
          xLabel: "latency, ms (log scale)", points: hosted, logarithmic: true))
    }
    plots.append(
      plot(
        name: "pareto-size", title: "Accuracy vs model size", xLabel: "weights, KB",
        points: variants.map { ($0, $0.sizeBytes.value / 1_000) }, logarithmic: true))
    let profiles = variants.flatMap(\.targets).map(\.profile).reduce(into: [String]()) { seen, id in
      if !seen.contains(id) { seen.append(id) }
    }
    for profile in profiles {
      let estimated = variants.compactMap { variant in variant.on(profile).map { (variant, $0) } }
      // This host's latency is measured and already plotted above.
      if estimated.contains(where: { $0.1.latencySeconds.basis == .estimated }) {
        plots.append(
          plot(
            name: "pareto-latency-\(profile)",
            title: "Accuracy vs latency on \(profile) (estimated)",
            xLabel: "latency, ms (log scale)",
            points: estimated.map { ($0.0, $0.1.latencySeconds.value * 1_000) }, logarithmic: true))
      }
      let powered = estimated.compactMap { variant, target in
        target.energyJoules.map { (variant, $0.value * 1_000) }
      }
      guard !powered.isEmpty else { continue }
      plots.append(
        plot(
          name: "pareto-energy-\(profile)", title: "Accuracy vs energy on \(profile) (estimated)",
          xLabel: "energy per inference, mJ (log scale)", points: powered, logarithmic: true))
    }
    return plots
  }

  private static func plot(
    name: String, title: String, xLabel: String, points: [(TradeoffVariant, Double)],
    logarithmic: Bool
  ) -> Plot {
    let front = ParetoFront.indices(of: points.map { (cost: $0.1, value: $0.0.accuracy.value) })
    var series = points.map { variant, x in
      SVGLinePlot.Series(
        name: "\(variant.name) (\(variant.tier.rawValue))",
        points: [(x: x, y: variant.accuracy.value * 100)], connected: false)
    }
    series.append(
      SVGLinePlot.Series(
        name: "Pareto front",
        points: front.map { (x: points[$0].1, y: points[$0].0.accuracy.value * 100) }))
    let chart = SVGLinePlot(
      title: title, xLabel: xLabel, yLabel: "top-1 accuracy, %", logarithmicX: logarithmic,
      yFromZero: false, series: series)
    return Plot(name: name, title: title, svg: chart.render())
  }

  /// The cascade's accuracy against escalation on the evaluation images, one line per rule,
  /// with the two models alone for reference.
  public static func cascade(_ cascade: CascadeEvaluation) -> Plot {
    var series = cascade.sweeps.map { sweep in
      SVGLinePlot.Series(
        name: sweep.rule.rawValue,
        points: sweep.points.map { (x: $0.escalation * 100, y: $0.accuracy * 100) })
    }
    series.append(
      SVGLinePlot.Series(
        name: "\(cascade.second) alone",
        points: [
          (x: 0, y: cascade.secondAccuracy * 100), (x: 100, y: cascade.secondAccuracy * 100),
        ]))
    series.append(
      SVGLinePlot.Series(
        name: "chosen: \(cascade.chosenRule.rawValue)",
        points: [(x: cascade.chosen.escalation * 100, y: cascade.chosen.accuracy * 100)],
        connected: false))
    let title = "Cascade \(cascade.first) → \(cascade.second): accuracy vs escalation"
    let chart = SVGLinePlot(
      title: title, xLabel: "images escalated, % (evaluation split)", yLabel: "top-1 accuracy, %",
      yFromZero: false, series: series)
    return Plot(name: "cascade", title: title, svg: chart.render())
  }
}
