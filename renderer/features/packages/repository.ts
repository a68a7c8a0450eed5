/**
 * Writes of packages: each row lands with its history event in one transaction.
 */
import Dexie from 'dexie';
import {
  approvalAfterSave,
  formatBRL,
  generateLabel,
  packageInUseMessage,
  type CompositionApproval,
  type Package,
  type PackageFormValues,
  type PackageUsage,
} from '../../../shared/domain';
import { db } from '../../db/db';
import { recordEvent } from '../../db/history';
import { packageName } from './queries';

export type SavePackageResult = { ok: true; pkg: Package } | { ok: false; errors: Record<string, string> };

class LabelTaken extends Error {
  constructor(readonly by: Package | undefined, readonly label: string) {
    super('label taken');
  }
}

function labelTakenMessage(e: LabelTaken): string {
  return e.by
    ? `Label já usado pelo pacote ${packageName(e.by)}: informe outro label ou deixe em branco para gerar o padrão.`
    : `Label "${e.label}" já usado por outro pacote desta integração: informe outro label.`;
}

async function assertLabelFree(integrationId: string, label: string, ownId: number) {
  const other = await db.packages.where('[integrationId+label]').equals([integrationId, label]).first();
  if (other && other.id !== ownId) throw new LabelTaken(other, label);
}

/**
 * Creates (id undefined) or updates a package. S10: a blank label is generated from the name and the
 * package number, which is the auto-increment id, so it is set right after the row is added.
 * S6: an approval carried over from the saved package survives only if price and composition are unchanged.
 */
export async function savePackage(
  id: number | undefined,
  values: PackageFormValues,
  approval: CompositionApproval | undefined,
): Promise<SavePackageResult> {
  const now = new Date().toISOString();
  try {
    const pkg = await db.transaction('rw', [db.packages, db.events], async () => {
      const before = id === undefined ? undefined : await db.packages.get(id);
      if (id !== undefined && !before) throw new Error(`Pacote ${id} não existe mais.`);
      const { label: typedLabel, ...fields } = values;
      const kept = approvalAfterSave(before, fields, approval);
      const row: Omit<Package, 'id'> & { id?: number } = {
        ...fields,
        compositionApproval: kept,
        label: typedLabel ?? before?.label ?? `pendente-${crypto.randomUUID()}`,
        active: before?.active ?? values.active,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        ...(before ? { id: before.id } : {}),
      };
      if (!kept) delete row.compositionApproval;

      let saved: Package;
      if (before) {
        if (typedLabel === undefined) row.label = generateLabel(row.name, before.id);
        await assertLabelFree(row.integrationId, row.label, before.id);
        saved = row as Package;
        await db.packages.put(saved);
      } else {
        if (typedLabel !== undefined) await assertLabelFree(row.integrationId, row.label, -1);
        const newId = (await db.packages.add(row as Package)) as number;
        saved = { ...(row as Package), id: newId };
        if (typedLabel === undefined) {
          saved.label = generateLabel(saved.name, newId);
          await assertLabelFree(saved.integrationId, saved.label, newId);
          await db.packages.update(newId, { label: saved.label });
        }
      }

      const approvalCleared = before?.compositionApproval !== undefined && saved.compositionApproval === undefined;
      await recordEvent({
        actor: 'user',
        integrationId: saved.integrationId,
        kind: 'package.save',
        subject: packageName(saved),
        outcome: 'ok',
        message:
          `Pacote ${packageName(saved)} ${before ? 'alterado' : 'criado'}: ${formatBRL(saved.priceCents)}, produto ${saved.productCode}, label ${saved.label}.` +
          (approvalCleared ? ' Preço ou composição mudou: aguardando nova validação da contabilidade.' : ''),
      });
      return saved;
    });
    return { ok: true, pkg };
  } catch (e) {
    if (e instanceof LabelTaken) return { ok: false, errors: { label: labelTakenMessage(e) } };
    // The unique index [integrationId+label] caught a label written meanwhile by someone else.
    if (e instanceof Dexie.ConstraintError || (e as Error)?.name === 'ConstraintError') {
      return { ok: false, errors: { label: 'Label já usado por outro pacote desta integração: informe outro label.' } };
    }
    return { ok: false, errors: { form: `Não foi possível salvar o pacote: ${(e as Error).message}` } };
  }
}

export async function setPackageActive(id: number, active: boolean): Promise<void> {
  await db.transaction('rw', [db.packages, db.events], async () => {
    const pkg = await db.packages.get(id);
    if (!pkg) return;
    await db.packages.update(id, { active, updatedAt: new Date().toISOString() });
    await recordEvent({
      actor: 'user',
      integrationId: pkg.integrationId,
      kind: active ? 'package.activate' : 'package.deactivate',
      subject: packageName(pkg),
      outcome: 'info',
      message: active
        ? `Pacote ${packageName(pkg)} reativado: pode ser vinculado de novo.`
        : `Pacote ${packageName(pkg)} desativado: não pode mais ser vinculado a serviços nem a planos; os vínculos atuais continuam.`,
    });
  });
}

export type { PackageUsage };

/** Who uses a package: customers' services (links, also removed ones still to cancel) and plans (S8). */
export async function packageUsage(id: number): Promise<PackageUsage> {
  const links = await db.links.where('packageId').equals(id).toArray();
  const plans = await db.plans.filter((p) => p.defaultPackages.some((d) => d.packageId === id)).toArray();
  return { serviceIds: [...new Set(links.map((l) => l.serviceId))], planNames: plans.map((p) => p.name) };
}

export const usageMessage = packageInUseMessage;

/** Refused while any service or plan uses the package: the message says which. */
export async function deletePackage(id: number): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.transaction('rw', [db.packages, db.links, db.plans, db.events], async () => {
    const pkg = await db.packages.get(id);
    if (!pkg) return { ok: true as const };
    const refusal = usageMessage(pkg, await packageUsage(id));
    if (refusal) return { ok: false as const, message: refusal };
    await db.packages.delete(id);
    await recordEvent({
      actor: 'user',
      integrationId: pkg.integrationId,
      kind: 'package.delete',
      subject: packageName(pkg),
      outcome: 'info',
      message: `Pacote ${packageName(pkg)} excluído (não era usado por nenhum serviço nem plano).`,
    });
    return { ok: true as const };
  });
}
