/**
 * Importing 100,000 customer services from an ERP export, end to end, as the office does it: the
 * browser host serves the real renderer, Chromium opens "Importar do ERP", the file goes through the
 * file input, "Validar e ver prévia", "Confirmar importação", and the clock stops at "Importação
 * concluída" (parse, validate, diff and the IndexedDB writes). (Customer search is measured on the
 * host's store by search.bench.ts.)
 *
 * The profile is on disk, as the app's is (an incognito context keeps IndexedDB in memory, about
 * twice as fast). `import.idb_floor_s` writes the very rows the import stored once more, with bare
 * IndexedDB calls into a copy of the schema: what Chromium itself needs for them on this machine.
 * `import.write_vs_floor` (app write / floor) is the part the app's code answers for.
 *
 * Informative figures, so a shortfall shows whether it is the code's or the machine's: the page's
 * own phase timings (import.parse/validate/diff/write, performance.measure in the renderer), the CPU
 * the busiest thread of Chromium's browser process spent during the write (the IndexedDB backend
 * sequence, from /proc/<pid>/task/<tid>/schedstat, Linux only) and how long it waited for a core,
 * and the 1-minute load average.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { startBrowserHost } from '../../electron/web/browser-host';
import { parseDocument } from '../../shared/domain';
import type { BenchFigure } from './figure';

const ROWS = 100_000;
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const firstNames = ['Ana', 'João', 'Maria', 'José', 'Francisca', 'Antônio', 'Adriana', 'Carlos', 'Juliana', 'Paulo', 'Márcia', 'Lucas'];
const lastNames = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Araújo', 'Gonçalves'];
const statuses = ['servico_habilitado', 'servico_habilitado', 'servico_habilitado', 'suspenso_debito', 'cancelado', 'Aguardando Instalação'];

/** A valid CPF per row: check digits found by asking shared/domain, not recomputed here. */
function cpf(i: number): string {
  const base = String(100_000_000 + ((i * 7_919) % 899_999_999)).slice(0, 9);
  for (let d = 0; d < 100; d++) {
    const doc = base + String(d).padStart(2, '0');
    if (parseDocument(doc).ok) return doc;
  }
  throw new Error(`no CPF for ${base}`);
}

function csv(): string {
  const lines = ['id_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;celular;servico;status_prefixo'];
  const seen = new Set<string>();
  for (let i = 0; i < ROWS; i++) {
    let doc = cpf(i);
    for (let k = 1; seen.has(doc); k++) doc = cpf(i + k * 1_000_003);
    seen.add(doc);
    const name = `${firstNames[i % firstNames.length]} ${lastNames[(i * 7) % lastNames.length]} ${lastNames[(i * 3) % lastNames.length]} ${i}`;
    const phone = `(11) 9${String(10_000_000 + i).slice(-8, -4)}-${String(i).padStart(4, '0').slice(-4)}`;
    lines.push([String(900_000 + i), String(i), name, doc, `cliente${i}@exemplo.com.br`, phone, `Fibra ${(i % 4) * 100 + 100} Mega`, statuses[i % statuses.length]].join(';'));
  }
  return lines.join('\r\n') + '\r\n';
}

