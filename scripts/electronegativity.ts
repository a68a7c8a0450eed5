/**
 * `npm test`'s Electron security review: Doyensec's electronegativity over the main process and
 * preload sources (electron/), every finding either fixed or justified in
 * build/electronegativity-justified.json (by check and file, with the reason). Fails on a finding
 * nobody justified, and on a justification whose finding is gone (so the file stays true).
 *
 * Offline by design: the tool fetches translations and Electron's release list from the network
 * (and crashes inside `got` when that times out), so `got` is replaced by a request that fails at
 * once, and the release check (AvailableSecurityFixesGlobalCheck, which needs that list) is left out.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const toolMain = require.resolve('@doyensec/electronegativity');
const got = createRequire(toolMain).resolve('got');
const offline = () => Promise.reject(new Error('sem rede: electronegativity roda offline'));
require.cache[got] = { id: got, filename: got, loaded: true, exports: offline } as unknown as NodeJS.Module;

type Issue = { id: string; file: string; location: { line: number; column: number }; description: string; manualReview: boolean };
type Justified = { check: string; file: string; why: string };

const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const run = require(toolMain) as (o: object) => Promise<{ issues: Issue[] }>;
mkdirSync(join(root, 'reports'), { recursive: true });
const { issues } = await run({
  input: join(root, 'electron'),
  output: join(root, 'reports/electronegativity.csv'),
  isSarif: false,
  customScan: [],
  excludeFromScan: ['availablesecurityfixesglobalcheck'],
  severitySet: undefined,
  confidenceSet: undefined,
  isRelative: true,
  isVerbose: false,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
});

const justified = JSON.parse(readFileSync(join(root, 'build/electronegativity-justified.json'), 'utf8')) as Justified[];
const key = (check: string, file: string) => `${check} ${file.replace(/^\/+/, '')}`;
const reasons = new Map(justified.map((j) => [key(j.check, j.file), j.why]));
const found = new Set(issues.map((i) => key(i.id, i.file)));
const open = issues.filter((i) => !reasons.has(key(i.id, i.file)));
const stale = justified.filter((j) => !found.has(key(j.check, j.file)));
writeFileSync(join(root, 'reports/electronegativity.json'), JSON.stringify({ electronVersion, issues, open, stale }, null, 2));

console.log(`electronegativity (Electron ${electronVersion}): ${issues.length} findings, ${issues.length - open.length} justified, ${open.length} open`);
for (const i of open) console.log(`  ABERTO  ${i.id}  ${i.file}:${i.location.line}  ${i.description}`);
for (const j of stale) console.log(`  JUSTIFICATIVA SEM ACHADO  ${j.check}  ${j.file}: remova-a de build/electronegativity-justified.json`);
process.exit(open.length > 0 || stale.length > 0 ? 1 : 0);
