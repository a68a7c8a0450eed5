/**
 * Writes of customers, their services and the packages linked to them (S7–S12). Every write lands
 * with its history event in one transaction and then tells the transmission controller that the
 * desired state changed. The ERP import and the transmission controller reuse these functions.
 */
import {
  effectiveContractIdentifier,
  effectiveLabel,
  fieldErrors,
  formatDocument,
  isPackageAllowed,
  LinkParamsForm,
  lockedPlanReason,
  customerSaveMessage,
  duplicateKeyMessage,
  keyChangeRefusal,
  migrationPlan,
  normalizeDocument,
  packagesAttachedToNewService,
  packagesOnNewService,
  serviceStatusLabels,
  type CustomerFormValues,
  type HistoryActor,
  type Link,
  type LinkParamsFormInput,
  type Package,
  type Plan,
  type Service,
  type ServiceStatus,
} from '../../../shared/domain';
import { customerSubject, serviceSubject } from '../../../shared/domain/subjects';
import { db, type CustomerRow } from '../../db/db';
import { recordEvent } from '../../db/history';
import { searchKeys } from '../../db/search-keys';
import { newId } from '../../ui/format';
import { notifyDesiredStateChanged } from './changes';

/** A write the rules refuse; `message` is Portuguese and says what to do, `fields` go next to inputs. */
export class RepositoryError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly fields: Record<string, string> = {},
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RepositoryError';
  }
}

/** What a form shows for a failed write: the refused fields next to them, otherwise one message. */
export function formErrors(error: unknown): Record<string, string> {
  if (error instanceof RepositoryError) return Object.keys(error.fields).length > 0 ? error.fields : { form: error.message };
  return { form: String(error) };
}

export type WriteOptions = {
  /** who did it, for the Histórico de Eventos; the ERP import passes 'system' when it runs unattended */
  actor?: HistoryActor;
  /** false while a bulk write is in progress; call notifyDesiredStateChanged() once at the end */
  notify?: boolean;
};

// ---- search keys (derived on every write; the list queries them by prefix) ----

const now = () => new Date().toISOString();
const desiredTables = () => [db.customers, db.services, db.links, db.packages, db.plans, db.events];

/** Subjects of customer, service and package events in the Histórico (defined in shared/domain/subjects.ts). */
export { customerSubject, serviceSubject };

function finish(options: WriteOptions) {
  if (options.notify !== false) notifyDesiredStateChanged();
}

// ---- customers ----

/** Creates (no `id`) or updates a customer from CustomerForm's output. Returns the customer id. */
export async function saveCustomer(values: CustomerFormValues, options: WriteOptions & { id?: number } = {}): Promise<number> {
  const document = normalizeDocument(values.document);
  const id = await db.transaction('rw', [db.customers, db.events], async () => {
    const owner = await db.customers.where('document').equals(document).first();
    if (owner && owner.id !== options.id) {
      const label = values.documentType === 'cnpj' ? 'CNPJ' : 'CPF';
      throw new RepositoryError(
        `${label} já cadastrado para ${owner.name}.`,
        'DUPLICATE_DOCUMENT',
        { document: `${label} já cadastrado para ${owner.name}.` },
        { customerId: owner.id, customerName: owner.name },
      );
    }
    const previous = options.id !== undefined ? await db.customers.get(options.id) : undefined;
    if (options.id !== undefined && !previous) {
      throw new RepositoryError('Este cliente não existe mais: ele pode ter sido excluído. Volte à lista de clientes.', 'NOT_FOUND');
    }
    const at = now();
    const row: Omit<CustomerRow, 'id'> & { id?: number } = {
      ...(previous ? { id: previous.id } : {}),
      code: values.code,
      name: values.name,
      documentType: values.documentType,
      document,
      emails: values.emails,
      phones: values.phones,
      address: values.address,
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
      ...searchKeys(values),
    };
    const saved = (await db.customers.put(row as CustomerRow)) as number;
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'customer.save',
      subject: customerSubject(saved),
      outcome: 'ok',
      message: customerSaveMessage(values.name, document, !previous),
    });
    return saved;
  });
  finish(options);
  return id;
}

