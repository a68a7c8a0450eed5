/**
 * Packaging smoke: electron-builder --dir with a stub Electron (TOOLCHAIN.md: offline it needs
 * -c.electronDist with an executable named `electron`). Packs the real app.asar and flips the real
 * fuses, so it checks the `files` allowlist and the fuse settings of electron-builder.yml.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
const OUTPUTS = ['out/main/main.js', 'out/preload/preload.cjs', 'out/renderer/index.html'];
const SOURCES = ['electron', 'shared', 'renderer', 'electron.vite.config.ts', 'package.json'];

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** Reuse out/ when every output is newer than every source: another test or a developer just built it. */
function buildIsFresh(): boolean {
  if (!OUTPUTS.every((f) => existsSync(join(root, f)))) return false;
  const oldestOutput = Math.min(...OUTPUTS.map((f) => statSync(join(root, f)).mtimeMs));
  return SOURCES.filter((s) => existsSync(join(root, s))).every((s) => newestMtime(join(root, s)) < oldestOutput);
}

function run(args: string[]): void {
  const res = spawnSync('npx', args, { cwd: root, encoding: 'utf8', timeout: 100_000, shell: process.platform === 'win32' });
  if (res.status !== 0) throw new Error(`npx ${args.join(' ')} failed (${res.status}):\n${res.stdout}\n${res.stderr}`);
}

// Electron's fuse wire as shipped (V1, 8 fuses): RunAsNode on, cookie encryption off, NODE_OPTIONS on,
// inspect on, asar integrity off, only-asar off, V8 snapshot off, file:// privileges on.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const STOCK_WIRE = '10110001';
// The wire stores each fuse as the ASCII byte '0' or '1'.
const DISABLED = '0'.charCodeAt(0);
const ENABLED = '1'.charCodeAt(0);

let entries: string[];
let executable: string;
let resources: string;
let tmp: string;

beforeAll(() => {
  if (!buildIsFresh()) run(['electron-vite', 'build']);

  tmp = mkdtempSync(join(tmpdir(), 'sva-pack-'));
  const dist = join(tmp, 'electron-dist');
  mkdirSync(dist);
  const stub = join(dist, 'electron');
  writeFileSync(stub, Buffer.concat([Buffer.from(`#!/bin/sh\n# stub Electron for packaging tests ${SENTINEL}`), Buffer.from([1, STOCK_WIRE.length]), Buffer.from(STOCK_WIRE), Buffer.from('\n')]));
  chmodSync(stub, 0o755);

  const output = join(tmp, 'release');
  run(['electron-builder', '--dir', '--linux', '--x64', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${output}`]);

  const unpacked = join(output, 'linux-unpacked');
  executable = join(unpacked, 'sva-desk');
  resources = join(unpacked, 'resources');
  entries = listPackage(join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((e) => e.replace(/\\/g, '/').replace(/^\//, ''));
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('packaged app.asar', () => {
  it('holds the built main, preload, renderer and the manifest', () => {
    expect(entries).toEqual(expect.arrayContaining(['package.json', ...OUTPUTS]));
  });

  it('holds every package the main bundle imports at run time', () => {
    const main = readFileSync(join(root, 'out/main/main.js'), 'utf8');
    const bare = [...main.matchAll(/^import .* from "([^"]+)";?$/gm)].map((m) => m[1]).filter((s) => !s.startsWith('node:') && s !== 'electron' && !s.startsWith('.'));
    const pkgs = [...new Set(bare.map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0])))];
    for (const pkg of pkgs) expect(entries, `node_modules/${pkg} missing`).toContain(`node_modules/${pkg}/package.json`);
  });

  it('ships no sources, tests, secrets or local data', () => {
    const offending = entries.filter(
      (e) =>
        /\.(ts|tsx|mts|cts)$/.test(e) ||
        /^(test|tests|electron|shared|renderer|scripts|build|src|\.ci|\.github|release|reports)\//.test(e) ||
        /(^|\/)(\.env(\..*)?|vault\.json|.*\.key|\.sva-data)$/.test(e) ||
        /^(electron-builder\.yml|tsconfig\.json|eslint\.config\.js|vitest\.config\.ts|package-lock\.json)$/.test(e),
    );
    expect(offending).toEqual([]);
  });

  it('ships the tray icon beside app.asar, where main.ts reads it', () => {
    expect(statSync(join(resources, 'tray-icon.png')).size).toBe(statSync(join(root, 'build', 'icon.png')).size);
  });

  it('ships the app code of out/ only', () => {
    const appFiles = entries.filter((e) => !e.startsWith('node_modules/') && e.includes('.'));
    for (const f of appFiles) expect(f === 'package.json' || /^out\/(main|preload|renderer)\//.test(f), f).toBe(true);
  });

  it('flips the fuses: no RunAsNode, no NODE_OPTIONS, no inspect, asar only and checked, cookies encrypted', async () => {
    const wire = await getCurrentFuseWire(executable);
    expect({
      runAsNode: wire[FuseV1Options.RunAsNode],
      nodeOptions: wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: wire[FuseV1Options.EnableNodeCliInspectArguments],
      cookieEncryption: wire[FuseV1Options.EnableCookieEncryption],
      asarIntegrity: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: wire[FuseV1Options.OnlyLoadAppFromAsar],
      fileProtocolPrivileges: wire[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: DISABLED,
      nodeOptions: DISABLED,
      inspect: DISABLED,
      cookieEncryption: ENABLED,
      asarIntegrity: ENABLED,
      onlyAsar: ENABLED,
      fileProtocolPrivileges: DISABLED,
    });
  });
});
