/**
 * `npm test`: every check, in order, each with a time limit, going on after a failure so one run
 * shows everything that is wrong. Ends with the line CI reads: `N passed, N failed` (tests from the
 * vitest and Playwright JSON reports; a failed typecheck, lint or build counts as one failure).
 * Exits non-zero on any failure or when no test ran.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

type Step = { name: string; cmd: string; timeoutS: number; report?: string; kind?: 'vitest' | 'playwright' };

const steps: Step[] = [
  { name: 'typecheck', cmd: 'npx tsc -p .', timeoutS: 300 },
  { name: 'lint', cmd: 'npx eslint --max-warnings=0 .', timeoutS: 300 },
  { name: 'electronegativity', cmd: 'tsx scripts/electronegativity.ts', timeoutS: 300 },
  { name: 'build', cmd: 'npm run build --silent', timeoutS: 300 },
  { name: 'vitest', cmd: 'npx vitest run --reporter=default --reporter=json --outputFile.json=reports/vitest.json', timeoutS: 1800, report: 'reports/vitest.json', kind: 'vitest' },
  { name: 'e2e', cmd: 'npx playwright test', timeoutS: 1500, report: 'reports/playwright.json', kind: 'playwright' },
  { name: 'electron-smoke', cmd: 'npx playwright test -c test/electron/playwright.config.ts', timeoutS: 300, report: 'reports/playwright-electron.json', kind: 'playwright' },
];

const only = process.argv.slice(2);
mkdirSync('reports', { recursive: true });

type Count = { passed: number; failed: number; skipped: number };
const total: Count = { passed: 0, failed: 0, skipped: 0 };
const lines: string[] = [];

function countVitest(file: string): Count {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
}

function countPlaywright(file: string): Count {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, skipped: r.stats.skipped };
}

for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue;
  if (step.report) rmSync(step.report, { force: true });
  const started = Date.now();
  console.log(`\n▶ ${step.name}: ${step.cmd}`);
  const run = spawnSync(step.cmd, { shell: true, stdio: 'inherit', timeout: step.timeoutS * 1000, env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const timedOut = run.error !== undefined || run.signal !== null;
  let count: Count | null = null;
  if (step.report && existsSync(step.report)) {
    count = step.kind === 'vitest' ? countVitest(step.report) : countPlaywright(step.report);
  }
  // A step whose tests were not counted is not a pass: the summary line would hide them.
  const unreported = step.report !== undefined && count === null;
  const ok = run.status === 0 && !timedOut && !unreported && (!count || count.failed === 0);
  if (count) {
    total.passed += count.passed;
    total.failed += count.failed;
    total.skipped += count.skipped;
    // A runner that died without reporting a failure still fails the run.
    if (!ok && count.failed === 0) total.failed += 1;
  } else if (!ok) {
    total.failed += 1;
  }
  lines.push(
    `${ok ? '✓' : '✗'} ${step.name.padEnd(15)} ${seconds.padStart(6)} s` +
      (count ? `  ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped` : '') +
      (timedOut ? `  (stopped after ${step.timeoutS} s)` : '') +
      (unreported && !timedOut ? `  (no report at ${step.report}: its tests were not counted)` : ''),
  );
}

console.log('\nResumo / summary');
for (const l of lines) console.log(l);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.passed === 0 ? 1 : 0);
