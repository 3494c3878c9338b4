/// Turns a scenario and a pipeline's variants into a recommendation: lists
/// every way to serve it (each variant on the device, offloaded, or as a
/// cascade), keeps those that meet every limit, picks the best by the
/// objective, and explains the choice by the limit that excludes the next
/// better option and the change that would flip it.
public enum ScenarioEngine {
  /// The recommendation for `scenario` over `variants` (and the cascade, when the scenario
  /// allows one and `cascade` is given).
  public static func recommend(
    _ scenario: Scenario, variants: [TradeoffVariant], cascade: CascadeEvaluation? = nil
  ) -> Recommendation {
    recommend(scenario, options: options(for: scenario, variants: variants, cascade: cascade))
  }

  /// Every way `variants` can serve `scenario`.
  public static func options(
    for scenario: Scenario, variants: [TradeoffVariant], cascade: CascadeEvaluation?
  ) -> [ScenarioOption] {
    var options: [ScenarioOption] = []
    for variant in variants {
      guard let local = variant.on(scenario.device) else { continue }
      options.append(
        ScenarioOption(
          kind: .onDevice, variants: [variant.name], label: "\(variant.name) on \(scenario.device)",
          accuracy: variant.accuracy.value, latencySeconds: local.latencySeconds.value,
          energyJoules: local.energyJoules?.value, sizeBytes: variant.sizeBytes.value,
          memoryBytes: variant.peakMemoryBytes.value, offloadFraction: 0,
          fitProblem: local.fits ? nil : (local.fitProblem ?? "too large"),
          method:
            "\(local.latencySeconds.method); \(local.energyJoules?.method ?? "no energy figure")"))
    }
    if let offload = scenario.offload {
      let network = offload.networkLatencyMs / 1_000
      let radio = offload.radioEnergyMJ / 1_000
      for variant in variants {
        guard let remote = variant.on(offload.profile), remote.fits else { continue }
        options.append(
          ScenarioOption(
            kind: .offload, variants: [variant.name],
            label: "\(variant.name) on \(offload.profile), sent over the network",
            accuracy: variant.accuracy.value, latencySeconds: network + remote.latencySeconds.value,
            energyJoules: radio, sizeBytes: 0, memoryBytes: 0, offloadFraction: 1,
            method: "network and radio: \(offload.source); remote: \(remote.latencySeconds.method)")
        )
      }
      if scenario.cascade == true, let cascade,
        let first = variants.first(where: { $0.name == cascade.first })?.on(scenario.device),
        let firstVariant = variants.first(where: { $0.name == cascade.first }),
        let second = variants.first(where: { $0.name == cascade.second })?.on(offload.profile)
      {
        let rate = cascade.chosen.escalation
        options.append(
          ScenarioOption(
            kind: .cascade, variants: [cascade.first, cascade.second],
            label:
              "cascade \(cascade.first) on \(scenario.device) → \(cascade.second) on \(offload.profile)",
            accuracy: cascade.chosen.accuracy,
            latencySeconds: first.latencySeconds.value + rate
              * (network + second.latencySeconds.value),
            energyJoules: first.energyJoules.map { $0.value + rate * radio },
            sizeBytes: firstVariant.sizeBytes.value,
            memoryBytes: firstVariant.peakMemoryBytes.value, offloadFraction: rate,
            fitProblem: first.fits ? nil : (first.fitProblem ?? "too large"),
            method:
              "\(cascade.chosenRule.rawValue) threshold \(String(format: "%.3f", cascade.chosen.threshold)) chosen on "
              + "\(cascade.calibrationImages) held-out images, accuracy and escalation on the other "
              + "\(cascade.evaluationImages); network and radio: \(offload.source)"))
      }
    }
    guard let workload = scenario.workload, let battery = workload.batteryMWh else {
      return options
    }
    return options.map { option in
      var option = option
      let perDay = workload.inferencesPerHour * 24
      let sleepWatts = (workload.sleepPowerMW ?? 0) / 1_000
      let activeSeconds = min(perDay * option.latencySeconds, 86_400)
      if let energy = option.energyJoules {
        let joulesPerDay = perDay * energy + sleepWatts * (86_400 - activeSeconds)
        option.batteryDays = joulesPerDay > 0 ? battery * 3.6 / joulesPerDay : nil
      }
      return option
    }
  }