// ---- services ----

export type NewService = { id: string; planId: number; status: ServiceStatus };

async function requirePlan(planId: number): Promise<Plan> {
  const plan = await db.plans.get(planId);
  if (!plan) throw new RepositoryError('Plano não encontrado: escolha um plano cadastrado em Serviços/Planos.', 'PLAN_NOT_FOUND', { planId: 'Escolha um plano cadastrado.' });
  return plan;
}

async function requireService(serviceId: string): Promise<Service> {
  const service = await db.services.get(serviceId);
  if (!service) throw new RepositoryError(`Serviço ${serviceId} não encontrado: ele pode ter sido excluído.`, 'SERVICE_NOT_FOUND');
  return service;
}

async function requirePackage(packageId: number): Promise<Package> {
  const pkg = await db.packages.get(packageId);
  if (!pkg) throw new RepositoryError('Pacote não encontrado: escolha um pacote cadastrado em Pacotes.', 'PACKAGE_NOT_FOUND', { packageId: 'Escolha um pacote cadastrado.' });
  return pkg;
}

/**
 * S3 reading (DOMAIN.md): never two live links with the same effective (contract_identifier, label)
 * on one integration — the platform's key of a licence. Index-driven: links whose contract id is
 * overridden to `contractIdentifier`, and links of the service whose id it is (the S10 default).
 */
async function findKeyClash(integrationId: string, contractIdentifier: string, label: string, ignoreLinkId?: string): Promise<Link | undefined> {
  const candidates = [
    ...(await db.links.where('contractIdentifier').equals(contractIdentifier).toArray()),
    ...(await db.links.where('serviceId').equals(contractIdentifier).toArray()),
  ];
  for (const link of candidates) {
    if (link.id === ignoreLinkId || link.removedAt !== undefined) continue;
    const service = await db.services.get(link.serviceId);
    const pkg = await db.packages.get(link.packageId);
    if (!service || !pkg || pkg.integrationId !== integrationId) continue;
    if (effectiveContractIdentifier(link, service) === contractIdentifier && effectiveLabel(link, pkg) === label) return link;
  }
  return undefined;
}

function clashError(contractIdentifier: string, label: string, clash: Link): RepositoryError {
  const message = duplicateKeyMessage({ contractIdentifier, label }, clash.serviceId);
  return new RepositoryError(message, 'DUPLICATE_LINK_KEY', { contractIdentifier: message }, { linkId: clash.id });
}

function newLink(serviceId: string, packageId: number, params: Pick<Link, 'password' | 'contractIdentifier' | 'label'> = {}): Link {
  const at = now();
  return {
    id: newId(),
    serviceId,
    packageId,
    ...params,
    // nothing has been sent to the platform yet
    observed: { state: 'none' },
    createdAt: at,
    updatedAt: at,
  };
}

/** S8/S11: the plan's default packages a new service starts with (active packages only). */
export async function defaultPackagesForNewService(plan: Plan): Promise<{ pkg: Package; mandatory: boolean }[]> {
  const defaults = packagesOnNewService(plan);
  const packages = await db.packages.bulkGet(defaults.map((d) => d.packageId));
  return defaults.flatMap((d, i) => {
    const pkg = packages[i];
    return pkg && pkg.active ? [{ pkg, mandatory: d.mandatory }] : [];
  });
}

/**
 * Adds a service (id = id_cliente_servico) to a customer. S8: links the plan's default packages;
 * S11: mandatory ones always, optional ones only if listed in `keptOptionalPackageIds`.
 */
