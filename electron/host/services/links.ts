/**
 * A customer's services and the packages linked to them (S7–S12): adding a service with its plan's
 * default packages (S8, S11), status changes, plan migration (S8, S12), linking a package (S10
 * defaults, S12 lock), changing a link's parameters and removing it. The rules are shared/domain's;
 * every write goes through mutate with its history event and asks for a pass.
 */
import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { LinkOptions, LinkView, MigrationPreview, ServiceDefaults, ServiceRecord, ServiceView } from '../../../shared/contract/customers';
import { AppError } from '../../../shared/contract/result';
import {
  allowedPackages,
  duplicateKeyMessage,
  effectiveContractIdentifier,
  effectiveLabel,
  fieldErrors,
  isPackageAllowed,
  keyChangeRefusal,
  LinkParamsForm,
  lockedPlanReason,
  migrationPlan,
  packagesOnNewService,
  parseServiceStatus,
  ServiceForm,
  serviceStatusLabels,
  type Link,
  type Package,
  type Plan,
  type Service,
  type ServiceStatus,
} from '../../../shared/domain';
import { serviceSubject } from '../../../shared/domain/subjects';
import { linkOf, linkRow, packageOf, planOf, serviceOf, serviceRow } from '../store/rows';
import type { LinkTable } from '../store/schema';
import type { Db, Tx } from '../store/store';
import { readCustomerDetail } from './customers';
import { checkVersion, stamp, type Mutate, type Mutation } from './mutation';

export type LinkService = ReturnType<typeof createLinkService>;

// ---- reads inside a write ----

export async function requirePlan(tx: Tx | Db, planId: number): Promise<Plan> {
  const row = await tx.selectFrom('plans').selectAll().where('id', '=', planId).executeTakeFirst();
  if (!row) throw new AppError('PLAN_NOT_FOUND', 'Plano não encontrado: escolha um plano cadastrado em Serviços/Planos.', { fields: { planId: 'Escolha um plano cadastrado.' } });
  const defaults = await tx.selectFrom('planPackages').selectAll().where('planId', '=', planId).execute();
  return planOf(row, defaults);
}

export async function requireService(tx: Tx | Db, serviceId: string): Promise<Service & { version: number }> {
  const row = await tx.selectFrom('services').selectAll().where('id', '=', serviceId).executeTakeFirst();
  if (!row) throw new AppError('SERVICE_NOT_FOUND', `Serviço ${serviceId} não encontrado: ele pode ter sido excluído.`);
  return { ...serviceOf(row), version: row.version };
}

export async function requirePackage(tx: Tx | Db, packageId: number): Promise<Package> {
  const row = await tx.selectFrom('packages').selectAll().where('id', '=', packageId).executeTakeFirst();
  if (!row) throw new AppError('PACKAGE_NOT_FOUND', 'Pacote não encontrado: escolha um pacote cadastrado em Pacotes.', { fields: { packageId: 'Escolha um pacote cadastrado.' } });
  return packageOf(row);
}

async function packagesById(tx: Tx | Db, ids: readonly number[]): Promise<Map<number, Package>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.selectFrom('packages').selectAll().where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, packageOf(r)]));
}

async function linksOf(tx: Tx | Db, serviceId: string): Promise<Selectable<LinkTable>[]> {
  return tx.selectFrom('links').selectAll().where('serviceId', '=', serviceId).orderBy('createdAt').orderBy('id').execute();
}

/** S8/S11: the plan's default packages a new service starts with (active packages only). */
async function defaultsForNewService(tx: Tx | Db, plan: Plan): Promise<{ pkg: Package; mandatory: boolean }[]> {
  const defaults = packagesOnNewService(plan);
  const packages = await packagesById(tx, defaults.map((d) => d.packageId));
  return defaults.flatMap((d) => {
    const pkg = packages.get(d.packageId);
    return pkg && pkg.active ? [{ pkg, mandatory: d.mandatory }] : [];
  });
}

/**
 * S3 reading (DOMAIN.md): never two live links with the same effective (contract_identifier, label)
 * on one integration, the platform's key of a licence. Index-driven: links whose id_contrato is
 * overridden to `contractIdentifier`, and links of the service whose id it is (the S10 default).
 */
