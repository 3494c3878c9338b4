import Testing
import TriscaleTestSupport

@testable import TriscaleAnalysis

@Suite("Study table")
struct StudyTableTests {
  @Test("one column per tier from its most accurate fitting variant, every cell filled and marked")
  func columns() {
    let table = StudyTable(variants: TradeoffFixtures.variants)
    #expect(table.columns == [.cloud, .edge, .microcontroller])
    #expect(table.variants == ["cloud", "edge", "tiny"])
    #expect(table.rows.map(\.heading) == StudyTable.headings)
    #expect(table.isComplete)
    let latency = table.rows[2].cells[2]
    #expect(latency.map(\.basis) == [.measured, .estimated])
    #expect(latency[1].text == "60.0 ms on mcu")
    let power = table.rows[4].cells[2]
    #expect(power.map(\.text) == ["50 mW on mcu", "3.00 mJ per inference"])
  }

  @Test("a tier's variant that does not fit its device gives way to one that does")
  func fitting() {
    var variants = TradeoffFixtures.variants
    variants.append(
      TradeoffFixtures.variant(
        "big-tiny", .microcontroller, accuracy: 0.95, sizeKB: 900,
        targets: [
          TradeoffFixtures.target("mcu", .microcontroller, latencyMs: 900, watts: 0.05, fits: false)
        ]))
    #expect(StudyTable(variants: variants).variants == ["cloud", "edge", "tiny"])
  }
}