export async function addService(
  customerId: number,
  service: NewService,
  keptOptionalPackageIds: readonly number[],
  options: WriteOptions = {},
): Promise<Service> {
  const id = service.id.trim();
  const created = await db.transaction('rw', desiredTables(), async () => {
    const customer = await db.customers.get(customerId);
    if (!customer) throw new RepositoryError('Cliente não encontrado: ele pode ter sido excluído.', 'NOT_FOUND');
    if (id === '') throw new RepositoryError('Informe o id_cliente_servico.', 'INVALID', { id: 'Informe o código do serviço do cliente (id_cliente_servico).' });
    const existing = await db.services.get(id);
    if (existing) {
      const owner = await db.customers.get(existing.customerId);
      const message = `Já existe o serviço ${id}${owner ? ` no cliente ${owner.name}` : ''}. Confira o id_cliente_servico no ERP.`;
      throw new RepositoryError(message, 'DUPLICATE_SERVICE', { id: message });
    }
    const plan = await requirePlan(service.planId);
    const at = now();
    const row: Service = { id, customerId, planId: plan.id, status: service.status, createdAt: at, updatedAt: at };
    await db.services.add(row);

    // S11: a mandatory default cannot be left out when the service is added
    const attached = new Set(packagesAttachedToNewService(plan, keptOptionalPackageIds));
    const added: string[] = [];
    for (const { pkg } of await defaultPackagesForNewService(plan)) {
      if (!attached.has(pkg.id)) continue;
      const clash = await findKeyClash(pkg.integrationId, id, pkg.label);
      if (clash) throw clashError(id, pkg.label, clash);
      await db.links.add(newLink(id, pkg.id));
      added.push(pkg.name);
    }
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'service.add',
      subject: serviceSubject(row),
      outcome: 'ok',
      message:
        `Serviço ${id} adicionado ao cliente ${customer.name} no plano ${plan.name} (${serviceStatusLabels[row.status]})` +
        (added.length > 0 ? `, com os pacotes: ${added.join(', ')}.` : ', sem pacotes.'),
    });
    return row;
  });
  finish(options);
  return created;
}

export async function changeServiceStatus(serviceId: string, status: ServiceStatus, options: WriteOptions = {}): Promise<void> {
  await db.transaction('rw', desiredTables(), async () => {
    const service = await requireService(serviceId);
    if (service.status === status) return;
    await db.services.update(serviceId, { status, updatedAt: now() });
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'service.status',
      subject: serviceSubject(service),
      outcome: 'ok',
      message: `Serviço ${serviceId}: status alterado de ${serviceStatusLabels[service.status]} para ${serviceStatusLabels[status]}.`,
    });
  });
  finish(options);
}

/** Ends the service; its licences are cancelled on the platform by the next transmission (status map). */
export async function cancelService(serviceId: string, options: WriteOptions = {}): Promise<void> {
  await db.transaction('rw', desiredTables(), async () => {
    const service = await requireService(serviceId);
    if (service.status === 'cancelado') return;
    await db.services.update(serviceId, { status: 'cancelado', updatedAt: now() });
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'service.cancel',
      subject: serviceSubject(service),
      outcome: 'ok',
      message: `Serviço ${serviceId} cancelado (antes: ${serviceStatusLabels[service.status]}). Os pacotes serão cancelados na plataforma.`,
    });
  });
  finish(options);
}

/** For each current link the new locked plan does not allow (S12): keep it or remove it. */
export type MigrationDecisions = Record<string, 'keep' | 'remove'>;

/**
 * Moves a service to another plan. S8: the new plan's default packages are linked; S12: links the
 * new plan (locked) does not allow need a decision each, keep or remove.
 */