async function findKeyClash(tx: Tx | Db, integrationId: string, contractIdentifier: string, label: string, ignoreLinkId?: string): Promise<Link | undefined> {
  const rows = await tx
    .selectFrom('links')
    .innerJoin('services', 'services.id', 'links.serviceId')
    .innerJoin('packages', 'packages.id', 'links.packageId')
    .selectAll('links')
    .select(['packages.label as packageLabel'])
    .where('links.removedAt', 'is', null)
    .where('packages.integrationId', '=', integrationId)
    .where((eb) => eb.or([eb('links.contractIdentifier', '=', contractIdentifier), eb('links.serviceId', '=', contractIdentifier)]))
    .execute();
  for (const r of rows) {
    if (r.id === ignoreLinkId) continue;
    const link = linkOf(r);
    if (effectiveContractIdentifier(link, { id: r.serviceId }) === contractIdentifier && effectiveLabel(link, { label: r.packageLabel }) === label) return link;
  }
  return undefined;
}

async function refuseKeyClash(tx: Tx | Db, pkg: Package, contractIdentifier: string, label: string, ignoreLinkId?: string): Promise<void> {
  const clash = await findKeyClash(tx, pkg.integrationId, contractIdentifier, label, ignoreLinkId);
  if (!clash) return;
  const message = duplicateKeyMessage({ contractIdentifier, label }, clash.serviceId);
  throw new AppError('DUPLICATE_LINK_KEY', message, { fields: { contractIdentifier: message } });
}

/**
 * A link id that sorts in creation order (UUID version 7: the time, then a sequence within the same
 * millisecond, then random bits), so the links one write adds are listed in the order it added them.
 */
