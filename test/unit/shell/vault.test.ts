import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorage } from '../../mocks/electron';
import { createDevelopmentCipher, createVault, DEVELOPMENT_KEY_FILE, electronCipher, VAULT_FILE, type VaultCipher } from '../../../electron/host/vault';
import type { SecureStorageState } from '../../../shared/contract';

const conn = { baseUrl: 'https://api.campsoft.example/v1', apiKey: 'KEY-ABCDEF-1234', apiSecret: 'S3cr3t-never-in-clear' };

function fakeCipher(state: SecureStorageState): VaultCipher & { broken: boolean } {
  const c = {
    broken: false,
    state: () => state,
    encrypt: (plain: string) => Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a) as Buffer,
    decrypt: (buf: Buffer) => {
      if (c.broken) throw new Error('keychain reset');
      return Buffer.from(buf.map((b) => b ^ 0x5a)).toString('utf8');
    },
  };
  return c;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-'));
});
afterEach(() => {
  safeStorage.available = true;
  safeStorage.backend = 'gnome_libsecret';
});

describe('vault policy', () => {
  it('refuses to persist with the basic_text backend, keeps the connection for the session and says why in Portuguese', () => {
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('basic_text') });
    vault.save('int-1', conn);

    expect(readdirSync(dir)).toEqual([]);
    expect(vault.get('int-1')).toEqual(conn);
    const status = vault.status();
    expect(status.persistent).toBe(false);
    expect(status.message).toContain('GNOME Keyring ou KWallet');
    expect(createVault({ dataDir: dir, cipher: fakeCipher('basic_text') }).describe('int-1')).toEqual({ configured: false });
  });

  it('keeps nothing on disk when secure storage is unavailable', () => {
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('unavailable') });
    vault.save('int-1', conn);
    expect(readdirSync(dir)).toEqual([]);
    expect(vault.status()).toMatchObject({ state: 'unavailable', persistent: false });
  });

  it('persists with available secure storage and reads it back in a new session', () => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    const file = JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8'));
    expect(file.version).toBe(1);
    expect(Object.keys(file.entries)).toEqual(['int-1']);

    const again = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    expect(again.get('int-1')).toEqual(conn);
    expect(again.status()).toEqual({ state: 'available', persistent: true });
  });

  it('never writes the secret, the key or the URL in clear', () => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    const text = readFileSync(join(dir, VAULT_FILE), 'utf8');
    expect(text).not.toContain(conn.apiSecret);
    expect(text).not.toContain(conn.apiKey);
    expect(text).not.toContain('campsoft.example');
  });

  it('describes a connection with a key hint and the URL, never the secret or the whole key', () => {
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    vault.save('int-1', conn);
    const d = vault.describe('int-1');
    expect(d).toEqual({ configured: true, keyHint: '••••1234', baseUrl: conn.baseUrl });
    expect(JSON.stringify(d)).not.toContain(conn.apiSecret);
    expect(JSON.stringify(d)).not.toContain('ABCDEF');
    expect(vault.describe('other')).toEqual({ configured: false });
  });

  it('refuses a save without the secret, so changing the URL means typing the secret again', () => {
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    vault.save('int-1', conn);
    expect(() => vault.save('int-1', { ...conn, baseUrl: 'https://evil.example', apiSecret: '' })).toThrow(/ApiSecret/);
    expect(() => vault.save('int-1', { ...conn, baseUrl: 'file:///etc/passwd' })).toThrow(/URL/);
    expect(vault.get('int-1')?.baseUrl).toBe(conn.baseUrl);
  });

  it('keeps an entry it cannot decrypt, asks for the secret again, and replaces it only when saved again', () => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-2', { ...conn, apiKey: 'OTHER-9999' });
    const before = JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8'));
    const reset = fakeCipher('available');
    reset.broken = true;
    const vault = createVault({ dataDir: dir, cipher: reset });

    expect(vault.describe('int-1')).toEqual({ configured: false, needsSecretAgain: true });
    expect(vault.get('int-1')).toBeNull();
    // nothing dropped: the old keychain may come back
    expect(JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8'))).toEqual(before);

    reset.broken = false;
    vault.save('int-1', conn);
    expect(vault.describe('int-1')).toMatchObject({ configured: true });
    const after = JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8'));
    expect(Object.keys(after.entries).sort()).toEqual(['int-1', 'int-2']);
    expect(after.entries['int-2']).toBe(before.entries['int-2']);
  });

  it('delete removes the connection from memory and from the file', () => {
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    vault.save('int-1', conn);
    vault.delete('int-1');
    expect(vault.describe('int-1')).toEqual({ configured: false });
    expect(JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8')).entries).toEqual({});
  });
});

