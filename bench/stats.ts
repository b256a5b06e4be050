// What every bench shares: medians, and the one way two sides are compared in a run (one warm-up of each, then
// the sides alternated A B A B, at least 3 runs each, each run timing only its own work).
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface SideStats {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

export const BENCH_RUNS = Math.max(3, Number(process.env.BENCH_ROUNDS ?? 3));

function stats(runs: number[]): SideStats {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

/**
 * Runs `ours` and `baseline` once each as a warm-up (not counted), then alternately `runs` times each, starting with
 * ours. Each side returns its own figure (items/s, or seconds) so that setup between runs is not timed.
 */
export async function alternate(ours: () => Promise<number>, baseline: () => Promise<number>, runs = BENCH_RUNS): Promise<{ ours: SideStats; baseline: SideStats }> {
  await ours();
  await baseline();
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < runs; i++) {
    a.push(await ours());
    b.push(await baseline());
  }
  return { ours: stats(a), baseline: stats(b) };
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

/** `bench NAME RATIO ratio (ours … [min–max], BASELINE … [min–max]; N runs each after a warm-up, alternated)`. */
export function reportComparison(name: string, ratio: number, result: { ours: SideStats; baseline: SideStats }, unit: string, baselineName: string): void {
  const side = (s: SideStats) => `${fmt(s.median)} ${unit} [${fmt(s.min)}–${fmt(s.max)}]`;
  console.log(
    `bench ${name} ${ratio.toFixed(3)} ratio (ours ${side(result.ours)}, ${baselineName} ${side(result.baseline)}; ${result.ours.runs.length} runs each after a warm-up, alternated)`,
  );
}
