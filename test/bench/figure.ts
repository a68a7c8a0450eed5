/** One line of `npm run bench`: written to reports/bench.json as an array of these. */
export type BenchFigure = {
  name: string;
  value: number;
  unit: string;
  /** Human-readable goal, e.g. '<= 3' or '>= 0.8'; empty when the figure is informative only. */
  goal: string;
};
