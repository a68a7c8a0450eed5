/**
 * `npm start`: the Electron app when its binary is installed, otherwise the browser host.
 * The binary cannot be downloaded on the build machines (TOOLCHAIN.md); a user with internet gets
 * it from `npm install`. Either way the person sees one sentence, not a stack trace.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..');

/** Where node_modules/electron would put its binary; null when it is not there. Mirrors electron/index.js without loading it (it throws). */
export function electronBinary(projectRoot = root): string | null {
  const pkg = join(projectRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? join(override, relative ?? 'electron') : relative ? join(pkg, 'dist', relative) : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

async function main(): Promise<number> {
  const binary = electronBinary();
  if (!binary) {
    console.log('O binário do Electron não está instalado nesta máquina; abrindo o SVA Desk no navegador (host web). / Electron binary not installed; starting the browser host.');
    // start:web builds the renderer and the bundled host first, then serves them.
    return run('npm', ['run', '--silent', 'start:web', '--', ...process.argv.slice(2)]);
  }
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (build.status !== 0) {
    console.error('A compilação do SVA Desk falhou; corrija os erros acima e rode `npm start` de novo. / Build failed.');
    return build.status ?? 1;
  }
  return run(binary, ['.', ...process.argv.slice(2)]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code));
}
