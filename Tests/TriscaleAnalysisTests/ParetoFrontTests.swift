import Testing

@testable import TriscaleAnalysis

@Suite("Pareto front")
struct ParetoFrontTests {
  @Test("keeps exactly the non-dominated points, by increasing cost")
  func handMade() {
    let points: [(cost: Double, value: Double)] = [
      (100, 0.50),  // 0: front (cheapest)
      (120, 0.48),  // 1: dominated by 0
      (150, 0.60),  // 2: front
      (150, 0.55),  // 3: dominated by 2 (same cost, worse)
      (200, 0.60),  // 4: dominated by 2 (costlier, equal)
      (250, 0.70),  // 5: front
      (90, 0.20),  // 6: front (cheaper than all)
      (250, 0.70),  // 7: equal to 5: both kept
    ]
    #expect(ParetoFront.indices(of: points) == [6, 0, 2, 5, 7])
  }

  @Test("agrees with the definition on seeded random points")
  func definition() {
    var state: UInt64 = 7
    func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 40 % 64)
    }
    let points = (0..<200).map { _ in (cost: next(), value: next()) }
    let dominated = { (index: Int) in
      points.contains {
        $0.cost <= points[index].cost && $0.value >= points[index].value
          && ($0.cost < points[index].cost || $0.value > points[index].value)
      }
    }
    let front = ParetoFront.indices(of: points)
    #expect(Set(front) == Set(points.indices.filter { !dominated($0) }))
    #expect(zip(front, front.dropFirst()).allSatisfy { points[$0].cost <= points[$1].cost })
    #expect(ParetoFront.indices(of: []).isEmpty)
  }
}
