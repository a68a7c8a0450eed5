/**
 * The main-side vault of platform connections: base URL, ApiKey and ApiSecret bound together,
 * keyed by integration id. The renderer never reads a secret nor the URL it is sent to; it gets
 * `describe()` only (ARCHITECTURE: "Who owns what").
 *
 * Electron-free: the cipher is a port. main.ts passes `electronCipher(safeStorage)`, the browser
 * host and the tests `createDevelopmentCipher(dir)`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { AppError, type SecureStorageState } from '../../shared/contract';

export type VaultCipher = {
  state(): SecureStorageState;
  encrypt(plain: string): Buffer;
  decrypt(buf: Buffer): string;
};

export type Connection = { baseUrl: string; apiKey: string; apiSecret: string };

export type VaultStatus = {
  state: SecureStorageState;
  persistent: boolean;
  message?: string;
  /** the vault file could not be read at start: moved aside under this name, nothing of it lost */
  damaged?: { keptAs: string };
  /** the vault file was written by a newer SVA Desk: read-only here, what is typed now lasts the session */
  newerVersion?: boolean;
};

export type ConnectionDescription =
  | { configured: true; keyHint: string; baseUrl: string }
  | { configured: false; needsSecretAgain?: boolean };

export type Vault = {
  status(): VaultStatus;
  save(id: string, connection: Connection): ConnectionDescription;
  /** Main only: the executor and platform clients. Never send this across the bridge. */
  get(id: string): Connection | null;
  describe(id: string): ConnectionDescription;
  delete(id: string): void;
  /** The ids of every stored entry (read or not). */
  ids(): string[];
};

/** The file operations of the atomic write; tests inject a failing rename. */
export type VaultFs = Pick<typeof nodeFs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'readFileSync' | 'existsSync' | 'mkdirSync'>;

export const VAULT_FILE = 'vault.json';
export const DEVELOPMENT_KEY_FILE = 'vault.DEVELOPMENT-ONLY-NOT-FOR-PRODUCTION.key';

type VaultFile = { version: 1; entries: Record<string, string> };

const STATUS_MESSAGES: Partial<Record<SecureStorageState, string>> = {
  basic_text:
    'O armazenamento seguro do sistema não está disponível (basic_text): as credenciais ficam só nesta sessão. Ative um chaveiro (GNOME Keyring ou KWallet) e digite-as novamente.',
  unavailable:
    'O armazenamento seguro do sistema não está disponível: as credenciais ficam só nesta sessão e precisarão ser digitadas de novo ao reabrir o SVA Desk.',
  development:
    'Cofre de desenvolvimento: as credenciais são cifradas com uma chave local de teste. Não use credenciais de produção neste modo.',
};

const PERSISTENT_STATES: ReadonlySet<SecureStorageState> = new Set(['available', 'development']);

function validId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= 200;
}

function validateConnection(c: Partial<Connection> | null | undefined): Connection {
  const fields: Record<string, string> = {};
  let baseUrl = '';
  try {
    // http(s) is checked in full by the client (checkBaseUrl) at every use; `sandbox:embedded`
    // names the built-in sandbox, whose port changes at every start.
    const url = new URL(String(c?.baseUrl ?? ''));
    // postgres: the office server's login (services/database.ts), the one entry that is not a platform
    if (!['https:', 'http:', 'sandbox:', 'postgres:'].includes(url.protocol)) throw new Error('scheme');
    if (url.username || url.password) throw new Error('userinfo');
    baseUrl = url.toString().replace(/\/+$/, '');
  } catch {
    fields.baseUrl = 'Informe a URL da API começando com https://.';
  }
  if (typeof c?.apiKey !== 'string' || c.apiKey.trim() === '') fields.apiKey = 'Informe a ApiKey.';
  if (typeof c?.apiSecret !== 'string' || c.apiSecret.trim() === '') fields.apiSecret = 'Informe o ApiSecret (ele precisa ser digitado de novo a cada alteração).';
  if (Object.keys(fields).length > 0) {
    throw new AppError('INVALID_INPUT', 'Preencha a URL, a ApiKey e o ApiSecret juntos para salvar a conexão.', { fields });
  }
  return { baseUrl, apiKey: c!.apiKey!.trim(), apiSecret: c!.apiSecret! };
}

