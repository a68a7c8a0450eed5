/**
 * Configuração › Geral › Pacotes: values, composition (S6), the integration and the one product it
 * delivers (S3), the label (S10). Reads and writes of the packages table live here only.
 */
import { randomUUID } from 'node:crypto';
import type { PackageRecord } from '../../../shared/contract/catalogue';
import { AppError } from '../../../shared/contract/result';
import {
  approvalAfterSave,
  approvalDateProblem,
  compositionNeedsReapproval,
  fieldErrors,
  formatBRL,
  generateLabel,
  PackageForm,
  packageInUseMessage,
  packageName,
  productInactive,
  type CompositionApproval,
  type Package,
  type PackageFormValues,
} from '../../../shared/domain';
import { packageSubject } from '../../../shared/domain/subjects';
import type { HandlerTable } from '../dispatch';
import { packageOf, packageRow } from '../store/rows';
import type { Db, Tx } from '../store/store';
import { checkVersion, stamp, type Mutate, type Mutation } from './mutation';

export type PackageService = ReturnType<typeof createPackageService>;

const NOT_FOUND = 'Este pacote não existe mais: pode ter sido excluído em outra mesa. Volte à lista.';

export async function readPackages(db: Db | Tx, ids?: readonly number[]): Promise<PackageRecord[]> {
  let q = db
    .selectFrom('packages')
    .leftJoin('products', (j) => j.onRef('products.integrationId', '=', 'packages.integrationId').onRef('products.code', '=', 'packages.productCode'))
    .selectAll('packages')
    .select(['products.name as productName', 'products.status as productStatus'])
    .orderBy('packages.id');
  if (ids) q = q.where('packages.id', 'in', ids.length ? [...ids] : [-1]);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const links = await db
    .selectFrom('links')
    .select(['packageId', (eb) => eb.fn.countAll<number>().as('n')])
    .where('removedAt', 'is', null)
    .where('packageId', 'in', rows.map((r) => r.id))
    .groupBy('packageId')
    .execute();
  const linkCount = new Map(links.map((l) => [l.packageId, Number(l.n)]));
  return rows.map(({ productName, productStatus, ...r }) => ({
    ...packageOf(r),
    version: r.version,
    updatedBy: r.updatedBy,
    productName: productName ?? null,
    productInactive: productInactive(productStatus === null ? undefined : { status: productStatus as 'active' | 'inactive' }),
    linkCount: linkCount.get(r.id) ?? 0,
  }));
}

/** Who uses a package: customers' services (links, also removed ones still to cancel) and plans (S8). */
async function packageUsage(tx: Db | Tx, id: number) {
  const links = await tx.selectFrom('links').select('serviceId').distinct().where('packageId', '=', id).orderBy('serviceId').execute();
  const plans = await tx
    .selectFrom('planPackages')
    .innerJoin('plans', 'plans.id', 'planPackages.planId')
    .select('plans.name')
    .where('planPackages.packageId', '=', id)
    .orderBy('plans.name')
    .execute();
  return { serviceIds: links.map((l) => l.serviceId), planNames: plans.map((p) => p.name) };
}

function labelTaken(by: Pick<Package, 'id' | 'name'> | undefined): AppError {
  const message = by
    ? `Label já usado pelo pacote ${packageName(by)}: informe outro label ou deixe em branco para gerar o padrão.`
    : 'Label já usado por outro pacote desta integração: informe outro label.';
  return new AppError('VALIDATION', message, { fields: { label: message } });
}

/** S10: a label is unique per integration (the unique index backs this up against two desks). */
async function assertLabelFree(tx: Tx, integrationId: string, label: string, ownId: number) {
  const other = await tx.selectFrom('packages').select(['id', 'name']).where('integrationId', '=', integrationId).where('label', '=', label).where('id', '!=', ownId).executeTakeFirst();
  if (other) throw labelTaken(other);
}

const isLabelConstraint = (err: unknown) => err instanceof Error && /packages_label|packages\.integration_id, packages\.label/.test(err.message);

/**
 * S3: the package's integration and its one product must exist in the record; an inactive
 * integration or product is refused unless the package already had it (the office sees it went
 * inactive and may still save other fields).
 */