let lastMs = 0;
let sequence = 0;
export function linkId(nowMs: number): string {
  if (nowMs <= lastMs) {
    sequence++;
    if (sequence > 0xfff) [lastMs, sequence] = [lastMs + 1, 0];
  } else [lastMs, sequence] = [nowMs, 0];
  const b = randomBytes(16);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (sequence >> 8);
  b[7] = sequence & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function newLink(at: string, serviceId: string, packageId: number, params: Pick<Link, 'password' | 'contractIdentifier' | 'label'> = {}): Link {
  return {
    id: linkId(Date.parse(at)),
    serviceId,
    packageId,
    ...(params.password !== undefined && { password: params.password }),
    ...(params.contractIdentifier !== undefined && { contractIdentifier: params.contractIdentifier }),
    ...(params.label !== undefined && { label: params.label }),
    // nothing has been sent to the platform yet
    observed: { state: 'none' },
    createdAt: at,
    updatedAt: at,
  };
}

async function insertLink(m: Mutation, link: Link): Promise<void> {
  await m.tx.insertInto('links').values({ ...linkRow(link), updatedBy: m.clerk }).execute();
}

// ---- one link's writes: the single commands and the bulk actions (bulk.ts) run these same steps ----

export type LinkParams = ReturnType<typeof parseLinkParams>;

/**
 * S7/S10/S12: the checks of linking `pkg` to `service`, in the order a clerk meets them; throws the
 * AppError the single Vincular pacote shows. Returns the link to insert and its platform key.
 */
export async function checkLinkPackage(tx: Tx | Db, at: string, service: Service, plan: Plan, pkg: Package, values: LinkParams) {
  if (!pkg.active) {
    throw new AppError('PACKAGE_INACTIVE', `O pacote ${pkg.name} está inativo: ative-o em Pacotes antes de vincular.`, { fields: { packageId: 'Pacote inativo.' } });
  }
  // S12: Travar Pacotes
  if (!isPackageAllowed(plan, pkg.id)) {
    const reason = lockedPlanReason(plan.name);
    throw new AppError('PACKAGE_NOT_ALLOWED', reason, { fields: { packageId: reason } });
  }
  const link = newLink(at, service.id, pkg.id, values);
  const contractIdentifier = effectiveContractIdentifier(link, service);
  const label = effectiveLabel(link, pkg);
  await refuseKeyClash(tx, pkg, contractIdentifier, label);
  return { link, contractIdentifier, label };
}

/** S7: links a package to a service, with its event and the pass it asks for. */
export async function linkPackage(m: Mutation, service: Service, plan: Plan, pkg: Package, values: LinkParams, note = ''): Promise<Link> {
  const { link, contractIdentifier, label } = await checkLinkPackage(m.tx, m.at, service, plan, pkg, values);
  await insertLink(m, link);
  m.record({
    integrationId: pkg.integrationId,
    kind: 'link.add',
    subject: serviceSubject(service),
    outcome: 'ok',
    message: `Pacote ${pkg.name} vinculado ao serviço ${service.id} (id_contrato ${contractIdentifier}, label ${label})${note}.`,
  });
  m.changed('links');
  m.desiredStateChanged({ integrationIds: [pkg.integrationId] });
  return link;
}

/** S10: the refusal of changing a link's senha / id_contrato / label to `values`, or what changes. */
export async function checkLinkParams(tx: Tx | Db, link: Link, service: Service, pkg: Package, values: LinkParams) {
  const next: Link = { ...link, password: values.password, contractIdentifier: values.contractIdentifier, label: values.label };
  const after = { contractIdentifier: effectiveContractIdentifier(next, service), label: effectiveLabel(next, pkg) };
  const before = { contractIdentifier: effectiveContractIdentifier(link, service), label: effectiveLabel(link, pkg) };
  // The platform keys the licence by (id_contrato, label): remove and link again to change them.
  const refusal = keyChangeRefusal(link, before, after);
  if (refusal) throw new AppError('KEY_LOCKED', refusal.message, { fields: { [refusal.field]: 'Já transmitido: remova e vincule de novo para mudar.' } });
  await refuseKeyClash(tx, pkg, after.contractIdentifier, after.label, link.id);
  return [
    link.password !== next.password ? 'senha' : null,
    link.contractIdentifier !== next.contractIdentifier ? 'id_contrato' : null,
    link.label !== next.label ? 'label' : null,
  ].filter((c): c is string => c !== null);
}

/** S10: changes senha / id_contrato / label of a live link; blank means "use the default". */
export async function changeLinkParams(m: Mutation, link: Link, service: Service, pkg: Package, values: LinkParams, note = ''): Promise<string[]> {
  const changed = await checkLinkParams(m.tx, link, service, pkg, values);
  await m.tx
    .updateTable('links')
    .set({ password: values.password ?? null, contractIdentifier: values.contractIdentifier ?? null, label: values.label ?? null, updatedAt: m.at, ...stamp(m) })
    .where('id', '=', link.id)
    .execute();
  m.record({
    integrationId: pkg.integrationId,
    kind: 'link.params',
    subject: serviceSubject(service),
    outcome: 'ok',
    // the password itself never goes to the history
    message: `Pacote ${pkg.name} do serviço ${link.serviceId}: ${changed.length > 0 ? `alterado ${changed.join(', ')}` : 'parâmetros salvos sem alteração'}${note}.`,
  });
  m.changed('links');
  if (changed.length > 0) m.desiredStateChanged({ integrationIds: [pkg.integrationId] });
  return changed;
}

/**
 * Removes a package from a service. The row stays, marked removedAt, until the platform confirms
 * the licence is cancelled (the sync engine deletes it then).
 */
export async function unlinkPackage(m: Mutation, link: Pick<Link, 'id' | 'serviceId' | 'packageId'>, note = ''): Promise<void> {
  const pkg = await m.tx.selectFrom('packages').select(['name', 'integrationId']).where('id', '=', link.packageId).executeTakeFirst();
  const service = await m.tx.selectFrom('services').select(['id', 'customerId']).where('id', '=', link.serviceId).executeTakeFirst();
  await m.tx.updateTable('links').set({ removedAt: m.at, updatedAt: m.at, ...stamp(m) }).where('id', '=', link.id).execute();
  m.record({
    ...(pkg && { integrationId: pkg.integrationId }),
    kind: 'link.remove',
    subject: service ? serviceSubject(service) : `servico:${link.serviceId}`,
    outcome: 'ok',
    message: `Pacote ${pkg?.name ?? link.packageId} removido do serviço ${link.serviceId}${note}; a licença será cancelada na plataforma.`,
  });
  m.changed('links');
  m.desiredStateChanged(pkg ? { integrationIds: [pkg.integrationId] } : {});
}

export function parseLinkParams(params: unknown) {
  const parsed = LinkParamsForm.safeParse(params ?? {});
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    throw new AppError('VALIDATION', Object.values(fields)[0] ?? 'Parâmetros inválidos.', { fields });
  }
  return parsed.data;
}

async function serviceView(tx: Tx, service: Pick<Service, 'id' | 'customerId'>): Promise<ServiceView> {
  const detail = await readCustomerDetail(tx, service.customerId);
  return detail!.services.find((s) => s.id === service.id)!;
}

