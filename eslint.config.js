// The walls of ARCHITECTURE.md, enforced: only the shell touches 'electron', only the preload
// touches ipcRenderer, only main/ipc send to a window, renderer and electron meet only through
// shared/contract, and shared imports nothing of either. Not type-aware, so it stays fast.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const ELECTRON_ONLY_IN_SHELL = {
  name: 'electron',
  message: "Only electron/main.ts, electron/preload.ts and electron/ipc.ts import 'electron'; take what you need as a port (electron/host/ports.ts).",
};
const NO_ELECTRON_FOLDER = {
  regex: '(^|/)electron(/|$)',
  message: 'The renderer meets main only through shared/contract (window.api / renderer/bridge), never by importing electron/.',
};
// The office's record lives in the host; Dexie is only the renderer's cache of what the screens last
// showed (renderer/data/cache.ts) and the old record read once by the move (renderer/data/legacy-*).
const NO_DEXIE_OUTSIDE_DATA = [
  { name: 'dexie', message: "The office's record lives in the host: read with useHostQuery and write with run() (renderer/data/client.ts); Dexie is only renderer/data's cache." },
  { name: 'dexie-react-hooks', message: "The office's record lives in the host: read with useHostQuery (renderer/data/client.ts), not useLiveQuery." },
];
const SHARED_IS_PURE = [
  { regex: '(^|/)(electron|renderer)(/|$)', message: 'shared/ is pure TypeScript: it imports nothing from electron/ or renderer/.' },
  { regex: '^react(-dom)?(/|$)', message: 'shared/ is pure TypeScript: no React here.' },
];

const NO_IPC_RENDERER = {
  selector: "Identifier[name='ipcRenderer']",
  message: 'ipcRenderer lives only in electron/preload.ts, which exposes one named function per command.',
};
const NO_WEBCONTENTS_SEND = [
  {
    selector: "CallExpression[callee.property.name=/^(send|sendToFrame|postMessage)$/][callee.object.property.name='webContents']",
    message: "Only electron/main.ts and electron/ipc.ts send to a window (the host's emit port).",
  },
  {
    selector: "CallExpression[callee.property.name=/^(send|sendToFrame|postMessage)$/][callee.object.name='webContents']",
    message: "Only electron/main.ts and electron/ipc.ts send to a window (the host's emit port).",
  },
];

const restrictImports = (paths, patterns = []) => ['error', { paths, patterns }];
const restrictSyntax = (...rules) => ['error', ...rules];

const SHELL = ['electron/main.ts', 'electron/preload.ts', 'electron/ipc.ts'];

export default defineConfig(
  { ignores: ['out/**', 'release/**', 'node_modules/**', 'reports/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: SHELL,
    rules: {
      'no-restricted-imports': restrictImports([ELECTRON_ONLY_IN_SHELL]),
      'no-restricted-syntax': restrictSyntax(NO_IPC_RENDERER, ...NO_WEBCONTENTS_SEND),
    },
  },
  {
    files: ['electron/main.ts', 'electron/ipc.ts'],
    rules: { 'no-restricted-syntax': restrictSyntax(NO_IPC_RENDERER) },
  },
  {
    files: ['electron/preload.ts'],
    rules: { 'no-restricted-syntax': restrictSyntax(...NO_WEBCONTENTS_SEND) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrictImports([ELECTRON_ONLY_IN_SHELL, ...NO_DEXIE_OUTSIDE_DATA], [NO_ELECTRON_FOLDER]),
      'no-restricted-syntax': restrictSyntax(NO_IPC_RENDERER, ...NO_WEBCONTENTS_SEND),
    },
  },
  {
    files: ['renderer/data/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': restrictImports([ELECTRON_ONLY_IN_SHELL], [NO_ELECTRON_FOLDER]) },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': restrictImports([ELECTRON_ONLY_IN_SHELL], SHARED_IS_PURE),
      'no-restricted-syntax': restrictSyntax(NO_IPC_RENDERER, ...NO_WEBCONTENTS_SEND),
    },
  },
  {
    files: ['scripts/**/*.ts', '*.config.ts'],
    rules: { 'no-restricted-imports': restrictImports([ELECTRON_ONLY_IN_SHELL]) },
  },
);
