import TriscaleAnalysis
import TriscaleDeploy

extension TargetFigures {
  /// A device profile's estimate as the report's figures: the latency measured (the host
  /// profile) or estimated, power and energy estimated, each with the profile's method.
  init(_ estimate: DeviceEstimate, profile: DeviceProfile) {
    let profileClause = "for \(profile.id)"
    self.init(
      profile: profile.id, profileName: profile.name, tier: Tier(profile.tier),
      latencySeconds: Figure(
        estimate.latencySeconds, estimate.isMeasured ? .measured : .estimated,
        method: estimate.isMeasured
          ? estimate.latencyMethod : "\(profileClause): \(estimate.latencyMethod)"),
      powerWatts: estimate.powerWatts.map {
        .estimated(
          $0, method: "\(profileClause): the profile's active power (\(estimate.energyMethod))")
      },
      energyJoules: estimate.energyJoules.map {
        .estimated($0, method: "\(profileClause): \(estimate.energyMethod)")
      },
      fits: estimate.fits, fitProblem: estimate.fitProblem)
  }
}

extension Tier {
  /// The tier of a device profile.
  init(_ tier: DeviceTier) {
    switch tier {
    case .cloud: self = .cloud
    case .edge: self = .edge
    case .microcontroller: self = .microcontroller
    }
  }
}

extension DeviceProfile {
  /// The profile's figures and sources on one line, for the report's device list.
  var methodSummary: String {
    summary.split(separator: "\n").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: "; ")
  }
}
