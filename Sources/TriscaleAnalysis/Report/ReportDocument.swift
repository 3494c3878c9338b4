import Foundation

/// The report's content as blocks, in reading order: the study's table, the
/// recommendations, the cascade, every variant on every device, the plots,
/// the devices and their sources, and the notes.
public enum ReportDocument {
  /// Marks an entry measured or estimated in tables.
  public static func mark(_ basis: Figure.Basis) -> String {
    basis == .measured ? "[measured]" : "[estimated]"
  }

  /// The blocks of `report`.
  public static func blocks(_ report: TradeoffReport) -> [ReportBlock] {
    var blocks: [ReportBlock] = [
      .heading(level: 1, text: report.title),
      .paragraph(
        "Pipeline \(report.pipeline), run on \(report.host), finished \(report.date). Accuracy on "
          + "\(report.evaluation). Every figure is marked [measured] (on this host) or [estimated] "
          + "(for a named device profile, by the method listed under Devices)."),
      .heading(level: 2, text: "The trade-off table"),
      .table(
        header: [""]
          + report.study.columns.enumerated().map { index, tier in
            "\(tier.title) (\(report.study.variants[index]))"
          },
        rows: report.study.rows.map { row in
          [row.heading]
            + row.cells.map { cell in
              cell.map { "\($0.text) \(mark($0.basis))" }.joined(separator: "; ")
            }
        }),
    ]
    blocks.append(.heading(level: 2, text: "Recommendations"))
    for (scenario, recommendation) in zip(report.scenarios, report.recommendations) {
      blocks.append(.heading(level: 3, text: scenario.name))
      blocks.append(.paragraph(recommendation.rationale.joined(separator: " ")))
    }
    if let cascade = report.cascade { blocks += cascadeBlocks(cascade) }
    blocks.append(.heading(level: 2, text: "Every variant"))
    blocks.append(
      .table(
        header: [
          "variant", "tier", "what", "accuracy", "size", "peak memory", "MACs", "host latency",
          "complexity",
        ],
        rows: report.variants.map { variant in
          [
            variant.name, variant.tier.rawValue, variant.summary,
            FigureText.percent(variant.accuracy.value) + " " + mark(variant.accuracy.basis),
            FigureText.bytes(variant.sizeBytes.value) + " " + mark(variant.sizeBytes.basis),
            FigureText.bytes(variant.peakMemoryBytes.value) + " "
              + mark(variant.peakMemoryBytes.basis),
            String(format: "%.2f M", Double(variant.macs) / 1e6),
            variant.hostLatencySeconds.map { FigureText.seconds($0.value) + " [measured]" } ?? "—",
            variant.complexity.summary,
          ]
        }))
    blocks.append(.heading(level: 2, text: "On each device (estimated)"))
    blocks.append(
      .table(
        header: ["variant", "device", "latency", "power", "energy per inference", "fits"],
        rows: report.variants.flatMap { variant in
          variant.targets.map { target in
            [
              variant.name, target.profile, FigureText.seconds(target.latencySeconds.value),
              target.powerWatts.map { FigureText.watts($0.value) } ?? "no sourced power",
              target.energyJoules.map { FigureText.joules($0.value) } ?? "—",
              target.fits ? "yes" : "no: \(target.fitProblem ?? "too large")",
            ]
          }
        }))
    blocks.append(.heading(level: 2, text: "Pareto fronts"))
    blocks += TradeoffPlots.pareto(report.variants).map { .plot($0) }
    blocks.append(.heading(level: 2, text: "Devices and how they are estimated"))
    blocks.append(
      .list(report.devices.map { "\($0.id) — \($0.name) (\($0.tier.rawValue)): \($0.method)" }))
    blocks.append(.heading(level: 2, text: "How each table entry was obtained"))
    blocks.append(
      .list(
        report.study.rows.flatMap { row in
          zip(report.study.columns, row.cells).flatMap { tier, cell in
            cell.map {
              "\(row.heading), \(tier.title): \($0.text) — \($0.basis.rawValue): \($0.method)"
            }
          }
        }))
    if !report.notes.isEmpty {
      blocks.append(.heading(level: 2, text: "Notes"))
      blocks.append(.list(report.notes))
    }
    return blocks
  }

  private static func cascadeBlocks(_ cascade: CascadeEvaluation) -> [ReportBlock] {
    let chosen = cascade.chosen
    let summary =
      "\(cascade.first) answers first; when its \(cascade.chosenRule.rawValue) confidence is below "
      + String(format: "%.4f", chosen.threshold) + ", \(cascade.second) answers. The threshold was "
      + "chosen on \(cascade.calibrationImages) held-out images (the fewest escalations within "
      + String(format: "%.2f", cascade.tolerance * 100) + " pt of \(cascade.second) there) and is "
      + "judged on the other \(cascade.evaluationImages): the cascade reaches "
      + FigureText.percent(chosen.accuracy) + " escalating "
      + String(format: "%.1f%%", chosen.escalation * 100)
      + " of images, against \(FigureText.percent(cascade.secondAccuracy)) for \(cascade.second) alone and "
      + "\(FigureText.percent(cascade.firstAccuracy)) for \(cascade.first) alone; mean latency "
      + FigureText.seconds(chosen.meanLatencySeconds) + ", mean energy "
      + FigureText.joules(chosen.meanEnergyJoules)
      + String(format: ", %.0f bytes sent per image. ", chosen.meanNetworkBytes)
      + "Costs: \(cascade.costs.method)."
    let rows = cascade.sweeps.flatMap { sweep in
      sweep.points.filter { point in
        Int((point.calibrationEscalation * 100).rounded()) % 5 == 0 || point == chosen
      }.map { point in
        [
          sweep.rule.rawValue, String(format: "%.4f", point.threshold),
          String(format: "%.1f%%", point.calibrationEscalation * 100),
          FigureText.percent(point.calibrationAccuracy),
          String(format: "%.1f%%", point.escalation * 100), FigureText.percent(point.accuracy),
          FigureText.seconds(point.meanLatencySeconds), FigureText.joules(point.meanEnergyJoules),
          String(format: "%.0f", point.meanNetworkBytes),
          point == chosen && sweep.rule == cascade.chosenRule ? "chosen" : "",
        ]
      }
    }
    return [
      .heading(level: 2, text: "Cascade: \(cascade.first) → \(cascade.second)"),
      .paragraph(summary),
      .plot(TradeoffPlots.cascade(cascade)),
      .table(
        header: [
          "rule", "threshold", "escalated (calibration)", "accuracy (calibration)",
          "escalated (evaluation)", "accuracy (evaluation)", "mean latency", "mean energy",
          "bytes sent per image", "",
        ], rows: rows),
    ]
  }
}
