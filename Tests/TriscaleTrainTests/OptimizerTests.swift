import Testing
import TriscaleCore
import TriscaleGraph

@testable import TriscaleTrain

@Suite("Optimizers")
struct OptimizerTests {
  /// A kernel, a bias and a batch-norm moving mean, as a store.
  private func parameters(kernel: [Float] = [1, -2], bias: [Float] = [0.5]) -> ParameterStore {
    var store = ParameterStore()
    store["fc.kernel"] = Tensor(shape: [2], storage: kernel)
    store["fc.bias"] = Tensor(shape: [1], storage: bias)
    store["bn.moving_mean"] = Tensor(shape: [1], storage: [3])
    return store
  }

  /// Gradients for the kernel and bias (and one for the moving mean, which must be ignored).
  private func gradients(kernel: [Float], bias: [Float]) -> ParameterStore {
    var store = ParameterStore()
    store["fc.kernel"] = Tensor(shape: [2], storage: kernel)
    store["fc.bias"] = Tensor(shape: [1], storage: bias)
    store["bn.moving_mean"] = Tensor(shape: [1], storage: [100])
    return store
  }

  private func expectClose(
    _ store: ParameterStore, _ key: String, _ expected: [Float], tolerance: Float = 1e-6
  ) {
    let actual = store[key]?.storage ?? []
    #expect(actual.count == expected.count, "\(key)")
    for (value, wanted) in zip(actual, expected) {
      #expect(abs(value - wanted) < tolerance, "\(key): \(actual) vs \(expected)")
    }
  }

  private let firstGradients: (kernel: [Float], bias: [Float]) = ([0.5, 1.0], [0.2])
  private let secondGradients: (kernel: [Float], bias: [Float]) = ([-1.0, 0.5], [0.2])

  /// Runs two steps with learning rate 0.5 over the fixed gradients.
  private func twoSteps(_ optimizer: inout some Optimizer) throws -> ParameterStore {
    var store = parameters()
    for pair in [firstGradients, secondGradients] {
      try optimizer.step(
        parameters: &store, gradients: gradients(kernel: pair.kernel, bias: pair.bias),
        learningRate: 0.5)
    }
    return store
  }

  // Momentum 0.9, weight decay 0.1 (kernel only), lr 0.5, kernel [1, −2], bias [0.5]:
  // step 1: d = g + 0.1p = [0.6, 0.8], b = d, p = [0.7, −2.4]; bias b = 0.2, p = 0.4
  // step 2: d = [−1 + 0.07, 0.5 − 0.24] = [−0.93, 0.26], b = 0.9·[0.6, 0.8] + d = [−0.39, 0.98],
  //         p = [0.7 + 0.195, −2.4 − 0.49] = [0.895, −2.89]; bias b = 0.18 + 0.2 = 0.38, p = 0.21
  @Test(
    "SGD with momentum and kernel-only L2 decay matches a hand-computed two-step example (within 1e-6)"
  )
  func sgdMomentum() throws {
    var optimizer = try SGD(momentum: 0.9, weightDecay: 0.1)
    let store = try twoSteps(&optimizer)
    expectClose(store, "fc.kernel", [0.895, -2.89])
    expectClose(store, "fc.bias", [0.21])
    #expect(store["bn.moving_mean"]?.storage == [3])
    #expect(optimizer.stepCount == 2)
    expectClose(optimizer.state, "fc.kernel.momentum", [-0.39, 0.98])
    #expect(optimizer.state.keys == ["fc.kernel.momentum", "fc.bias.momentum"])
  }

  // Nesterov: the update is d + 0.9·b.
  // step 1: d = b = [0.6, 0.8], update [1.14, 1.52], p = [0.43, −2.76]
  // step 2: d = [−1 + 0.043, 0.5 − 0.276] = [−0.957, 0.224], b = [−0.417, 0.944],
  //         update = [−1.3323, 1.0736], p = [1.09615, −3.2968]
  // bias: step 1 update 0.2 + 0.18 = 0.38, p = 0.31; step 2 b = 0.38, update 0.2 + 0.342 = 0.542, p = 0.039
  @Test("SGD with Nesterov momentum matches a hand-computed two-step example (within 1e-6)")
  func sgdNesterov() throws {
    var optimizer = try SGD(momentum: 0.9, nesterov: true, weightDecay: 0.1)
    let store = try twoSteps(&optimizer)
    expectClose(store, "fc.kernel", [1.09615, -3.2968])
    expectClose(store, "fc.bias", [0.039])
  }

  // Decay on every parameter: the bias now decays too.
  // step 1: d = 0.2 + 0.05 = 0.25, b = 0.25, p = 0.375
  // step 2: d = 0.2 + 0.0375 = 0.2375, b = 0.225 + 0.2375 = 0.4625, p = 0.375 − 0.23125 = 0.14375
  @Test("SGD weight decay scope 'all' also decays biases (within 1e-6)")
  func sgdDecayAll() throws {
    var optimizer = try SGD(momentum: 0.9, weightDecay: 0.1, weightDecayScope: .all)
    let store = try twoSteps(&optimizer)
    expectClose(store, "fc.kernel", [0.895, -2.89])
    expectClose(store, "fc.bias", [0.14375])
  }

