// What every bench module shares: the printer's type, percentiles, and running one module alone.

export type Print = (name: string, value: number, unit: string) => void;

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** `npx tsx test/bench/<module>.ts` runs that module's figures alone. */
export function runAlone(bench: (print: Print) => Promise<void>): void {
  const print: Print = (name, value, unit) => console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(3)} ${unit}`);
  bench(print).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