export async function run(): Promise<BenchFigure[]> {
  const root = resolve(import.meta.dirname, '../..');
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-bench-import-'));
  const file = join(dataDir, 'clientes-100k.csv');
  writeFileSync(file, csv());
  const host = await startBrowserHost({ staticDir: join(root, 'out/renderer'), dataDir, version: 'bench' });
  // A profile on disk, as the app has: an incognito context would keep IndexedDB in memory, which is faster.
  const browser = await chromium.launchPersistentContext(join(dataDir, 'profile'), { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, locale: 'pt-BR' });
  try {
    const page = await browser.newPage();
    await page.goto(`${host.web.url}#/importacao`);
    await page.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' }).waitFor();

    const started = performance.now();
    await page.locator('input[type=file]').setInputFiles(file);
    await page.getByRole('button', { name: 'Validar e ver prévia' }).click({ timeout: 60_000 });
    const browserThreads = browserSchedstat();
    await page.getByRole('button', { name: 'Confirmar importação' }).click({ timeout: 60_000 });
    await page.getByText('Importação concluída').waitFor({ timeout: 120_000 });
    const seconds = (performance.now() - started) / 1000;
    const backend = busiestThread(browserThreads, browserSchedstat());
    const load1 = loadavg()[0];
    const phases = await page.evaluate<Record<string, number>>(
      `Object.fromEntries(performance.getEntriesByType('measure').filter((m) => m.name.startsWith('import.')).map((m) => [m.name, m.duration]))`,
    );

    const stored = await page.evaluate<number>(`(async () => { ${pageHelpers}; return countCustomers(); })()`);
    if (stored !== ROWS) throw new Error(`the import stored ${stored} customers, expected ${ROWS}`);
    // The same rows, written again with bare IndexedDB into a copy of the schema: what the browser
    // itself needs, without the app. write / floor is the app's overhead on top of IndexedDB.
    const floorMs = await page.evaluate<number>(`(async () => { ${pageHelpers}; return writeFloor(['customers', 'services', 'links']); })()`);

    return [
      { name: 'import.100k_s', value: round(seconds), unit: 's', goal: '<= 10' },
      { name: 'import.rows_per_s', value: Math.round(ROWS / seconds), unit: 'rows/s', goal: '' },
      ...['parse', 'validate', 'diff', 'write'].map((phase) => ({ name: `import.${phase}_s`, value: round((phases[`import.${phase}`] ?? NaN) / 1000), unit: 's', goal: '' })),
      { name: 'import.idb_floor_s', value: round(floorMs / 1000), unit: 's', goal: '' },
      { name: 'import.write_vs_floor', value: round((phases['import.write'] ?? NaN) / floorMs), unit: 'ratio', goal: '<= 1.2' },
      ...(backend
        ? [
            { name: 'import.idb_backend_cpu_s', value: round(backend.cpuMs / 1000), unit: 's', goal: '' },
            { name: 'import.idb_backend_wait_s', value: round(backend.waitMs / 1000), unit: 's', goal: '' },
          ]
        : []),
      { name: 'import.loadavg_1m', value: round(load1), unit: 'load', goal: '' },
    ];
  } finally {
    await browser.close();
    await host.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Run inside the page: plain IndexedDB on the app's own database, nothing exposed by the app.
const pageHelpers = `
function openDb() {
  return new Promise((resolve, reject) => { const r = indexedDB.open('sva-desk'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
}
async function countCustomers() {
  const db = await openDb();
  return new Promise((resolve) => { const r = db.transaction('customers').objectStore('customers').count(); r.onsuccess = () => { db.close(); resolve(r.result); }; });
}
/** Copies the app's stores (key path, indexes) into a fresh database and times writing their rows there. */
async function writeFloor(stores) {
  const app = await openDb();
  const rows = {};
  const shapes = {};
  for (const name of stores) {
    const store = app.transaction(name).objectStore(name);
    rows[name] = await new Promise((resolve) => { const r = store.getAll(); r.onsuccess = () => resolve(r.result); });
    shapes[name] = { keyPath: store.keyPath, indexes: [...store.indexNames].map((i) => { const x = store.index(i); return [i, x.keyPath, { unique: x.unique, multiEntry: x.multiEntry }]; }) };
  }
  app.close();
  const floor = await new Promise((resolve, reject) => {
    const r = indexedDB.open('sva-floor', 1);
    r.onupgradeneeded = () => { for (const name of stores) { const s = r.result.createObjectStore(name, { keyPath: shapes[name].keyPath }); for (const [i, kp, o] of shapes[name].indexes) s.createIndex(i, kp, o); } };
    r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
  });
  const t = performance.now();
  const tx = floor.transaction(stores, 'readwrite');
  for (const name of stores) { const s = tx.objectStore(name); for (const row of rows[name]) s.put(row); }
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  const ms = performance.now() - t;
  floor.close();
  return ms;
}`;

type ThreadTimes = Map<string, { cpuMs: number; waitMs: number }>;

/** CPU and run-queue wait of every thread of the Chromium processes this bench started (children of this process). */
function browserSchedstat(): ThreadTimes {
  const out: ThreadTimes = new Map();
  if (process.platform !== 'linux') return out;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
        out.set(`${pid}/${tid}`, { cpuMs: run / 1e6, waitMs: wait / 1e6 });
      }
    } catch {
      // a process that ended meanwhile
    }
  }
  return out;
}

function busiestThread(before: ThreadTimes, after: ThreadTimes): { cpuMs: number; waitMs: number } | null {
  let best: { cpuMs: number; waitMs: number } | null = null;
  for (const [id, t] of after) {
    const b = before.get(id) ?? { cpuMs: 0, waitMs: 0 };
    const d = { cpuMs: t.cpuMs - b.cpuMs, waitMs: t.waitMs - b.waitMs };
    if (!best || d.cpuMs > best.cpuMs) best = d;
  }
  return best;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