function parseConnection(json: string): Connection | null {
  try {
    const v = JSON.parse(json) as Partial<Connection>;
    if (typeof v.baseUrl === 'string' && typeof v.apiKey === 'string' && typeof v.apiSecret === 'string') {
      return { baseUrl: v.baseUrl, apiKey: v.apiKey, apiSecret: v.apiSecret };
    }
  } catch {
    // fall through: unreadable is the same as undecryptable
  }
  return null;
}

export function keyHint(apiKey: string): string {
  return '••••' + apiKey.slice(-4);
}

/** Temp file in the same folder + fsync + rename: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, data: string | Uint8Array, fs: VaultFs = nodeFs): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, 'w', 0o600);
    if (typeof data === 'string') fs.writeSync(fd, data);
    else fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, path);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing; the original error is the one to report
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // the temp file may never have been created
    }
    throw err;
  }
}

export function createVault(opts: { dataDir: string; cipher: VaultCipher; fs?: VaultFs }): Vault {
  const { dataDir, cipher } = opts;
  const fs = opts.fs ?? nodeFs;
  const file = join(dataDir, VAULT_FILE);
  const state = cipher.state();
  const persistent = PERSISTENT_STATES.has(state);

  /** Decrypted connections of this session; in a non-persistent state, the only copy. */
  const memory = new Map<string, Connection>();
  /** Ciphertexts as on disk (base64), loaded once: this process is the only writer (single-instance lock). */
  const stored = new Map<string, string>();
  const needsSecretAgain = new Set<string>();

  /** Entries this version cannot use (odd ids or values): written back untouched, never dropped. */
  const foreign: Record<string, unknown> = {};
  let damaged: { keptAs: string } | undefined;
  let newerVersion = false;

  if (persistent && fs.existsSync(file)) {
    let parsed: Partial<VaultFile> | null = null;
    try {
      const value = JSON.parse(String(fs.readFileSync(file, 'utf8'))) as unknown;
      if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Partial<VaultFile>;
    } catch {
      parsed = null;
    }
    const entries = parsed?.entries;
    if (parsed && typeof parsed.version === 'number' && parsed.version > 1) {
      // A newer SVA Desk wrote it: its format is not ours to rewrite.
      newerVersion = true;
    } else if (parsed && parsed.version === 1 && entries && typeof entries === 'object' && !Array.isArray(entries)) {
      for (const [id, value] of Object.entries(entries)) {
        if (validId(id) && typeof value === 'string') stored.set(id, value);
        else foreign[id] = value;
      }
    } else {
      // Truncated, empty, garbage: kept aside as it is (someone may recover it), and the
      // integrations without a readable secret are asked for it again.
      const keptAs = `${VAULT_FILE}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        fs.renameSync(file, join(dataDir, keptAs));
        damaged = { keptAs };
      } catch {
        // Cannot move it: treat it as read-only, like a newer version's, rather than overwrite it.
        newerVersion = true;
      }
    }
  }
  const writable = persistent && !newerVersion;

  function persist(next: Map<string, string>): void {
    const body = { version: 1, entries: { ...foreign, ...Object.fromEntries(next) } };
    fs.mkdirSync(dataDir, { recursive: true });
    try {
      writeFileAtomic(file, JSON.stringify(body, null, 2) + '\n', fs);
    } catch (err) {
      throw new AppError('VAULT_WRITE_FAILED', 'Não foi possível gravar as credenciais no disco. Verifique o espaço livre e as permissões da pasta de dados e tente de novo.', {
        retryable: true,
        cause: err,
      });
    }
  }

  function load(id: string): Connection | null {
    if (!validId(id)) return null;
    const cached = memory.get(id);
    if (cached) return cached;
    const ciphertext = stored.get(id);
    if (ciphertext === undefined) return null;
    let connection: Connection | null = null;
    try {
      connection = parseConnection(cipher.decrypt(Buffer.from(ciphertext, 'base64')));
    } catch {
      connection = null;
    }
    if (!connection) {
      // Keychain reset, a replaced key, a profile copied from another machine: this desk cannot read
      // it. The entry stays in the file (the old keychain may come back); saving the integration again
      // replaces it.
      needsSecretAgain.add(id);
      return null;
    }
    memory.set(id, connection);
    return connection;
  }

  function describe(id: string): ConnectionDescription {
    const c = load(id);
    if (c) return { configured: true, keyHint: keyHint(c.apiKey), baseUrl: c.baseUrl };
    // After a damaged file, every integration without a readable secret lost it there.
    return needsSecretAgain.has(id) || damaged ? { configured: false, needsSecretAgain: true } : { configured: false };
  }

  return {
    status() {
      const notes = [
        damaged && `O arquivo de credenciais estava danificado e foi guardado à parte como ${damaged.keptAs}. Digite de novo as credenciais das integrações marcadas em Integrações.`,
        newerVersion && 'O arquivo de credenciais foi gravado por uma versão mais nova do SVA Desk: ele não será alterado, e as credenciais digitadas agora valem só até fechar o programa. Atualize o SVA Desk neste computador.',
        STATUS_MESSAGES[state],
      ].filter((n): n is string => typeof n === 'string');
      return {
        state,
        persistent: writable,
        ...(notes.length > 0 && { message: notes.join(' ') }),
        ...(damaged && { damaged }),
        ...(newerVersion && { newerVersion }),
      };
    },
    save(id, connection) {
      if (!validId(id)) throw new AppError('INVALID_INPUT', 'Integração inválida. Recarregue a tela e tente de novo.');
      const c = validateConnection(connection);
      if (writable) {
        const next = new Map(stored);
        next.set(id, cipher.encrypt(JSON.stringify(c)).toString('base64'));
        persist(next);
        stored.set(id, next.get(id)!);
      }
      memory.set(id, c);
      needsSecretAgain.delete(id);
      return describe(id);
    },
    get: load,
    describe,
    ids: () => [...new Set([...stored.keys(), ...memory.keys(), ...needsSecretAgain])],
    delete(id) {
      if (!validId(id)) return;
      if (stored.has(id) && writable) {
        const next = new Map(stored);
        next.delete(id);
        persist(next);
        stored.delete(id);
      }
      memory.delete(id);
      needsSecretAgain.delete(id);
    },
  };
}

/** The slice of Electron's safeStorage the vault needs; taken as a parameter so this file never imports electron. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
};

/** Call after app 'ready': before it, safeStorage reports no backend on Linux. */
export function electronCipher(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): VaultCipher {
  return {
    state() {
      if (!safeStorage.isEncryptionAvailable()) return 'unavailable';
      // Electron docs: with 'basic_text' the "encryption" uses a hard-coded key, i.e. plaintext in effect.
      if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'basic_text';
      return 'available';
    },
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (buf) => safeStorage.decryptString(buf),
  };
}

const DEV_FORMAT = 1;

/**
 * DEVELOPMENT ONLY, not for production: AES-256-GCM under a random key kept in a 0600 file beside
 * the vault. It exists so the browser host and the tests never write a secret in clear, not to
 * protect against anyone who can read the data folder (the key is right there).
 */
export function createDevelopmentCipher(dataDir: string): VaultCipher {
  const keyFile = join(dataDir, DEVELOPMENT_KEY_FILE);
  nodeFs.mkdirSync(dataDir, { recursive: true });
  let key: Buffer | null = null;
  try {
    const existing = nodeFs.readFileSync(keyFile);
    if (existing.length === 32) key = existing;
  } catch {
    // no key yet
  }
  if (!key) {
    key = randomBytes(32);
    // A replaced key makes old entries undecryptable, which the vault reports as needsSecretAgain.
    writeFileAtomic(keyFile, key);
    // openSync's mode is filtered by the umask; make 0600 explicit.
    nodeFs.chmodSync(keyFile, 0o600);
  }
  const k = key;
  return {
    state: () => 'development',
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from([DEV_FORMAT]), iv, c.getAuthTag(), body]);
    },
    decrypt(buf) {
      if (buf.length < 1 + 12 + 16 || buf[0] !== DEV_FORMAT) throw new Error('development vault: unknown format');
      const d = createDecipheriv('aes-256-gcm', k, buf.subarray(1, 13));
      d.setAuthTag(buf.subarray(13, 29));
      return Buffer.concat([d.update(buf.subarray(29)), d.final()]).toString('utf8');
    },
  };
}
