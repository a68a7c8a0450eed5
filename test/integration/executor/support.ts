import { createCampsoftPlatform, type CampsoftPlatformOptions } from '../../../electron/host/campsoft';
import { createExecutor, type ExecutorDeps } from '../../../electron/host/executor';
import type { Platform } from '../../../electron/host/platform';
import type { Logger } from '../../../electron/host/ports';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, type Sandbox } from '../../../electron/host/sandbox';
import type { LinkResult, RunProgress } from '../../../shared/contract/runs';
import { grantHash, licenceStepHash, subscriberHash, type LinkPlan } from '../../../shared/domain/operation';
import { cpfFor } from '../../fixtures/documents';

export { cpfFor };

export const INTEGRATION = 'int-campsoft-1';
export const PRODUCT = '1192001';

export function contractOf(n: number): string {
  return `ctr-${n}`;
}

/** The subscriber of contract n: personal data that must never reach a log line. */
export function subscriberOf(n: number) {
  const cpf = cpfFor(n);
  const email = `cliente${n}@exemplo.com.br`;
  return {
    name: `Cliente Número ${n}`,
    document: { type: 'cpf' as const, number: cpf },
    email,
    phone: { ddi: '55', ddd: '11', number: String(900_000_000 + n).slice(0, 9), mobile: true },
    login: email,
    password: cpf,
  };
}

/** A new link: create the subscriber, then grant the package's licence (what a first pass sends). */
export function newLinkPlan(n: number, opts: { label?: string; productCode?: string; name?: string } = {}): LinkPlan {
  const contractIdentifier = contractOf(n);
  const label = opts.label ?? `campsoft-leitura-${n % 7}`;
  const productCode = opts.productCode ?? PRODUCT;
  const subscriber = { ...subscriberOf(n), ...(opts.name ? { name: opts.name } : {}) };
  const linkId = `link-${n}`;
  const key = `${INTEGRATION}/${contractIdentifier}/${label}`;
  const common = { integrationId: INTEGRATION, linkId, contractIdentifier, label };
  return {
    linkId,
    integrationId: INTEGRATION,
    key,
    steps: [
      { ...common, kind: 'upsert_subscriber', key: `${key}#upsert_subscriber`, hash: subscriberHash(contractIdentifier, subscriber), last: false, subscriber },
      { ...common, kind: 'grant', key: `${key}#grant`, hash: grantHash(contractIdentifier, label, productCode), last: true, productCode },
    ],
  };
}

export function licencePlan(kind: 'suspend' | 'reenable' | 'cancel', n: number, label = `campsoft-leitura-${n % 7}`): LinkPlan {
  const contractIdentifier = contractOf(n);
  const linkId = `link-${n}`;
  const key = `${INTEGRATION}/${contractIdentifier}/${label}`;
  return {
    linkId,
    integrationId: INTEGRATION,
    key,
    steps: [{ kind, key: `${key}#${kind}`, integrationId: INTEGRATION, linkId, contractIdentifier, label, hash: licenceStepHash(kind, contractIdentifier, label), last: true }],
  };
}

export function platformFactory(sandbox: Sandbox, extra: Partial<CampsoftPlatformOptions> = {}) {
  let created = 0;
  const factory = async (_integrationId: string): Promise<Platform> => {
    created++;
    return createCampsoftPlatform({ baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, retryBaseDelayMs: 5, retryMaxDelayMs: 50, ...extra });
  };
  return Object.assign(factory, { created: () => created });
}

/** Wraps a real platform and measures how many calls are in flight at once. */
export function countingPlatform(inner: Platform): Platform & { maxInFlight(): number; inFlight(): number } {
  let inFlight = 0;
  let max = 0;
  const wrapped = {} as Record<string, unknown>;
  for (const name of ['testConnection', 'listProducts', 'upsertSubscriber', 'getSubscriber', 'grantLicence', 'setLicenceStatus', 'cancelLicence', 'listSubscribers', 'checkLogin'] as const) {
    wrapped[name] = async (...args: unknown[]) => {
      inFlight++;
      max = Math.max(max, inFlight);
      try {
        return await (inner[name] as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        inFlight--;
      }
    };
  }
  return Object.assign(wrapped as unknown as Platform, { maxInFlight: () => max, inFlight: () => inFlight });
}

/** What the renderer would receive over the bridge. */
export function eventLog() {
  const results: { runId: string; seq: number; result: LinkResult }[] = [];
  const progress: RunProgress[] = [];
  const emit: ExecutorDeps['emit'] = (event, payload) => {
    if (event === 'run.result') results.push(payload as unknown as (typeof results)[number]);
    else if (event === 'run.progress') progress.push(payload as unknown as RunProgress);
  };
  return { results, progress, emit };
}

export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, meta?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  return { lines, info: push('info'), warn: push('warn'), error: push('error') };
}

export function executorFor(platformOf: ExecutorDeps['platformOf'], extra: Partial<ExecutorDeps> = {}) {
  const events = eventLog();
  const logger = capturingLogger();
  const executor = createExecutor({ platformOf, emit: events.emit, logger, clock: { now: () => Date.now() }, ...extra });
  return { executor, events, logger };
}

/** Every creation counter of the sandbox that is above 1 (a duplicate). */
export function duplicates(sandbox: Sandbox): string[] {
  const s = sandbox.stats();
  return [...Object.entries(s.subscriberCreations), ...Object.entries(s.licenceCreations)].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
}