  // Without momentum: p −= lr · (g + 0.1p): kernel [1, −2] → [0.7, −2.4] → [0.7 + 0.465, −2.4 − 0.13] = [1.165, −2.53].
  @Test("plain SGD keeps no state (within 1e-6)")
  func sgdPlain() throws {
    var optimizer = try SGD(momentum: 0, weightDecay: 0.1)
    let store = try twoSteps(&optimizer)
    expectClose(store, "fc.kernel", [1.165, -2.53])
    expectClose(store, "fc.bias", [0.3])
    #expect(optimizer.state.keys.isEmpty)
  }

  // lr 0.1, weight decay 0.01 (decoupled, kernel only), β = (0.9, 0.999), ε = 1e-8.
  // step 1, g = [0.5, −0.1]: m = [0.05, −0.01], v = [2.5e-4, 1e-5]; m̂ = g, √v̂ = |g|, so the
  //   update is lr·sign(g): p = [1·0.999 − 0.1, −2·0.999 + 0.1] = [0.899, −1.898]
  // step 2, g = [−0.5, 0.3]: m = [−0.005, 0.021], v = [4.9975e-4, 9.999e-5],
  //   m̂ = m / 0.19 = [−0.0263158, 0.1105263], √v̂ = √(v / 0.001999) = [0.5, 0.2236515],
  //   p = [0.899·0.999 + 0.1·0.0526316, −1.898·0.999 − 0.1·0.4941898] = [0.9033642, −1.9455210]
  // bias (no decay), g = 0.2 twice: each step moves it by lr: 0.5 → 0.4 → 0.3
  @Test("AdamW matches a hand-computed two-step example (within 1e-5)")
  func adamW() throws {
    var optimizer = try AdamW(weightDecay: 0.01)
    var store = parameters()
    try optimizer.step(
      parameters: &store, gradients: gradients(kernel: [0.5, -0.1], bias: [0.2]), learningRate: 0.1)
    expectClose(store, "fc.kernel", [0.899, -1.898], tolerance: 1e-5)
    expectClose(store, "fc.bias", [0.4], tolerance: 1e-5)
    try optimizer.step(
      parameters: &store, gradients: gradients(kernel: [-0.5, 0.3], bias: [0.2]), learningRate: 0.1)
    expectClose(store, "fc.kernel", [0.9033642, -1.9455210], tolerance: 1e-5)
    expectClose(store, "fc.bias", [0.3], tolerance: 1e-5)
    #expect(store["bn.moving_mean"]?.storage == [3])
    expectClose(optimizer.state, "fc.kernel.adam_m", [-0.005, 0.021])
    expectClose(optimizer.state, "fc.kernel.adam_v", [4.9975e-4, 9.999e-5])
  }

  @Test("a mismatched gradient throws and changes nothing")
  func mismatchChangesNothing() throws {
    var optimizer = try SGD()
    var store = parameters()
    var bad = gradients(kernel: [1, 1], bias: [1])
    bad["fc.kernel"] = Tensor(shape: [3], storage: [1, 1, 1])
    #expect { try optimizer.step(parameters: &store, gradients: bad, learningRate: 0.1) } throws: {
      "\($0)".contains("gradient 'fc.kernel' has shape [3] but the parameter has [2]")
    }
    var unknown = gradients(kernel: [1, 1], bias: [1])
    unknown["head.bias"] = Tensor(shape: [1])
    #expect {
      try optimizer.step(parameters: &store, gradients: unknown, learningRate: 0.1)
    } throws: {
      "\($0)".contains("gradient 'head.bias' has no matching parameter")
    }
    #expect {
      try optimizer.step(
        parameters: &store, gradients: gradients(kernel: [1, 1], bias: [1]), learningRate: .nan)
    } throws: {
      "\($0)".contains("learning rate")
    }
    #expect(store == parameters())
    #expect(optimizer.stepCount == 0)
    #expect(optimizer.state.keys.isEmpty)
  }

  @Test("out-of-range hyperparameters and foreign state are rejected")
  func rejections() throws {
    #expect(throws: TriscaleError.self) { try SGD(momentum: 1) }
    #expect(throws: TriscaleError.self) { try SGD(momentum: 0, nesterov: true) }
    #expect(throws: TriscaleError.self) { try AdamW(beta2: 1) }
    var adam = try AdamW()
    var store = parameters()
    try adam.step(
      parameters: &store, gradients: gradients(kernel: [1, 1], bias: [1]), learningRate: 0.1)
    var sgd = try SGD()
    #expect { try sgd.load(state: adam.state, stepCount: 1) } throws: {
      "\($0)".contains("'fc.kernel.adam_m' is not state of the sgd optimizer")
    }
  }
}
