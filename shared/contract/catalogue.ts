/**
 * The catalogue in the host's record: integrations (the non-secret part; S1's secret stays in the
 * vault behind the connection.* commands), the products synced from the platform (S4) and the
 * packages built on them (S3, S6, S10).
 */
import { z } from 'zod';
import { CompositionApproval, Integration, Package, Product } from '../domain/model';
import { IntegrationForm, PackageForm } from '../domain/forms';
import { command } from './define';
import { ConnectionDescription, ConnectionDraft, ConnectionTest } from './integrations';
import { Stamp } from './plans';

const IntegrationId = z.string().min(1).max(200);
const PackageId = z.number().int().positive();
const Version = z.number().int().positive();

export const IntegrationRecord = Integration.extend(Stamp.shape).extend({
  /** What the vault may say of the saved connection: configured, key hint; never the secret. */
  connection: ConnectionDescription,
  /** Products active on the platform at the last sync (the list's "Produtos ativos"). */
  activeProducts: z.number().int().min(0),
});
export type IntegrationRecord = z.infer<typeof IntegrationRecord>;

export const PackageRecord = Package.extend(Stamp.shape).extend({
  /** The name of the product it delivers (S3); null when that code is not in the synced catalogue. */
  productName: z.string().nullable(),
  /** S4: the product is inactive on the platform or missing from the catalogue: it cannot be delivered. */
  productInactive: z.boolean(),
  /** Customers' services it is linked to now (removed links excluded). */
  linkCount: z.number().int().min(0),
});
export type PackageRecord = z.infer<typeof PackageRecord>;

export const ProductSyncResult = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  deactivated: z.number().int(),
  unchanged: z.number().int(),
  fetchedAt: z.string(),
  pages: z.number().int(),
});
export type ProductSyncResult = z.infer<typeof ProductSyncResult>;

const Deleted = z.object({ deleted: z.literal(true) });

export const PackageUsage = z.object({
  /** Customers' services that hold the package (removed links still to cancel included). */
  serviceIds: z.array(z.string()),
  /** Plans that carry it by default (S8). */
  planNames: z.array(z.string()),
  /** The sentence "Excluir" would be refused with; null when nobody uses the package. */
  refusal: z.string().nullable(),
});
export type PackageUsage = z.infer<typeof PackageUsage>;

export const catalogueCommands = {
  'integrations.list': command('Integrações, por descrição, com a situação das credenciais e os produtos ativos', z.object({}).strict(), z.array(IntegrationRecord)),
  'integrations.get': command('Uma integração; null se não existe', z.object({ id: IntegrationId }).strict(), IntegrationRecord.nullable()),
  'integrations.save': command(
    'Cria (sem id) ou altera uma integração: descrição, Habilitar/Suspender Assinaturas e o mapa de status; com `connection`, também URL + ApiKey + ApiSecret no cofre',
    z.object({ id: IntegrationId.optional(), version: Version.optional(), values: z.unknown(), connection: ConnectionDraft.optional() }).strict(),
    IntegrationRecord,
  ),
  'integrations.setActive': command(
    'Desativar (nada mais é transmitido por ela) ou reativar uma integração',
    z.object({ id: IntegrationId, version: Version.optional(), active: z.boolean() }).strict(),
    IntegrationRecord,
  ),
  'integrations.delete': command(
    'Exclui a integração, seu catálogo e suas credenciais; recusado enquanto pacotes a usam',
    z.object({ id: IntegrationId, version: Version.optional() }).strict(),
    Deleted,
  ),
  'integrations.test': command(
    'Testar conexão com as credenciais salvas, registrando o resultado na integração e no histórico',
    z.object({ id: IntegrationId }).strict(),
    ConnectionTest,
  ),
  'integrations.recordTest': command(
    'Registra o resultado de um teste feito com um rascunho (assistente), depois de salvar',
    z.union([z.object({ id: IntegrationId, result: ConnectionTest }).strict(), z.object({ id: IntegrationId, failure: z.object({ message: z.string().max(2000), platformErrorId: z.string().max(200).optional() }).strict() }).strict()]),
    IntegrationRecord,
  ),
  'products.list': command('Catálogo sincronizado de uma integração, por código (1, 2, 10, 100)', z.object({ integrationId: IntegrationId }).strict(), z.array(Product)),
  'products.sync': command(
    'Produtos › Sincronizar (S4): busca os produtos ativos na plataforma e os aplica ao catálogo — novos, atualizados, não mais ativos (marcados inativos, nunca excluídos)',
    z.object({ integrationId: IntegrationId }).strict(),
    ProductSyncResult,
  ),
  'packages.list': command('Pacotes, por número, com o produto que entregam', z.object({}).strict(), z.array(PackageRecord)),
  'packages.get': command('Um pacote; null se não existe', z.object({ id: PackageId }).strict(), PackageRecord.nullable()),
  'packages.save': command(
    'Cria (sem id) ou altera um pacote: valores, composição (S6), integração e produto (S3), label (S10). `approval` ausente mantém a validação salva enquanto preço e itens não mudam; null a retira',
    z.object({ id: PackageId.optional(), version: Version.optional(), values: z.unknown(), approval: CompositionApproval.nullable().optional() }).strict(),
    PackageRecord,
  ),
  'packages.usage': command(
    'Quem usa o pacote (serviços de clientes e planos) e, se alguém usa, por que a exclusão seria recusada',
    z.object({ id: PackageId }).strict(),
    PackageUsage,
  ),
  'packages.setActive': command(
    'Desativar (não pode mais ser vinculado; os vínculos atuais continuam) ou reativar um pacote',
    z.object({ id: PackageId, version: Version.optional(), active: z.boolean() }).strict(),
    PackageRecord,
  ),
  'packages.delete': command(
    'Exclui um pacote; recusado enquanto serviços de clientes ou planos o usam',
    z.object({ id: PackageId, version: Version.optional() }).strict(),
    Deleted,
  ),
  'packages.approveComposition': command(
    'A contabilidade validou a composição do pacote (S6): quem e quando (padrão: agora)',
    z.object({ id: PackageId, version: Version.optional(), by: z.string().max(200), at: z.string().optional() }).strict(),
    PackageRecord,
  ),
};

/** The forms' rules (shared/domain/forms.ts) check `values` in the services, so the messages reach the form's fields. */
export { IntegrationForm, PackageForm };
