import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../electron/host/store/migrations';

const DIR = join(import.meta.dirname, '../../electron/host/store/migrations');

/**
 * Shipped migrations, pinned by the hash of their text. A desk that already ran one never runs it
 * again, so editing it would leave desks with different schemas: add the next number instead.
 * A new migration adds its line here (and a test from the version before it with data in it).
 */
const SHIPPED: Record<string, string> = {
  '0001-initial': 'e767a986ede41aa8351f1bc4afb329b1ce26a9bd46c48e9e0d10ebc2859a5889',
  '0002-billing': '272d2b6aa8dab9f8908d25f1f4326897821c5ec2054f5ce47e9a76a835aa695d',
  '0003-desks': 'bf7d570d21cb3b7c3aee65e419622952a973762f7d1ddea5e0634e7afbf40045',
};

describe('schema history (append-only)', () => {
  it('never edits a shipped migration', () => {
    for (const [name, hash] of Object.entries(SHIPPED)) {
      const text = readFileSync(join(DIR, `${name}.ts`), 'utf8');
      expect(createHash('sha256').update(text).digest('hex'), `${name}.ts changed after it shipped`).toBe(hash);
    }
  });

  it('lists every migration file, in order, and only those', () => {
    const files = readdirSync(DIR)
      .filter((f) => /^\d{4}-.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations)).toEqual(files);
    expect(Object.keys(SHIPPED).every((name) => files.includes(name))).toBe(true);
  });
});