describe('atomic write', () => {
  it('a failing rename leaves the previous file intact and no temp file behind', () => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    const before = readFileSync(join(dir, VAULT_FILE), 'utf8');

    const failingFs = {
      ...nodeFs,
      renameSync: () => {
        throw Object.assign(new Error('EXDEV'), { code: 'EXDEV' });
      },
    };
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available'), fs: failingFs });
    expect(() => vault.save('int-2', conn)).toThrow(/Não foi possível gravar as credenciais/);

    expect(readFileSync(join(dir, VAULT_FILE), 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual([VAULT_FILE]);
    expect(vault.describe('int-2')).toEqual({ configured: false });
  });

  it('writes the vault file readable by the owner only', () => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    expect(statSync(join(dir, VAULT_FILE)).mode & 0o077).toBe(0);
  });

  it.each([
    ['truncated', (full: string) => full.slice(0, full.length / 2)],
    ['empty', () => ''],
    ['garbage', () => '\u0000\u00ff not a vault'],
    ['an array', () => '[1,2,3]'],
    ['without entries', () => '{"version":1}'],
    ['null', () => 'null'],
    ['entries of the wrong type', () => '{"version":1,"entries":"x"}'],
  ])('a %s vault file is kept aside, every integration asks for its secret again, and saving starts a new file', (_name, damage) => {
    createVault({ dataDir: dir, cipher: fakeCipher('available') }).save('int-1', conn);
    const full = readFileSync(join(dir, VAULT_FILE), 'utf8');
    const damaged = damage(full);
    writeFileSync(join(dir, VAULT_FILE), damaged);

    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    const status = vault.status();
    expect(status.damaged?.keptAs).toMatch(/^vault\.json\.corrupt-\d{4}-\d\d-\d\dT/);
    expect(status.message).toContain(`guardado à parte como ${status.damaged!.keptAs}`);
    expect(status.message).toContain('Digite de novo as credenciais das integrações marcadas');
    // the damaged file, byte for byte, beside the new one
    expect(readFileSync(join(dir, status.damaged!.keptAs), 'utf8')).toBe(damaged);
    expect(existsSync(join(dir, VAULT_FILE))).toBe(false);
    expect(vault.describe('int-1')).toEqual({ configured: false, needsSecretAgain: true });

    vault.save('int-1', conn);
    expect(createVault({ dataDir: dir, cipher: fakeCipher('available') }).get('int-1')).toEqual(conn);
    expect(readFileSync(join(dir, status.damaged!.keptAs), 'utf8')).toBe(damaged);
  });

  it('never overwrites a vault file of a newer version: what is typed lasts the session, and it says so', () => {
    const newer = JSON.stringify({ version: 2, entries: { 'int-1': 'whatever the new format is' }, keys: {} });
    writeFileSync(join(dir, VAULT_FILE), newer);
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    expect(vault.status()).toMatchObject({ persistent: false, newerVersion: true, message: expect.stringMatching(/versão mais nova do SVA Desk: ele não será alterado/) });
    vault.save('int-1', conn);
    expect(vault.get('int-1')).toEqual(conn);
    vault.delete('int-1');
    expect(readFileSync(join(dir, VAULT_FILE), 'utf8')).toBe(newer);
  });

  it('keeps entries it does not understand when it writes the file again', () => {
    writeFileSync(join(dir, VAULT_FILE), JSON.stringify({ version: 1, entries: { '': 'odd id', 'int-9': 42 } }));
    const vault = createVault({ dataDir: dir, cipher: fakeCipher('available') });
    vault.save('int-1', conn);
    const file = JSON.parse(readFileSync(join(dir, VAULT_FILE), 'utf8'));
    expect(file.entries).toMatchObject({ '': 'odd id', 'int-9': 42 });
    expect(typeof file.entries['int-1']).toBe('string');
  });
});

describe('development cipher', () => {
  it('persists encrypted under a 0600 key file that says it is for development only', () => {
    const vault = createVault({ dataDir: dir, cipher: createDevelopmentCipher(dir) });
    vault.save('int-1', conn);

    expect(DEVELOPMENT_KEY_FILE).toMatch(/DEVELOPMENT-ONLY/);
    expect(statSync(join(dir, DEVELOPMENT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, VAULT_FILE), 'utf8')).not.toContain(conn.apiSecret);
    expect(vault.status()).toMatchObject({ state: 'development', persistent: true });
    expect(createVault({ dataDir: dir, cipher: createDevelopmentCipher(dir) }).get('int-1')).toEqual(conn);
  });

  it('a replaced development key makes old entries ask for the secret again', () => {
    createVault({ dataDir: dir, cipher: createDevelopmentCipher(dir) }).save('int-1', conn);
    writeFileSync(join(dir, DEVELOPMENT_KEY_FILE), 'short');
    const vault = createVault({ dataDir: dir, cipher: createDevelopmentCipher(dir) });
    expect(vault.describe('int-1')).toEqual({ configured: false, needsSecretAgain: true });
  });
});

describe('electronCipher', () => {
  it('reports basic_text on Linux when safeStorage falls back to a hard-coded key', () => {
    safeStorage.backend = 'basic_text';
    expect(electronCipher(safeStorage, 'linux').state()).toBe('basic_text');
    expect(electronCipher(safeStorage, 'win32').state()).toBe('available');
  });

  it('reports unavailable when the OS offers no encryption', () => {
    safeStorage.available = false;
    expect(electronCipher(safeStorage, 'darwin').state()).toBe('unavailable');
  });

  it('round-trips through safeStorage', () => {
    const cipher = electronCipher(safeStorage, 'linux');
    const vault = createVault({ dataDir: dir, cipher });
    vault.save('int-1', conn);
    expect(existsSync(join(dir, VAULT_FILE))).toBe(true);
    expect(createVault({ dataDir: dir, cipher }).get('int-1')).toEqual(conn);
  });
});