async function checkDelivery(tx: Tx, values: PackageFormValues, before: Package | undefined) {
  const integration = await tx.selectFrom('integrations').select(['id', 'description', 'active']).where('id', '=', values.integrationId).executeTakeFirst();
  if (!integration) throw new AppError('VALIDATION', 'A integração escolhida não existe mais.', { fields: { integrationId: 'A integração escolhida não existe mais: escolha outra.' } });
  const keeps = before?.integrationId === values.integrationId;
  if (integration.active !== 1 && !keeps) {
    const message = `A integração "${integration.description}" está desativada: reative-a ou escolha outra.`;
    throw new AppError('VALIDATION', message, { fields: { integrationId: message } });
  }
  const product = await tx.selectFrom('products').select(['name', 'status']).where('integrationId', '=', values.integrationId).where('code', '=', values.productCode).executeTakeFirst();
  const sameProduct = keeps && before?.productCode === values.productCode;
  if (!product && !sameProduct) {
    const message = `O produto de código ${values.productCode} não está no catálogo desta integração: sincronize os produtos ou escolha outro.`;
    throw new AppError('VALIDATION', message, { fields: { productCode: message } });
  }
  if (product && product.status !== 'active' && !sameProduct) {
    const message = `O produto "${product.name}" não está mais ativo na plataforma: escolha outro produto.`;
    throw new AppError('VALIDATION', message, { fields: { productCode: message } });
  }
}

/** S6: who validated the composition and when; Portuguese field messages, empty when sound. */
function approvalProblems(approval: CompositionApproval, nowIso: string): Record<string, string> {
  const fields: Record<string, string> = {};
  if (approval.by.trim() === '') fields.approvedBy = 'Informe quem validou a composição (nome do contador ou do escritório).';
  const when = approvalDateProblem(approval.at, Date.parse(nowIso));
  if (when) fields.approvedAt = when;
  return fields;
}

const brDate = (iso: string) => new Date(iso).toLocaleDateString('pt-BR', { timeZone: 'America/Sao_Paulo' });

