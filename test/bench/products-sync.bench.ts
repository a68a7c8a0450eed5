import { createCampsoftPlatform } from '../../electron/host/campsoft';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox } from '../../electron/host/sandbox';
import type { BenchFigure } from './figure';

const PRODUCTS = 2_000;
const PER_PAGE = 100;
const LATENCY_MS = 40;

/**
 * "Sincronizar" of a 2,000-product catalogue through the real client, over HTTP, with 40 ms of
 * platform latency per request. Pages are fetched one after another (the client pages sequentially),
 * so the ideal is pages × latency; the token is obtained before the clock starts, as after
 * "Testar conexão".
 */
export async function run(): Promise<BenchFigure[]> {
  const sandbox = await startSandbox({ products: PRODUCTS, latencyMs: LATENCY_MS });
  try {
    const platform = createCampsoftPlatform({ baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, productsPerPage: PER_PAGE });
    await platform.testConnection();
    const started = performance.now();
    const products = await platform.listProducts();
    const seconds = (performance.now() - started) / 1000;
    if (products.length !== PRODUCTS) throw new Error(`sync brought ${products.length} products, expected ${PRODUCTS}`);
    const idealSeconds = (Math.ceil(PRODUCTS / PER_PAGE) * LATENCY_MS) / 1000;
    return [
      { name: 'products.sync_2000_s', value: round(seconds), unit: 's', goal: '<= 3' },
      { name: 'products.sync_ideal_ratio', value: round(idealSeconds / seconds), unit: 'ratio', goal: '>= 0.8' },
    ];
  } finally {
    await sandbox.close();
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await run(), null, 2));
}
