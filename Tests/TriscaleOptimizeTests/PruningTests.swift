import Testing
import TriscaleCore
import TriscaleGraph

@testable import TriscaleOptimize

@Suite("Pruning")
struct PruningTests {
  @Test("magnitude pruning reaches the requested sparsity per layer and globally")
  func magnitudeSparsity() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    for scope in MagnitudePruner.Scope.allCases {
      var parameters = OptimizeFixtures.parameters(for: graph, seed: 2)
      let pruner = try MagnitudePruner(graph: graph, sparsity: 0.8, scope: scope)
      try pruner.apply(to: &parameters, step: 0, totalSteps: 10)
      #expect(abs(pruner.measuredSparsity(of: parameters) - 0.8) < 0.005)
      if scope == .layer {
        for key in pruner.keys {
          let values = parameters[key]!.storage
          let zeros = Double(values.filter { $0 == 0 }.count) / Double(values.count)
          #expect(abs(zeros - 0.8) < 0.02, "\(key): \(zeros)")
        }
      }
    }
  }

  @Test("masks stay enforced: weights that training revives are zeroed again")
  func masksPersist() throws {
    let graph = try ModelZoo.graph(named: "dscnn-micro")
    var parameters = OptimizeFixtures.parameters(for: graph, seed: 4)
    let pruner = try MagnitudePruner(graph: graph, sparsity: 0.5)
    try pruner.apply(to: &parameters, step: 0, totalSteps: 10)
    let zeroed = parameters["stem.kernel"]!.storage.indices.filter {
      parameters["stem.kernel"]!.storage[$0] == 0
    }
    var revived = parameters["stem.kernel"]!
    for index in revived.storage.indices { revived.storage[index] += 1 }
    parameters["stem.kernel"] = revived
    try pruner.apply(to: &parameters, step: 1, totalSteps: 10)
    #expect(zeroed.allSatisfy { parameters["stem.kernel"]!.storage[$0] == 0 })
  }

  @Test("the polynomial schedule rises monotonically to the final sparsity")
  func polynomialSchedule() throws {
    let schedule = try SparsitySchedule(parsing: "polynomial:0.5")
    let values = (0...100).map { schedule.sparsity(final: 0.8, step: $0, totalSteps: 100) }
    #expect(values.first == 0)
    #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
    #expect(values[50] == 0.8 && values[100] == 0.8)
  }

  @Test("sparsity outside [0, 1) and unknown schedules are refused")
  func badRequests() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    for sparsity in [1.0, 1.5, -0.1, .nan] {
      #expect(throws: TriscaleError.self) { try MagnitudePruner(graph: graph, sparsity: sparsity) }
    }
    #expect(throws: TriscaleError.self) { try SparsitySchedule(parsing: "exponential") }
    #expect(throws: TriscaleError.self) { try ChannelPruner.Criterion(parsing: "random") }
  }

  @Test(
    "structured pruning meets the MAC target and keeps residual branches and dense inputs aligned",
    arguments: ["resnet8", "vgg-cloud", "dscnn-micro"])
  func structuredMeetsTarget(model: String) throws {
    let graph = try ModelZoo.graph(named: model)
    let parameters = OptimizeFixtures.parameters(for: graph, seed: 6)
    let result = try ChannelPruner(criterion: .l1).prune(
      graph: graph, parameters: parameters, keepMACs: 0.5)
    #expect(Double(result.graph.multiplyAccumulates) <= 0.5 * Double(graph.multiplyAccumulates))
    #expect(result.removedChannels > 0)
    #expect(result.graph.outputShape == graph.outputShape)
    try result.parameters.validate(against: result.graph.validated())
    let (images, _) = try OptimizeFixtures.images(count: 2)
    #expect(
      try OptimizeFixtures.outputs(
        graph: result.graph, parameters: result.parameters, images: images
      )
      .count == 20)
    #expect(throws: TriscaleError.self) {
      try ChannelPruner(criterion: .l1).prune(graph: graph, parameters: parameters, keepMACs: 0)
    }
  }

  @Test(
    "pruning to a budget keeps the most channels that fit, the whole model when it fits, nil when nothing does"
  )
  func structuredFitsABudget() throws {
    let graph = try ModelZoo.resnet8()
    let parameters = OptimizeFixtures.parameters(for: graph, seed: 6)
    let pruner = ChannelPruner(criterion: .l1)
    let budget = graph.trainableParameterCount / 3
    let result = try #require(
      try pruner.prune(graph: graph, parameters: parameters) { candidate, _ in
        candidate.trainableParameterCount <= budget
      })
    #expect(result.graph.trainableParameterCount <= budget)
    #expect(
      result.graph.trainableParameterCount > budget / 2, "bisection keeps close to the budget")
    let whole = try #require(
      try pruner.prune(graph: graph, parameters: parameters) { _, _ in true })
    #expect(whole.graph == graph)
    #expect(try pruner.prune(graph: graph, parameters: parameters) { _, _ in false } == nil)
  }

  @Test("removing channels that are already silent leaves the outputs unchanged")
  func structuredIsExactOnSilentChannels() throws {
    let graph = try ModelZoo.graph(named: "resnet8")
    var parameters = OptimizeFixtures.parameters(for: graph, seed: 8)
    // Rank by BN scale after silencing the last half of every prunable group's
    // channels (γ = β = 0 in each batch norm of the group, and zero kernels and
    // biases in batch-norm-free convolutions of the group such as shortcuts).
    let groups = ChannelGroups(graph: graph)
    for (index, node) in graph.nodes.enumerated()
    where groups.prunable[groups.groupOf[index]] == true {
      let channels = node.shape.last!
      let silent = (channels / 2)..<channels
      switch node.operation {
      case .batchNorm:
        for role in ["gamma", "beta"] {
          var tensor = parameters["\(node.name).\(role)"]!
          for channel in silent { tensor.storage[channel] = role == "gamma" ? 1e-9 : 0 }
          parameters["\(node.name).\(role)"] = tensor
        }
      case .conv2d(let attributes) where attributes.groups == 1:
        let hasBatchNorm = graph.nodes.contains {
          if case .batchNorm = $0.operation { return $0.inputs == [index] }
          return false
        }
        if !hasBatchNorm {
          var kernel = parameters["\(node.name).kernel"]!
          for element in kernel.storage.indices where silent.contains(element % channels) {
            kernel.storage[element] = 0
          }
          parameters["\(node.name).kernel"] = kernel
          var bias = parameters["\(node.name).bias"]!
          for channel in silent { bias.storage[channel] = 0 }
          parameters["\(node.name).bias"] = bias
        }
      default: break
      }
    }
    let result = try ChannelPruner(criterion: .bn).prune(
      graph: graph, parameters: parameters, keepMACs: 0.6)
    #expect(result.removedChannels > 0)
    let (images, _) = try OptimizeFixtures.images(count: 8)
    let expected = try OptimizeFixtures.outputs(
      graph: graph, parameters: parameters, images: images)
    let actual = try OptimizeFixtures.outputs(
      graph: result.graph, parameters: result.parameters, images: images)
    for (a, e) in zip(actual, expected) { #expect(abs(a - e) <= 1e-3 * max(1, abs(e))) }
  }
}