export function createPackageService(deps: { db: Db; mutate: Mutate }) {
  const { db, mutate } = deps;
  const read = async (tx: Db | Tx, id: number) => (await readPackages(tx, [id]))[0];

  async function requirePackage(m: Mutation, id: number, version?: number) {
    const before = await read(m.tx, id);
    if (!before) throw new AppError('NOT_FOUND', NOT_FOUND);
    await checkVersion(m.tx, 'packages', id, version);
    return before;
  }

  return {
    list: () => readPackages(db),
    get: async (id: number) => (await read(db, id)) ?? null,

    /** Who uses the package, so the list can say it before asking to confirm a deletion. */
    usage: async (id: number) => {
      const pkg = await read(db, id);
      if (!pkg) throw new AppError('NOT_FOUND', NOT_FOUND);
      const usage = await packageUsage(db, id);
      return { ...usage, refusal: packageInUseMessage(pkg, usage) };
    },

    /**
     * Creates (id undefined) or updates a package; `version` is the one the form was opened on.
     * `approval`: absent keeps the saved one, null takes it away, a value is the accountant's.
     */
    save: (input: { id?: number; version?: number; values: unknown; approval?: CompositionApproval | null }) =>
      mutate(async (m) => {
        const parsed = PackageForm.safeParse(input.values);
        const fields = parsed.success ? {} : fieldErrors(parsed.error);
        const before = input.id === undefined ? undefined : await requirePackage(m, input.id, input.version);
        let given = input.approval === undefined ? before?.compositionApproval : (input.approval ?? undefined);
        const carried = given !== undefined && given.by === before?.compositionApproval?.by && given.at === before?.compositionApproval?.at;
        if (given && !carried) {
          Object.assign(fields, approvalProblems(given, m.at));
          given = { by: given.by.trim(), at: given.at };
        }
        if (!parsed.success || Object.keys(fields).length > 0) throw new AppError('VALIDATION', 'Confira os campos destacados do pacote.', { fields });
        const values = parsed.data;
        await checkDelivery(m.tx, values, before);

        const approval = approvalAfterSave(before, values, given);
        const fieldsOf = (id: number | undefined, label: string): Omit<Package, 'id'> & { id?: number } => ({
          ...(id !== undefined && { id }),
          name: values.name,
          description: values.description,
          kind: values.kind,
          priceCents: values.priceCents,
          composition: values.composition,
          ...(approval && { compositionApproval: approval }),
          integrationId: values.integrationId,
          productCode: values.productCode,
          label,
          active: before?.active ?? values.active,
          createdAt: before?.createdAt ?? m.at,
          updatedAt: m.at,
        });

        let id: number;
        let label: string;
        try {
          if (before) {
            id = before.id;
            // S10: blank means "back to the standard label", from the name and the package number
            label = values.label ?? generateLabel(values.name, id);
            await assertLabelFree(m.tx, values.integrationId, label, id);
            await m.tx.updateTable('packages').set({ ...packageRow(fieldsOf(id, label)), ...stamp(m) }).where('id', '=', id).execute();
          } else {
            if (values.label !== undefined) await assertLabelFree(m.tx, values.integrationId, values.label, -1);
            // The standard label needs the package number, which the insert gives.
            const row = await m.tx
              .insertInto('packages')
              .values({ ...packageRow(fieldsOf(undefined, values.label ?? `pendente-${randomUUID()}`)), updatedBy: m.clerk })
              .returning('id')
              .executeTakeFirstOrThrow();
            id = row.id;
            label = values.label ?? generateLabel(values.name, id);
            if (values.label === undefined) {
              await assertLabelFree(m.tx, values.integrationId, label, id);
              await m.tx.updateTable('packages').set({ label }).where('id', '=', id).execute();
            }
          }
        } catch (err) {
          if (isLabelConstraint(err)) throw labelTaken(undefined);
          throw err;
        }

        const saved = (await read(m.tx, id))!;
        const cleared = before?.compositionApproval !== undefined && approval === undefined;
        const why = cleared ? (compositionNeedsReapproval(before!, values) ? ' Preço ou composição mudou: aguardando nova validação da contabilidade.' : ' Validação da contabilidade retirada.') : '';
        m.record({
          kind: 'package.save',
          integrationId: saved.integrationId,
          subject: packageSubject(id),
          outcome: 'ok',
          message: `Pacote ${packageName(saved)} ${before ? 'alterado' : 'criado'}: ${formatBRL(saved.priceCents)}, produto ${saved.productCode}, label ${saved.label}.${why}`,
        });
        m.changed('packages');
        // What its links deliver and under which key: the integration, the product (S3), the label (S10).
        if (before && (before.integrationId !== saved.integrationId || before.productCode !== saved.productCode || before.label !== saved.label)) {
          m.desiredStateChanged({ integrationIds: [...new Set([before.integrationId, saved.integrationId])] });
        }
        return saved;
      }),

    setActive: (input: { id: number; version?: number; active: boolean }) =>
      mutate(async (m) => {
        const before = await requirePackage(m, input.id, input.version);
        if (before.active === input.active) return before;
        await m.tx.updateTable('packages').set({ active: input.active ? 1 : 0, updatedAt: m.at, ...stamp(m) }).where('id', '=', input.id).execute();
        m.record({
          kind: input.active ? 'package.activate' : 'package.deactivate',
          integrationId: before.integrationId,
          subject: packageSubject(input.id),
          outcome: 'info',
          message: input.active
            ? `Pacote ${packageName(before)} reativado: pode ser vinculado de novo.`
            : `Pacote ${packageName(before)} desativado: não pode mais ser vinculado a serviços nem a planos; os vínculos atuais continuam.`,
        });
        m.changed('packages');
        m.desiredStateChanged({ integrationIds: [before.integrationId] });
        return (await read(m.tx, input.id))!;
      }),

    /** Refused while any customer's service (link) or plan uses the package: the message says which. */
    delete: (input: { id: number; version?: number }) =>
      mutate(async (m) => {
        const before = await requirePackage(m, input.id, input.version);
        const refusal = packageInUseMessage(before, await packageUsage(m.tx, input.id));
        if (refusal) throw new AppError('IN_USE', refusal);
        await m.tx.deleteFrom('packages').where('id', '=', input.id).execute();
        m.record({
          kind: 'package.delete',
          integrationId: before.integrationId,
          subject: packageSubject(input.id),
          outcome: 'info',
          message: `Pacote ${packageName(before)} excluído (não era usado por nenhum serviço nem plano).`,
        });
        m.changed('packages');
        return { deleted: true as const };
      }),

    /** S6: the accountant validated the composition as it is saved now. */
    approveComposition: (input: { id: number; version?: number; by: string; at?: string }) =>
      mutate(async (m) => {
        const before = await requirePackage(m, input.id, input.version);
        const approval = { by: input.by.trim(), at: input.at ?? m.at };
        const fields = approvalProblems(approval, m.at);
        if (Object.keys(fields).length > 0) throw new AppError('VALIDATION', 'Confira quem validou a composição e quando.', { fields });
        approval.at = new Date(approval.at).toISOString();
        await m.tx.updateTable('packages').set({ approvalBy: approval.by, approvalAt: approval.at, updatedAt: m.at, ...stamp(m) }).where('id', '=', input.id).execute();
        m.record({
          kind: 'package.approve',
          integrationId: before.integrationId,
          subject: packageSubject(input.id),
          outcome: 'ok',
          message: `Composição do pacote ${packageName(before)} validada pela contabilidade: ${approval.by}, em ${brDate(approval.at)}.`,
        });
        m.changed('packages');
        return (await read(m.tx, input.id))!;
      }),
  };
}

export function packageHandlers(
  service: PackageService,
): Pick<HandlerTable, 'packages.list' | 'packages.get' | 'packages.usage' | 'packages.save' | 'packages.setActive' | 'packages.delete' | 'packages.approveComposition'> {
  return {
    'packages.list': () => service.list(),
    'packages.get': ({ id }) => service.get(id),
    'packages.usage': ({ id }) => service.usage(id),
    'packages.save': (input) => service.save(input),
    'packages.setActive': (input) => service.setActive(input),
    'packages.delete': (input) => service.delete(input),
    'packages.approveComposition': (input) => service.approveComposition(input),
  };
}
