/** What both benches share: their seeded randomness, and what they print: the figures as a table for people, then one `bench <name> <number>` line each. */

export type Figure = readonly [name: string, value: number, meaning: string];

/** The value at `fraction` (0.95 for the 95th percentile) of the sorted values; NaN for none. */
export function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

export function printFigures(figures: readonly Figure[]): void {
  console.log('\n| figure | value | meaning |\n| --- | --- | --- |');
  for (const [name, value, meaning] of figures) {
    console.log(`| ${name} | ${value} | ${meaning} |`);
  }
  console.log();
  for (const [name, value] of figures) {
    console.log(`bench ${name} ${value}`);
  }
}

/** Runs a bench's main, and fails the process when it throws. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** A small, fixed-seed generator (mulberry32), so that every run of a bench sees the same data. */
export function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}