  /// The recommendation for `scenario` among `options`.
  public static func recommend(_ scenario: Scenario, options: [ScenarioOption]) -> Recommendation {
    let limits = ScenarioConstraint.allCases.filter {
      $0 == .fits || $0.limit(in: scenario.constraints) != nil
    }
    let ranked = options.sorted { isBetter($0, $1, for: scenario.objective) }
    let chosen = choice(ranked, scenario.constraints)
    let feasible = ranked.filter { option in
      limits.allSatisfy { $0.isMet(by: option, in: scenario.constraints) }
    }
    let runnersUp = Array(feasible.dropFirst().prefix(2))
    let objective = objectiveText(scenario.objective)
    let rival = ranked.first { option in
      chosen.map { isStrictlyBetter(option, $0, for: scenario.objective) } ?? true
    }
    var binding: String
    var flip: String
    let broken =
      rival.map { rival in limits.filter { !$0.isMet(by: rival, in: scenario.constraints) } } ?? []
    if let rival, !broken.isEmpty {
      let reasons = broken.map { $0.violation(of: rival, in: scenario.constraints) }
      binding =
        "The binding limit is \(broken.map(\.key).joined(separator: " and ")): \(rival.label) would "
        + "give \(objective) \(figure(rival, scenario.objective)) but \(reasons.joined(separator: "; and "))."
      if broken.count == 1, let limit = broken.first, limit != .fits,
        let value = limit.value(of: rival)
      {
        let relaxed = limit.setting(value, in: scenario.constraints)
        let flipped = choice(ranked, relaxed)
        flip =
          "Relaxing \(limit.key) to \(limit.text(value)) would choose \(flipped?.label ?? "nothing") instead."
      } else if broken == [.fits] {
        flip = "A device with room for \(rival.label) would choose it instead."
      } else {
        flip = "\(rival.label) needs every one of those limits relaxed to be chosen."
      }
    } else if let chosen {
      binding =
        "No limit binds: \(chosen.label) is the best of all \(options.count) options on \(objective)."
      flip = tighteningFlip(chosen, ranked, scenario.constraints, limits)
    } else {
      binding = "No option is available on \(scenario.device)."
      flip = "Add a variant estimated for \(scenario.device)."
    }
    var rationale: [String] = []
    if let chosen {
      rationale.append(
        "For \(scenario.name) (\(scenario.description)) the recommendation is \(chosen.label): "
          + describe(chosen) + ".")
    } else {
      rationale.append(
        "For \(scenario.name) (\(scenario.description)) no option meets every limit.")
    }
    rationale.append(binding)
    if !runnersUp.isEmpty {
      rationale.append(
        "Runners-up: " + runnersUp.map { "\($0.label) (\(describe($0)))" }.joined(separator: "; ")
          + ".")
    }
    rationale.append(flip)
    return Recommendation(
      scenario: scenario.name, device: scenario.device, chosen: chosen, runnersUp: runnersUp,
      optionCount: options.count, binding: binding, flip: flip, rationale: rationale)
  }

  private static func choice(_ ranked: [ScenarioOption], _ constraints: Scenario.Constraints)
    -> ScenarioOption?
  {
    let active = ScenarioConstraint.allCases.filter {
      $0 == .fits || $0.limit(in: constraints) != nil
    }
    return ranked.first { option in active.allSatisfy { $0.isMet(by: option, in: constraints) } }
  }

  /// The limit with the least room left for `chosen`, tightened just past its figure: who
  /// would be chosen then.
  private static func tighteningFlip(
    _ chosen: ScenarioOption, _ ranked: [ScenarioOption], _ constraints: Scenario.Constraints,
    _ limits: [ScenarioConstraint]
  ) -> String {
    let tightenable = limits.compactMap { limit -> (ScenarioConstraint, Double, Double)? in
      guard limit != .fits, let bound = limit.limit(in: constraints),
        let value = limit.value(of: chosen),
        bound != 0, value != 0
      else { return nil }
      return (limit, value, abs(value - bound) / abs(bound))
    }
    guard let (limit, value, _) = tightenable.min(by: { $0.2 < $1.2 }) else {
      return
        "Only the objective decides: set a limit in the scenario to trade it against another figure."
    }
    let tightened = limit.setting(
      limit.isMinimum ? value * 1.000_001 : value * 0.999_999, in: constraints)
    let next = choice(ranked, tightened)
    return
      "Tightening \(limit.key) past \(chosen.label)'s \(limit.text(value)) would rule it out, and "
      + "\(next?.label ?? "no option") would be chosen."
  }

  private static func score(_ option: ScenarioOption, _ objective: Scenario.Objective) -> Double {
    switch objective {
    case .accuracy: option.accuracy
    case .energy: -(option.energyJoules ?? .infinity)
    case .latency: -option.latencySeconds
    case .size: -option.sizeBytes
    case .batteryLife: option.batteryDays ?? -.infinity
    }
  }

  private static func isStrictlyBetter(
    _ lhs: ScenarioOption, _ rhs: ScenarioOption, for objective: Scenario.Objective
  ) -> Bool { score(lhs, objective) > score(rhs, objective) }

  private static func isBetter(
    _ lhs: ScenarioOption, _ rhs: ScenarioOption, for objective: Scenario.Objective
  ) -> Bool {
    (score(lhs, objective), lhs.accuracy, -(lhs.energyJoules ?? .infinity), rhs.label)
      > (score(rhs, objective), rhs.accuracy, -(rhs.energyJoules ?? .infinity), lhs.label)
  }

  private static func objectiveText(_ objective: Scenario.Objective) -> String {
    switch objective {
    case .accuracy: "accuracy"
    case .energy: "energy per inference"
    case .latency: "latency"
    case .size: "size"
    case .batteryLife: "battery life"
    }
  }

  private static func figure(_ option: ScenarioOption, _ objective: Scenario.Objective) -> String {
    switch objective {
    case .accuracy: FigureText.percent(option.accuracy)
    case .energy: option.energyJoules.map(FigureText.joules) ?? "no energy figure"
    case .latency: FigureText.seconds(option.latencySeconds)
    case .size: FigureText.bytes(option.sizeBytes)
    case .batteryLife: option.batteryDays.map(FigureText.days) ?? "no battery figure"
    }
  }

  private static func describe(_ option: ScenarioOption) -> String {
    var parts = [
      "\(FigureText.percent(option.accuracy)) top-1",
      "\(FigureText.seconds(option.latencySeconds)) per inference",
      option.energyJoules.map { "\(FigureText.joules($0)) on the device" } ?? "no energy figure",
      "\(FigureText.bytes(option.sizeBytes)) of weights on it",
    ]
    if option.offloadFraction > 0 {
      parts.append(String(format: "%.0f%% of inputs sent off it", option.offloadFraction * 100))
    }
    if let days = option.batteryDays { parts.append("\(FigureText.days(days)) on the battery") }
    return parts.joined(separator: ", ")
  }
}