async function linkView(tx: Tx, service: Pick<Service, 'id' | 'customerId'>, linkId: string): Promise<LinkView> {
  return (await serviceView(tx, service)).links.find((l) => l.id === linkId)!;
}

async function serviceRecord(tx: Tx, id: string): Promise<ServiceRecord> {
  const row = await tx.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return { ...serviceOf(row), version: row.version, updatedBy: row.updatedBy };
}

function parseStatus(text: string): ServiceStatus {
  const status = parseServiceStatus(text);
  if (!status) {
    const message = `Status "${text}" desconhecido: use um status do ERP, por exemplo Serviço Habilitado ou Suspenso por Débito.`;
    throw new AppError('VALIDATION', message, { fields: { status: message } });
  }
  return status;
}

export function createLinkService(deps: { db: Db; mutate: Mutate }) {
  const { db, mutate } = deps;

  /** One status change with its event; nothing when the status is already that one. */
  async function changeStatus(m: Mutation, service: Service, status: ServiceStatus): Promise<boolean> {
    if (service.status === status) return false;
    await m.tx.updateTable('services').set({ status, updatedAt: m.at, ...stamp(m) }).where('id', '=', service.id).execute();
    m.record(
      status === 'cancelado'
        ? {
            kind: 'service.cancel',
            subject: serviceSubject(service),
            outcome: 'ok',
            message: `Serviço ${service.id} cancelado (antes: ${serviceStatusLabels[service.status]}). Os pacotes serão cancelados na plataforma.`,
          }
        : {
            kind: 'service.status',
            subject: serviceSubject(service),
            outcome: 'ok',
            message: `Serviço ${service.id}: status alterado de ${serviceStatusLabels[service.status]} para ${serviceStatusLabels[status]}.`,
          },
    );
    return true;
  }

  return {
    /** S8/S11: what the Adicionar serviço dialog offers for a plan. */
    async serviceDefaults(planId: number): Promise<ServiceDefaults> {
      const plan = await requirePlan(db, planId);
      const defaults = await defaultsForNewService(db, plan);
      return { planId: plan.id, planName: plan.name, packages: defaults.map(({ pkg, mandatory }) => ({ packageId: pkg.id, name: pkg.name, priceCents: pkg.priceCents, mandatory })) };
    },

    /**
     * Adds a service (id = id_cliente_servico) to a customer. S8: links the plan's default packages;
     * S11: mandatory ones always, optional ones only if listed in `keptOptionalPackageIds`.
     */
    addService: (input: { customerId: number; values: unknown; keptOptionalPackageIds: readonly number[] }) =>
      mutate(async (m) => {
        const parsed = ServiceForm.safeParse({ ...(input.values as object), customerId: input.customerId });
        if (!parsed.success) throw new AppError('VALIDATION', 'Confira os campos destacados do serviço.', { fields: fieldErrors(parsed.error) });
        const { id, planId, status } = parsed.data;
        const customer = await m.tx.selectFrom('customers').select(['id', 'name']).where('id', '=', input.customerId).executeTakeFirst();
        if (!customer) throw new AppError('NOT_FOUND', 'Cliente não encontrado: ele pode ter sido excluído.');
        const existing = await m.tx
          .selectFrom('services')
          .leftJoin('customers', 'customers.id', 'services.customerId')
          .select(['services.id', 'customers.name'])
          .where('services.id', '=', id)
          .executeTakeFirst();
        if (existing) {
          const message = `Já existe o serviço ${id}${existing.name ? ` no cliente ${existing.name}` : ''}. Confira o id_cliente_servico no ERP.`;
          throw new AppError('DUPLICATE_SERVICE', message, { fields: { id: message } });
        }
        const plan = await requirePlan(m.tx, planId);
        const service: Service = { id, customerId: customer.id, planId: plan.id, status, createdAt: m.at, updatedAt: m.at };
        await m.tx.insertInto('services').values({ ...serviceRow(service), updatedBy: m.clerk }).execute();

        const kept = new Set(input.keptOptionalPackageIds);
        const added: string[] = [];
        const integrationIds = new Set<string>();
        for (const { pkg, mandatory } of await defaultsForNewService(m.tx, plan)) {
          // S11: a mandatory default cannot be left out when the service is added
          if (!mandatory && !kept.has(pkg.id)) continue;
          await refuseKeyClash(m.tx, pkg, id, pkg.label);
          await insertLink(m, newLink(m.at, id, pkg.id));
          added.push(pkg.name);
          integrationIds.add(pkg.integrationId);
        }
        m.record({
          kind: 'service.add',
          subject: serviceSubject(service),
          outcome: 'ok',
          message:
            `Serviço ${id} adicionado ao cliente ${customer.name} no plano ${plan.name} (${serviceStatusLabels[status]})` +
            (added.length > 0 ? `, com os pacotes: ${added.join(', ')}.` : ', sem pacotes.'),
        });
        m.changed('services', ...(added.length > 0 ? (['links'] as const) : []));
        if (integrationIds.size > 0) m.desiredStateChanged({ integrationIds: [...integrationIds] });
        return serviceView(m.tx, service);
      }),

    /** S2: the status decides the licence's desired state; Cancelado cancels the service's licences. */
    setStatus: (input: { serviceId: string; status: string; version?: number }) =>
      mutate(async (m) => {
        const status = parseStatus(input.status);
        const service = await requireService(m.tx, input.serviceId);
        await checkVersion(m.tx, 'services', service.id, input.version);
        if (await changeStatus(m, service, status)) {
          m.changed('services');
          m.desiredStateChanged();
        }
        return serviceRecord(m.tx, service.id);
      }),

    /** Cancels every service of the customer not cancelled yet (the pass then cancels the licences). */
    cancelAll: (customerId: number) =>
      mutate(async (m) => {
        const rows = await m.tx.selectFrom('services').selectAll().where('customerId', '=', customerId).orderBy('createdAt').orderBy('id').execute();
        const cancelled: string[] = [];
        for (const row of rows) if (await changeStatus(m, serviceOf(row), 'cancelado')) cancelled.push(row.id);
        if (cancelled.length > 0) {
          m.changed('services');
          m.desiredStateChanged();
        }
        return { cancelled };
      }),

    /** S8/S12: what Migrar plano will add, keep and ask about. */
    async migrationPreview(input: { serviceId: string; planId: number }): Promise<MigrationPreview> {
      const service = await requireService(db, input.serviceId);
      const [from, to] = [await requirePlan(db, service.planId), await requirePlan(db, input.planId)];
      const links = (await linksOf(db, service.id)).map(linkOf);
      const change = migrationPlan(from, to, links);
      const packages = await packagesById(db, [...new Set([...change.add, ...links.map((l) => l.packageId)])]);
      const name = (id: number) => packages.get(id)?.name ?? `Pacote ${id}`;
      const named = (l: Link) => ({ linkId: l.id, packageId: l.packageId, name: name(l.packageId) });
      return {
        fromPlanName: from.name,
        toPlanName: to.name,
        add: change.add.filter((id) => packages.get(id)?.active).map((id) => ({ packageId: id, name: name(id) })),
        keep: change.keep.map(named),
        notAllowed: change.notAllowed.map(named),
        reason: change.reason,
      };
    },

    /**
     * Moves a service to another plan. S8: the new plan's default packages are linked; S12: links the
     * new plan (locked) does not allow need a decision each, keep or remove.
     */
    migratePlan: (input: { serviceId: string; planId: number; decisions: Record<string, 'keep' | 'remove'>; version?: number }) =>
      mutate(async (m) => {
        const service = await requireService(m.tx, input.serviceId);
        await checkVersion(m.tx, 'services', service.id, input.version);
        const fromPlan = await requirePlan(m.tx, service.planId);
        const toPlan = await requirePlan(m.tx, input.planId);
        if (fromPlan.id === toPlan.id) {
          throw new AppError('SAME_PLAN', `O serviço já está no plano ${toPlan.name}: escolha outro plano.`, { fields: { planId: 'Escolha um plano diferente do atual.' } });
        }
        const links = (await linksOf(m.tx, service.id)).map(linkOf);
        const change = migrationPlan(fromPlan, toPlan, links);
        const undecided = change.notAllowed.filter((l) => input.decisions[l.id] !== 'keep' && input.decisions[l.id] !== 'remove');
        if (undecided.length > 0) {
          throw new AppError('DECISION_MISSING', `O plano ${toPlan.name} trava pacotes: escolha Manter ou Remover para cada pacote que ele não inclui.`, {
            fields: Object.fromEntries(undecided.map((l) => [`decision.${l.id}`, 'Escolha Manter ou Remover.'])),
          });
        }
        const packages = await packagesById(m.tx, [...new Set([...change.add, ...links.map((l) => l.packageId)])]);
        const removed: string[] = [];
        for (const link of change.notAllowed) {
          if (input.decisions[link.id] !== 'remove') continue;
          await m.tx.updateTable('links').set({ removedAt: m.at, updatedAt: m.at, ...stamp(m) }).where('id', '=', link.id).execute();
          removed.push(packages.get(link.packageId)?.name ?? `pacote ${link.packageId}`);
        }
        const added: string[] = [];
        for (const packageId of change.add) {
          const pkg = packages.get(packageId);
          if (!pkg || !pkg.active) continue;
          await refuseKeyClash(m.tx, pkg, service.id, pkg.label);
          await insertLink(m, newLink(m.at, service.id, pkg.id));
          added.push(pkg.name);
        }
        await m.tx.updateTable('services').set({ planId: toPlan.id, updatedAt: m.at, ...stamp(m) }).where('id', '=', service.id).execute();
        m.record({
          kind: 'service.migrate',
          subject: serviceSubject(service),
          outcome: 'ok',
          message:
            `Serviço ${service.id} migrado do plano ${fromPlan.name} para ${toPlan.name}.` +
            (added.length > 0 ? ` Pacotes adicionados: ${added.join(', ')}.` : '') +
            (removed.length > 0 ? ` Pacotes removidos: ${removed.join(', ')}.` : ''),
        });
        m.changed('services', ...(added.length + removed.length > 0 ? (['links'] as const) : []));
        if (added.length + removed.length > 0) m.desiredStateChanged();
        return serviceView(m.tx, service);
      }),

    /** S12: the packages Vincular pacote offers, and why the list is narrowed when the plan locks them. */
    async options(serviceId: string): Promise<LinkOptions> {
      const service = await requireService(db, serviceId);
      const plan = await requirePlan(db, service.planId);
      const all = (await db.selectFrom('packages').selectAll().orderBy('name').orderBy('id').execute()).map(packageOf);
      const allowed = allowedPackages(plan, all);
      const linked = new Set((await linksOf(db, serviceId)).filter((l) => l.removedAt === null).map((l) => l.packageId));
      return {
        planId: plan.id,
        planName: plan.name,
        reason: allowed.reason,
        packages: allowed.packages.map((p) => ({ id: p.id, name: p.name, priceCents: p.priceCents, label: p.label, linked: linked.has(p.id) })),
      };
    },

    /**
     * S7: links a package to a customer's service. S12: refused when the plan locks packages and this
     * one is not the plan's; S10: overrides validated; the platform key must stay unique.
     */
    add: (input: { serviceId: string; packageId: number; params?: unknown }) =>
      mutate(async (m) => {
        const values = parseLinkParams(input.params);
        const service = await requireService(m.tx, input.serviceId);
        const plan = await requirePlan(m.tx, service.planId);
        const pkg = await requirePackage(m.tx, input.packageId);
        const link = await linkPackage(m, service, plan, pkg, values);
        return linkView(m.tx, service, link.id);
      }),

    /** S10: changes senha / id_contrato / label of a link; blank means "use the default". */
    update: (input: { linkId: string; version?: number; params: unknown }) =>
      mutate(async (m) => {
        const values = parseLinkParams(input.params);
        const row = await m.tx.selectFrom('links').selectAll().where('id', '=', input.linkId).executeTakeFirst();
        if (!row || row.removedAt !== null) throw new AppError('LINK_NOT_FOUND', 'Este pacote não está mais vinculado ao serviço.');
        await checkVersion(m.tx, 'links', row.id, input.version);
        const link = linkOf(row);
        const service = await requireService(m.tx, link.serviceId);
        const pkg = await requirePackage(m.tx, link.packageId);
        await changeLinkParams(m, link, service, pkg, values);
        return linkView(m.tx, service, link.id);
      }),

    /**
     * Removes a package from a service. The row stays, marked removedAt, until the platform confirms
     * the licence is cancelled (the sync engine deletes it then).
     */
    remove: (input: { linkId: string; version?: number }) =>
      mutate(async (m) => {
        const row = await m.tx.selectFrom('links').selectAll().where('id', '=', input.linkId).executeTakeFirst();
        if (!row || row.removedAt !== null) return { removed: false };
        await checkVersion(m.tx, 'links', row.id, input.version);
        await unlinkPackage(m, linkOf(row));
        return { removed: true };
      }),
  };
}