export async function migrateService(serviceId: string, newPlanId: number, decisions: MigrationDecisions, options: WriteOptions = {}): Promise<void> {
  await db.transaction('rw', desiredTables(), async () => {
    const service = await requireService(serviceId);
    const fromPlan = await requirePlan(service.planId);
    const toPlan = await requirePlan(newPlanId);
    if (fromPlan.id === toPlan.id) {
      throw new RepositoryError(`O serviço já está no plano ${toPlan.name}: escolha outro plano.`, 'SAME_PLAN', { planId: 'Escolha um plano diferente do atual.' });
    }
    const links = await db.links.where('serviceId').equals(serviceId).toArray();
    const change = migrationPlan(fromPlan, toPlan, links);
    const undecided = change.notAllowed.filter((l) => decisions[l.id] !== 'keep' && decisions[l.id] !== 'remove');
    if (undecided.length > 0) {
      throw new RepositoryError(
        `O plano ${toPlan.name} trava pacotes: escolha Manter ou Remover para cada pacote que ele não inclui.`,
        'DECISION_MISSING',
        Object.fromEntries(undecided.map((l) => [`decision.${l.id}`, 'Escolha Manter ou Remover.'])),
      );
    }
    const at = now();
    const removed: string[] = [];
    for (const link of change.notAllowed) {
      if (decisions[link.id] !== 'remove') continue;
      await db.links.update(link.id, { removedAt: at, updatedAt: at });
      removed.push((await db.packages.get(link.packageId))?.name ?? `pacote ${link.packageId}`);
    }
    const added: string[] = [];
    for (const packageId of change.add) {
      const pkg = await db.packages.get(packageId);
      if (!pkg || !pkg.active) continue;
      const clash = await findKeyClash(pkg.integrationId, service.id, pkg.label);
      if (clash) throw clashError(service.id, pkg.label, clash);
      await db.links.add(newLink(service.id, pkg.id));
      added.push(pkg.name);
    }
    await db.services.update(serviceId, { planId: toPlan.id, updatedAt: at });
    await recordEvent({
      actor: options.actor ?? 'user',
      kind: 'service.migrate',
      subject: serviceSubject(service),
      outcome: 'ok',
      message:
        `Serviço ${serviceId} migrado do plano ${fromPlan.name} para ${toPlan.name}.` +
        (added.length > 0 ? ` Pacotes adicionados: ${added.join(', ')}.` : '') +
        (removed.length > 0 ? ` Pacotes removidos: ${removed.join(', ')}.` : ''),
    });
  });
  finish(options);
}

// ---- links (packages on a service) ----

function parseLinkParams(params: LinkParamsFormInput) {
  const parsed = LinkParamsForm.safeParse(params);
  if (!parsed.success) {
    const fields = fieldErrors(parsed.error);
    throw new RepositoryError(Object.values(fields)[0] ?? 'Parâmetros inválidos.', 'INVALID', fields);
  }
  return parsed.data;
}

/**
 * S7: links a package to a customer's service. S12: refused when the plan locks packages and this
 * one is not the plan's; S10: overrides validated; the platform key must stay unique.
 */
export async function linkPackage(serviceId: string, packageId: number, params: LinkParamsFormInput = {}, options: WriteOptions = {}): Promise<Link> {
  const values = parseLinkParams(params);
  const link = await db.transaction('rw', desiredTables(), async () => {
    const service = await requireService(serviceId);
    const plan = await requirePlan(service.planId);
    const pkg = await requirePackage(packageId);
    if (!pkg.active) {
      throw new RepositoryError(`O pacote ${pkg.name} está inativo: ative-o em Pacotes antes de vincular.`, 'PACKAGE_INACTIVE', { packageId: 'Pacote inativo.' });
    }
    // S12: Travar Pacotes
    if (!isPackageAllowed(plan, packageId)) {
      const reason = lockedPlanReason(plan.name);
      throw new RepositoryError(reason, 'PACKAGE_NOT_ALLOWED', { packageId: reason });
    }
    const row = newLink(serviceId, packageId, values);
    const contractIdentifier = effectiveContractIdentifier(row, service);
    const label = effectiveLabel(row, pkg);
    const clash = await findKeyClash(pkg.integrationId, contractIdentifier, label);
    if (clash) throw clashError(contractIdentifier, label, clash);
    await db.links.add(row);
    await recordEvent({
      actor: options.actor ?? 'user',
      integrationId: pkg.integrationId,
      kind: 'link.add',
      subject: serviceSubject(service),
      outcome: 'ok',
      message: `Pacote ${pkg.name} vinculado ao serviço ${serviceId} (id_contrato ${contractIdentifier}, label ${label}).`,
    });
    return row;
  });
  finish(options);
  return link;
}

