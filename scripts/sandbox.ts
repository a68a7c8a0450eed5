/**
 * The Campsoft sandbox on its own: `npx tsx scripts/sandbox.ts [--port 4010] [--latency 40] ...`.
 * Knobs can also be flipped while it runs: POST <origin>/__sandbox/knobs.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox } from '../electron/host/sandbox';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    latency: { type: 'string' },
    jitter: { type: 'string' },
    'error-rate': { type: 'string' },
    'timeout-rate': { type: 'string' },
    'rate-limit': { type: 'string' },
    'token-lifetime': { type: 'string' },
    products: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  console.log(
    'Uso: npx tsx scripts/sandbox.ts [--port N] [--latency ms] [--jitter ms] [--error-rate 0..1] [--timeout-rate 0..1] [--rate-limit req/s] [--token-lifetime s] [--products N]',
  );
  process.exit(0);
}

function num(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    console.error(`Valor inválido para --${name}: "${raw}". Informe um número.`);
    process.exit(2);
  }
  return n;
}

try {
  const sandbox = await startSandbox({
    port: num('port', values.port),
    latencyMs: num('latency', values.latency),
    jitterMs: num('jitter', values.jitter),
    errorRate: num('error-rate', values['error-rate']),
    timeoutRate: num('timeout-rate', values['timeout-rate']),
    rateLimitPerSecond: num('rate-limit', values['rate-limit']),
    tokenLifetimeSeconds: num('token-lifetime', values['token-lifetime']),
    products: num('products', values.products),
  });
  console.log(`Sandbox Campsoft em ${sandbox.url}`);
  console.log(`ApiKey: ${SANDBOX_API_KEY}   ApiSecret: ${SANDBOX_API_SECRET}`);
  console.log(`Ajustes: POST ${sandbox.origin}/__sandbox/knobs   Contadores: GET ${sandbox.origin}/__sandbox/stats`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`Não foi possível iniciar o sandbox: ${(err as Error).message}`);
  process.exit(1);
}
