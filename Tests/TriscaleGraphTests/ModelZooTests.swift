import Testing

@testable import TriscaleGraph

@Suite("Model zoo")
struct ModelZooTests {
  @Test(
    "trainable parameters and MACs per image match the reference architectures",
    arguments: [
      ("resnet8", 78_186, 12_501_632),
      ("vgg-cloud", 551_466, 38_896_896),
      ("dscnn-micro", 68_874, 3_711_488),
    ])
  func counts(name: String, parameters: Int, macs: Int) throws {
    let graph = try ModelZoo.graph(named: name)
    #expect(graph.trainableParameterCount == parameters)
    #expect(graph.multiplyAccumulates == macs)
    #expect(graph.inputShape == [32, 32, 3])
    #expect(graph.outputShape == [10])
  }

  @Test("every zoo graph survives re-validation unchanged")
  func validatedIsIdentity() throws {
    for entry in ModelZoo.entries {
      let graph = try entry.build()
      #expect(try graph.validated() == graph, "\(entry.name)")
    }
  }

  @Test("an unknown name lists the valid ones")
  func unknownName() {
    #expect {
      try ModelZoo.graph(named: "resnet50")
    } throws: { error in
      "\(error)".contains("unknown model 'resnet50'")
        && "\(error)".contains("resnet8, vgg-cloud, dscnn-micro")
    }
  }
}