/** S10: changes senha / id_contrato / label of a link; blank means "use the default". */
export async function updateLinkParams(linkId: string, params: LinkParamsFormInput, options: WriteOptions = {}): Promise<void> {
  const values = parseLinkParams(params);
  await db.transaction('rw', desiredTables(), async () => {
    const link = await db.links.get(linkId);
    if (!link || link.removedAt) throw new RepositoryError('Este pacote não está mais vinculado ao serviço.', 'LINK_NOT_FOUND');
    const service = await requireService(link.serviceId);
    const pkg = await requirePackage(link.packageId);
    const next: Link = { ...link, password: values.password, contractIdentifier: values.contractIdentifier, label: values.label, updatedAt: now() };
    const contractIdentifier = effectiveContractIdentifier(next, service);
    const label = effectiveLabel(next, pkg);
    // The platform keys the licence by (id_contrato, label): remove and link again to change them.
    const before = { contractIdentifier: effectiveContractIdentifier(link, service), label: effectiveLabel(link, pkg) };
    const refusal = keyChangeRefusal(link, before, { contractIdentifier, label });
    if (refusal) throw new RepositoryError(refusal.message, 'KEY_LOCKED', { [refusal.field]: 'Já transmitido: remova e vincule de novo para mudar.' });
    const clash = await findKeyClash(pkg.integrationId, contractIdentifier, label, linkId);
    if (clash) throw clashError(contractIdentifier, label, clash);
    await db.links.put(next);
    const changed = [
      link.password !== next.password ? 'senha' : null,
      link.contractIdentifier !== next.contractIdentifier ? 'id_contrato' : null,
      link.label !== next.label ? 'label' : null,
    ].filter(Boolean);
    await recordEvent({
      actor: options.actor ?? 'user',
      integrationId: pkg.integrationId,
      kind: 'link.params',
      subject: serviceSubject(service),
      outcome: 'ok',
      // the password itself never goes to the history
      message: `Pacote ${pkg.name} do serviço ${link.serviceId}: ${changed.length > 0 ? `alterado ${changed.join(', ')}` : 'parâmetros salvos sem alteração'}.`,
    });
  });
  finish(options);
}

/**
 * Removes a package from a service. The row stays, marked `removedAt`, until the platform confirms
 * the licence is cancelled (the transmission engine deletes it then).
 */
export async function removeLink(linkId: string, options: WriteOptions = {}): Promise<void> {
  await db.transaction('rw', desiredTables(), async () => {
    const link = await db.links.get(linkId);
    if (!link || link.removedAt) return;
    const pkg = await db.packages.get(link.packageId);
    const service = await db.services.get(link.serviceId);
    const at = now();
    await db.links.update(linkId, { removedAt: at, updatedAt: at });
    await recordEvent({
      actor: options.actor ?? 'user',
      integrationId: pkg?.integrationId,
      kind: 'link.remove',
      subject: service ? serviceSubject(service) : `servico:${link.serviceId}`,
      outcome: 'ok',
      message: `Pacote ${pkg?.name ?? link.packageId} removido do serviço ${link.serviceId}; a licença será cancelada na plataforma.`,
    });
  });
  finish(options);
}

/** The document as the office reads it, e.g. for a duplicate message. */
export function printedDocument(customer: Pick<CustomerRow, 'documentType' | 'document'>): string {
  return formatDocument(customer.documentType, customer.document);
}
