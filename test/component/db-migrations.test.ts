import { describe, expect, it } from 'vitest';
import { SvaDatabase } from '../../renderer/db/db';
import { schemaVersions } from '../../renderer/db/schema';

/** Opens the database as it was at `version`, the way an older install left it. */
function openAt(name: string, version: number) {
  return new SvaDatabase(name, schemaVersions.filter((v) => v.version <= version));
}

describe('schema history', () => {
  it('is append-only with strictly increasing versions', () => {
    const versions = schemaVersions.map((v) => v.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('keeps every row of each older version when opened by the newest', async () => {
    for (const from of schemaVersions.slice(0, -1).map((v) => v.version).concat(schemaVersions[0].version)) {
      const name = `migration-${from}-${Math.random()}`;
      const old = openAt(name, from);
      await old.open();
      await old.table('plans').add({ name: 'Fibra 300', priceCents: 9990, defaultPackages: [], lockPackages: false, active: true, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' });
      old.close();

      const current = new SvaDatabase(name);
      await current.open();
      expect(current.verno).toBe(schemaVersions.at(-1)!.version);
      const plans = await current.plans.toArray();
      expect(plans.map((p) => p.name)).toEqual(['Fibra 300']);
      current.close();
    }
  });

  it('v2 gives the customers already stored their name suffixes, so "silva pr" finds them, and keeps every service', async () => {
    const name = `v2-${Math.random()}`;
    const v1 = openAt(name, 1);
    await v1.open();
    const at = '2026-01-01T00:00:00.000Z';
    const id = await v1.table('customers').add({ name: 'Maria da Silva Prado', documentType: 'cpf', document: '39053344705', emails: [], phones: [], createdAt: at, updatedAt: at, nameKey: 'maria da silva prado', phoneKeys: [] });
    await v1.table('services').add({ id: '5001', customerId: id, planId: 1, status: 'suspenso_debito', createdAt: at, updatedAt: at });
    v1.close();

    const v2 = openAt(name, 2);
    await v2.open();
    const [row] = await v2.customers.toArray();
    expect(row.nameSuffixes).toEqual(['maria silva prado', 'silva prado', 'prado']);
    expect((await v2.customers.where('nameSuffixes').startsWith('silva pr').toArray()).map((c) => c.document)).toEqual(['39053344705']);
    // the services keep their rows and the index the screens use; the unused ones are gone
    expect(await v2.services.where('customerId').equals(id as number).toArray()).toMatchObject([{ id: '5001', planId: 1, status: 'suspenso_debito' }]);
    expect(v2.services.schema.indexes.map((i) => i.name)).toEqual(['customerId']);
    v2.close();
  });

  it('refuses a second package with the same label on one integration (S10 label is unique)', async () => {
    const d = new SvaDatabase(`labels-${Math.random()}`);
    const pkg = () => ({ name: 'A', description: '', kind: 'avulso' as const, priceCents: 0, composition: [], integrationId: 'i1', productCode: '1', label: 'campsoft-a-1', active: true, createdAt: '', updatedAt: '' });
    await d.packages.add(pkg());
    await expect(d.packages.add({ ...pkg(), name: 'B' })).rejects.toThrow();
    await d.packages.add({ ...pkg(), integrationId: 'i2' });
    expect(await d.packages.count()).toBe(2);
  });
});
