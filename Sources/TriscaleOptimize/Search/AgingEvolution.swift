import TriscaleCore
import TriscaleGraph

/// Regularized (aging) evolution (Real et al., 2019): a population of
/// feasible genomes — the settings' initial ones, then random ones; then, until the candidate count is reached, a
/// tournament of a few members picks the best (``CandidateRanking``) as parent, a
/// one-gene mutation of it is evaluated, joins the population, and the
/// oldest member leaves. Mutations over budget are rejected before any
/// training and redrawn. Every draw comes from one seeded generator, so the
/// same settings give the same search (and a restarted search replays it).
struct AgingEvolution {
  /// What is searched for.
  let settings: ArchitectureSearch.Settings
  /// The domain.
  let space: MicroSearchSpace
  /// The space's smallest genomes that meet the budget, the fall-back
  /// population when random draws find none.
  let fallback: [MicroArchitecture]
  /// Draws in a row that may miss (over budget or already seen) before
  /// the search stops looking.
  static let missLimit = 200

  /// Runs the search through `evaluator`; `report` receives a line when it stops early.
  func run(_ evaluator: inout CandidateEvaluator, report: (String) -> Void) throws {
    var random = SeededRandom(seed: settings.seed)
    var population: [SearchCandidate] = []
    for architecture in try settings.initialArchitectures
    where population.count < min(settings.population, settings.candidates) {
      if let member = try evaluate(architecture, with: &evaluator) { population.append(member) }
    }
    var misses = 0
    while population.count < min(settings.population, settings.candidates),
      misses < Self.missLimit
    {
      let architecture = space.random(using: &random)
      if let member = try evaluate(architecture, with: &evaluator) {
        population.append(member)
        misses = 0
      } else {
        misses += 1
      }
    }
    for architecture in fallback where population.isEmpty {
      if let member = try evaluate(architecture, with: &evaluator) { population.append(member) }
    }
    while evaluator.trainedCount < settings.candidates, !population.isEmpty {
      let parent = tournament(population, using: &random)
      var child: SearchCandidate?
      for _ in 0..<Self.missLimit where child == nil {
        child = try evaluate(space.mutated(parent.architecture, using: &random), with: &evaluator)
      }
      guard let child else {
        report(
          "search: stopped after \(evaluator.trainedCount) trained candidates: \(Self.missLimit) mutations of \(parent.name) in a row were over budget or seen"
        )
        return
      }
      population.append(child)
      if population.count > settings.population { population.removeFirst() }
    }
  }

  /// The evaluated candidate when `architecture` is new and feasible, nil otherwise.
  private func evaluate(_ architecture: MicroArchitecture, with evaluator: inout CandidateEvaluator)
    throws -> SearchCandidate?
  {
    guard !evaluator.contains(architecture) else { return nil }
    let candidate = try evaluator.evaluate(architecture)
    return candidate.feasible ? candidate : nil
  }

  /// The best (``CandidateRanking``) of ``ArchitectureSearch/Settings/tournament``
  /// members drawn without replacement.
  private func tournament(_ population: [SearchCandidate], using random: inout SeededRandom)
    -> SearchCandidate
  {
    var pool = population
    let drawn = (0..<min(settings.tournament, pool.count)).map { _ in
      pool.remove(at: random.nextInt(below: pool.count))
    }
    return CandidateRanking.best(of: drawn, heldOut: settings.validationImages) ?? population[0]
  }
}
