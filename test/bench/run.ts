/**
 * `npm run bench`: builds the renderer, runs every *.bench.ts here (each exports `run()`), prints a
 * table of figures against their goals, and writes reports/bench.json as [{name, value, unit, goal}].
 * Figures are ratios or times measured in this one run, on this machine.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchFigure } from './figure';

const here = import.meta.dirname;
const only = process.argv.slice(2);

function meets(value: number, goal: string): boolean | null {
  const m = /^(<=|>=|=)\s*([\d.]+)$/.exec(goal.trim());
  if (!m) return null;
  return m[1] === '=' ? value === Number(m[2]) : m[1] === '<=' ? value <= Number(m[2]) : value >= Number(m[2]);
}

execSync('npx vite build --logLevel warn', { stdio: 'inherit', cwd: resolve(here, '../..') });

const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (only.length === 0 || only.some((o) => f.includes(o))));
const figures: BenchFigure[] = [];
for (const file of files.sort()) {
  process.stdout.write(`▶ ${file}\n`);
  const started = Date.now();
  try {
    const mod = (await import(resolve(here, file))) as { run: () => Promise<BenchFigure[]> };
    figures.push(...(await mod.run()));
  } catch (err) {
    console.error(`  ${file} failed: ${(err as Error).message}`);
    figures.push({ name: `${file.replace('.bench.ts', '')}.failed`, value: 1, unit: 'error', goal: '' });
  }
  process.stdout.write(`  (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

console.log('\nfigure'.padEnd(36) + 'value'.padStart(12) + '  unit'.padEnd(10) + 'goal'.padEnd(10) + 'met');
for (const f of figures) {
  const ok = meets(f.value, f.goal);
  console.log(f.name.padEnd(35) + String(f.value).padStart(12) + `  ${f.unit}`.padEnd(10) + f.goal.padEnd(10) + (ok === null ? '' : ok ? 'yes' : 'NO'));
}
mkdirSync(resolve(here, '../../reports'), { recursive: true });
writeFileSync(resolve(here, '../../reports/bench.json'), JSON.stringify(figures, null, 2) + '\n');
console.log('\nreports/bench.json written.');
process.exit(figures.some((f) => f.unit === 'error') ? 1 : 0);
