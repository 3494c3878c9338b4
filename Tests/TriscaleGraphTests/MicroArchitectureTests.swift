import Testing
import TriscaleCore

@testable import TriscaleGraph

@Suite("Micro architectures (the search space)")
struct MicroArchitectureTests {
  /// A spread of genomes: every block type, residual choice, kernel and stride.
  static let genomes = [
    MicroArchitecture.resnet8,
    MicroArchitecture(
      widths: [8, 12, 128], depths: [3, 1, 2], kernel: 5, block: .separable, residual: false,
      stemStride: 2),
    MicroArchitecture(
      widths: [40, 24, 96], depths: [2, 3, 1], kernel: 3, block: .separable, residual: true,
      stemStride: 1),
    MicroArchitecture(
      widths: [16, 16, 16], depths: [1, 2, 1], kernel: 5, block: .conv, residual: false,
      stemStride: 2),
  ]

  @Test("a name parses back to its genome and the zoo rebuilds the graph under that name")
  func nameRoundTrip() throws {
    for genome in Self.genomes {
      #expect(try MicroArchitecture(name: genome.name) == genome)
      let graph = try ModelZoo.graph(named: genome.name)
      #expect(graph.name == genome.name)
      #expect(graph == (try genome.graph()))
    }
    #expect(MicroArchitecture.resnet8.name == "micro:w16.32.64-d1.1.1-k3-conv-res-s1")
  }

  @Test("the resnet8 genome builds resnet8's graph: same nodes, 78,186 parameters")
  func resnet8Equivalent() throws {
    let graph = try MicroArchitecture.resnet8.graph()
    #expect(graph.trainableParameterCount == 78_186)
    #expect(graph.multiplyAccumulates == 12_501_632)
    #expect(graph.nodes == (try ModelZoo.resnet8()).nodes)
  }

  @Test("stem stride 2 halves the resolution the stages see and quarters the MACs of the blocks")
  func stemStride() throws {
    var half = MicroArchitecture.resnet8
    half.stemStride = 2
    let graph = try half.graph()
    let stem = try #require(graph.nodes.first { $0.name == "stem" })
    #expect(stem.shape == [16, 16, 16])
    #expect(graph.trainableParameterCount == 78_186)
    #expect(graph.multiplyAccumulates < 12_501_632 / 3)
  }

  @Test(
    "malformed or non-canonical names name the part that is wrong",
    arguments: [
      ("micro:w16.32-d1.1.1-k3-conv-res-s1", "three numbers"),
      ("micro:w16.32.64-d1.1.1-k7-conv-res-s1", "kernel 7"),
      ("micro:w16.32.64-d1.1.1-k3-wide-res-s1", "'wide' is not conv or dws"),
      ("micro:w16.32.64-d1.1.1-k3-conv-res-s3", "stem stride 3"),
      ("micro:w16.32.64-d0.1.1-k3-conv-res-s1", "depths [0, 1, 1]"),
      ("micro:w016.32.64-d1.1.1-k3-conv-res-s1", "not canonical"),
      ("micro:w16.32.64-d1.1.1-k3-conv-res", "not 6"),
    ])
  func badNames(name: String, problem: String) {
    #expect {
      try ModelZoo.graph(named: name)
    } throws: { error in
      "\(error)".contains(problem)
        && "\(error)".contains("e.g. micro:w16.32.64-d1.1.1-k3-conv-res-s1")
    }
  }

  @Test("the standard space has 574,992 genomes; its four smallest are in it and need the least")
  func space() throws {
    let space = MicroSearchSpace()
    #expect(space.size == 574_992)
    #expect(space.smallest.count == 4)
    #expect(space.smallest.allSatisfy(space.contains))
    #expect(Self.genomes.dropFirst().filter(space.contains).count == 3)
    let least = try space.smallest.map { try $0.graph().multiplyAccumulates }.min() ?? 0
    for genome in Self.genomes { #expect(try genome.graph().multiplyAccumulates > least) }
  }
}
