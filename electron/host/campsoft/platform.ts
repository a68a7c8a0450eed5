import type { CallOptions, PageProgress, Platform, PlatformContract, PlatformProduct, PlatformSubscriber } from '../platform/platform';
import { CampsoftClient, type CampsoftClientOptions } from './client';
import { endpoints, PRODUCTS_PER_PAGE, SUBSCRIBERS_PER_PAGE } from './endpoints';
import { AppError } from '../../../shared/contract/result';
import type { WireListedSubscriber, WireSubscriber } from './wire';

export type CampsoftPlatformOptions = CampsoftClientOptions & {
  /** Page size of "Sincronizar"; default 100. */
  productsPerPage?: number;
  subscribersPerPage?: number;
};

/** Campsoft as a Platform: the client plus the mapping between its wire shapes and ours. */
export function createCampsoftPlatform(options: CampsoftPlatformOptions): Platform & { client: CampsoftClient } {
  const client = new CampsoftClient(options);
  const productsPerPage = options.productsPerPage ?? PRODUCTS_PER_PAGE;
  const subscribersPerPage = options.subscribersPerPage ?? SUBSCRIBERS_PER_PAGE;
  let ispIdentifier: string | undefined;

  async function isp(opts?: CallOptions) {
    const { data } = await client.call(endpoints.isps, undefined, { signal: opts?.signal });
    const first = data?.data[0];
    if (!first) throw new AppError('BAD_RESPONSE', 'A Campsoft não retornou nenhum provedor para estas credenciais. Confira com a Campsoft se a ApiKey está ativa.');
    ispIdentifier = first.isp_identifier;
    return first;
  }

  /** Pages sequentially: `total` tells when to stop, an empty page stops a server that miscounts. */
  async function allPages<T>(
    fetchPage: (page: number) => Promise<{ data: T[]; meta: { total: number } }>,
    onPage: ((p: PageProgress) => void) | undefined,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let page = 1; ; page++) {
      const { data, meta } = await fetchPage(page);
      all.push(...data);
      onPage?.({ page, fetched: all.length, total: meta.total });
      if (data.length === 0 || all.length >= meta.total) return all;
    }
  }

  return {
    client,

    async testConnection(opts) {
      client.forgetToken();
      const first = await isp(opts);
      return { ispIdentifier: first.isp_identifier, ispName: first.name, activeLicenses: first.active_licenses };
    },

    listProducts(onPage, opts) {
      return allPages<PlatformProduct>(async (page) => {
        const { data } = await client.call(endpoints.products, undefined, {
          query: { status: 'active', page, per_page: productsPerPage },
          signal: opts?.signal,
        });
        return data!;
      }, onPage);
    },

    async upsertSubscriber(contractIdentifier, s, opts) {
      const { status, data } = await client.call(
        endpoints.upsertSubscriber,
        { contractIdentifier },
        {
          body: { name: s.name, document: s.document, email: { data: s.email }, phone: s.phone, login: s.login, password: s.password },
          signal: opts?.signal,
        },
      );
      return { created: status === 201, subscriber: toContract(data!, contractIdentifier) };
    },

    async getSubscriber(contractIdentifier, opts) {
      const out = await client.call(endpoints.getSubscriber, { contractIdentifier }, { signal: opts?.signal });
      return out.data ? toContract(out.data, contractIdentifier) : null;
    },

    async grantLicence(contractIdentifier, label, productCode, opts) {
      const { status, data } = await client.call(
        endpoints.grantLicence,
        { contractIdentifier, label },
        { body: { product_code: productCode }, signal: opts?.signal },
      );
      // The answer's label and product are the ones sent: only its status is news.
      return { created: status === 201, licence: { label, productCode, status: data!.status } };
    },

    async setLicenceStatus(contractIdentifier, label, status, opts) {
      const { data } = await client.call(endpoints.setLicenceStatus, { contractIdentifier, label }, { body: { status }, signal: opts?.signal });
      return { status: data!.status };
    },

    async cancelLicence(contractIdentifier, label, opts) {
      const out = await client.call(endpoints.cancelLicence, { contractIdentifier, label }, { signal: opts?.signal });
      return { alreadyGone: out.status === 404 };
    },

    listSubscribers(filter, onPage, opts) {
      return allPages<PlatformSubscriber>(async (page) => {
        const { data } = await client.call(endpoints.listSubscribers, undefined, {
          query: { page, per_page: subscribersPerPage, updated_since: filter?.updatedSince },
          signal: opts?.signal,
        });
        return { data: data!.data.map(toSubscriber), meta: data!.meta };
      }, onPage);
    },

    async checkLogin(login, password, opts) {
      const id = ispIdentifier ?? (await isp(opts)).isp_identifier;
      const out = await client.call(endpoints.validation, undefined, { body: { isp_identifier: id, login, password }, signal: opts?.signal });
      if (!out.data) return null;
      return {
        userKey: out.data.userkey,
        status: out.data.status,
        name: out.data.name,
        products: out.data.products.map((p) => ({ code: p.code, name: p.name, status: p.status, workingUntil: p.working_until })),
      };
    },
  };
}

/** A single-subscriber answer; the contract is the one asked for when the answer leaves it out. */
function toContract(s: WireSubscriber, asked: string): PlatformContract {
  return { contractIdentifier: s.contract_identifier ?? asked, licences: s.licenses.map((l) => ({ label: l.label, status: l.status })) };
}

function toSubscriber(s: WireListedSubscriber): PlatformSubscriber {
  return {
    contractIdentifier: s.contract_identifier,
    name: s.name,
    licences: s.licenses.map((l) => ({ label: l.label, productCode: l.product_code, status: l.status })),
  };
}
