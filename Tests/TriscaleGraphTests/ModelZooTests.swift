import Testing
import TriscaleCore

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

  @Test("28×28×1 MNIST-shaped inputs build for every model, with the dataset's classes")
  func anyInputShape() throws {
    for entry in ModelZoo.entries {
      let graph = try entry.build(inputShape: [28, 28, 1], classCount: 7)
      #expect(graph.inputShape == [28, 28, 1], "\(entry.name)")
      #expect(graph.outputShape == [7], "\(entry.name)")
      #expect(try graph.validated() == graph, "\(entry.name)")
      #expect(graph.name == entry.name)
    }
    let wide = try ModelZoo.resnet8(inputShape: [40, 64, 3], classCount: 2)
    #expect(wide.outputShape == [2])
    // Only the input convolution and the classifier change with the input and classes.
    let mnist = try ModelZoo.resnet8(inputShape: [28, 28, 1], classCount: 10)
    #expect(
      try ModelZoo.resnet8().trainableParameterCount - mnist.trainableParameterCount == 2 * 9 * 16)
  }

  @Test("an input too small for the pooling names the model, the shape and the smallest size")
  func tooSmall() {
    let error = #expect(throws: TriscaleError.self) {
      try ModelZoo.graph(named: "vgg-cloud", inputShape: [7, 28, 1], classCount: 10)
    }
    #expect(
      error?.description
        == "invalid input shape of vgg-cloud: 7×28×1 images are too small for its strides and pooling (the smallest that works is 8×8). Resize the images to at least 8×8 (folder datasets: --image-size 8)"
    )
    for (shape, classes) in [
      ([4, 4, 3], 10), ([32, 32, 3], 1), ([32, 32], 10), ([0, 9, 1], 10),
    ] {
      #expect(throws: TriscaleError.self, "\(shape), \(classes) classes") {
        try ModelZoo.graph(named: "fastnet-cloud", inputShape: shape, classCount: classes)
      }
    }
  }
}
