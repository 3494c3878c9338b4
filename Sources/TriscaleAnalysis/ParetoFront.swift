/// The Pareto front of points with a cost to minimise (bytes, MACs) and a
/// value to maximise (accuracy): the points no other point dominates, where
/// one point dominates another when it costs no more, is worth no less, and
/// is strictly better in one of the two.
public enum ParetoFront {
  /// The indices of the non-dominated points of `points`, by increasing cost
  /// (equal costs by decreasing value, then index). Equal points do not dominate
  /// each other: both are on the front.
  public static func indices(of points: [(cost: Double, value: Double)]) -> [Int] {
    let order = points.indices.sorted {
      (points[$0].cost, -points[$0].value, $0) < (points[$1].cost, -points[$1].value, $1)
    }
    var front: [Int] = []
    var best = -Double.infinity
    var lastKept: (cost: Double, value: Double)?
    for index in order {
      let point = points[index]
      if point.value > best || (lastKept.map { $0 == point } ?? false) {
        front.append(index)
        best = max(best, point.value)
        lastKept = point
      }
    }
    return front
  }
}
