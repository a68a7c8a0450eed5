/**
 * The wizard's draft: exactly what the person typed (money as text), so a failed save loses nothing.
 * `toFormInput` turns it into PackageForm's input; the rules stay in shared/domain.
 */
import {
  approvalDateProblem,
  compositionNeedsReapproval,
  parseBRL,
  type CompositionApproval,
  type FiscalKind,
  type Package,
  type PackageFormInput,
  type PackageKind,
} from '../../../shared/domain';
import { formatDate } from '../../ui/format';
import { centsToInput } from './money-input';

export type DraftItem = { key: string; description: string; fiscalKind: FiscalKind; amount: string };

export type PackageDraft = {
  name: string;
  description: string;
  kind: PackageKind | null;
  price: string;
  items: DraftItem[];
  approved: boolean;
  approvedBy: string;
  approvedAt: string;
  integrationId: string | null;
  productCode: string | null;
  label: string;
};

export function emptyDraft(): PackageDraft {
  return {
    name: '',
    description: '',
    kind: null,
    price: '',
    items: [newItem('SVA')],
    approved: false,
    approvedBy: '',
    approvedAt: '',
    integrationId: null,
    productCode: null,
    label: '',
  };
}

export function newItem(fiscalKind: FiscalKind = 'SVA'): DraftItem {
  return { key: crypto.randomUUID(), description: '', fiscalKind, amount: '' };
}

export function draftFromPackage(pkg: Package, { copy = false } = {}): PackageDraft {
  const approval = copy ? undefined : pkg.compositionApproval;
  return {
    name: copy ? `${pkg.name} (cópia)` : pkg.name,
    description: pkg.description,
    kind: pkg.kind,
    price: centsToInput(pkg.priceCents),
    items: pkg.composition.map((i) => ({ key: crypto.randomUUID(), description: i.description, fiscalKind: i.fiscalKind, amount: centsToInput(i.amountCents) })),
    approved: approval !== undefined,
    approvedBy: approval?.by ?? '',
    approvedAt: formatDate(approval?.at),
    integrationId: pkg.integrationId,
    productCode: pkg.productCode,
    // S10: a copy gets its own label, generated from its own number
    label: copy ? '' : pkg.label,
  };
}

/** Centavos of a typed amount, or NaN while it does not parse (the field shows why). */
export function draftCents(text: string): number {
  const parsed = parseBRL(text);
  return parsed.ok ? parsed.cents : Number.NaN;
}

/** A row left completely blank is not an item (the wizard starts with one, and a free benefit needs none). */
export function isBlankItem(item: DraftItem): boolean {
  return item.description.trim() === '' && item.amount.trim() === '';
}

/** The items to validate, each with its row number in the wizard (blank rows skipped). */
export function filledItems(draft: PackageDraft): { item: DraftItem; row: number }[] {
  return draft.items.map((item, row) => ({ item, row })).filter(({ item }) => !isBlankItem(item));
}

export function draftComposition(draft: PackageDraft) {
  return filledItems(draft).map(({ item: i }) => ({ description: i.description, fiscalKind: i.fiscalKind, amountCents: draftCents(i.amount) }));
}

export function toFormInput(draft: PackageDraft): PackageFormInput {
  return {
    name: draft.name,
    description: draft.description,
    kind: draft.kind ?? (undefined as unknown as PackageKind),
    priceCents: draft.price,
    composition: draftComposition(draft),
    integrationId: draft.integrationId ?? (undefined as unknown as string),
    productCode: draft.productCode ?? (undefined as unknown as string),
    label: draft.label,
  };
}

/** `dd/mm/aaaa` → ISO at local noon (so the date never shifts a day across time zones), or null. */
export function parseDateBR(text: string): string | null {
  const m = text.trim().match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d, 12);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.toISOString();
}

export type ApprovalCheck = { approval: CompositionApproval | undefined; errors: Record<string, string> };

/**
 * The approval to save. When the fields still show the approval loaded from the saved package, the
 * very same value is passed on, so shared/domain's approvalAfterSave decides (S6).
 */
export function draftApproval(draft: PackageDraft, saved: CompositionApproval | undefined): ApprovalCheck {
  if (!draft.approved) return { approval: undefined, errors: {} };
  if (saved && draft.approvedBy === saved.by && draft.approvedAt === formatDate(saved.at)) return { approval: saved, errors: {} };
  const errors: Record<string, string> = {};
  const by = draft.approvedBy.trim();
  if (by === '') errors.approvedBy = 'Informe quem validou a composição (nome do contador ou do escritório).';
  const at = parseDateBR(draft.approvedAt);
  if (!at) errors.approvedAt = 'Informe a data da validação no formato dd/mm/aaaa, por exemplo 03/02/2026.';
  else {
    const problem = approvalDateProblem(at, Date.now());
    if (problem) errors.approvedAt = problem;
  }
  return { approval: Object.keys(errors).length === 0 ? { by, at: at! } : undefined, errors };
}

/** S6: price or items differ from the saved package, so its approval no longer holds. */
export function draftNeedsReapproval(draft: PackageDraft, saved: Package | undefined): boolean {
  if (!saved) return false;
  return compositionNeedsReapproval(saved, { priceCents: draftCents(draft.price), composition: draftComposition(draft) });
}
