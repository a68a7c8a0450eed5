/**
 * One entry on the page's performance timeline per import phase (import.parse, import.validate,
 * import.diff, import.write): the bench reads them to say where the seconds of a 100k import go,
 * and DevTools shows them on the Performance panel.
 */
export function measurePhase(phase: string, start: number): void {
  try {
    performance.measure(`import.${phase}`, { start, end: performance.now() });
  } catch {
    // a timeline without measure(options) (older test DOMs): the figure is informative only
  }
}

export async function timed<T>(phase: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await run();
  } finally {
    measurePhase(phase, start);
  }
}
