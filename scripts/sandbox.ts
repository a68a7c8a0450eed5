/**
 * The Campsoft sandbox on its own: `npx tsx scripts/sandbox.ts [--strict] [--port 4010] [--latency 40] ...`.
 * Knobs can also be flipped while it runs: POST <origin>/__sandbox/knobs (e.g. {"paused": true}),
 * with the admin token it prints (or `--admin-token T`) in X-Sandbox-Admin-Token.
 */
import { parseArgs } from 'node:util';
import { SANDBOX_ADMIN_HEADER, SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox } from '../electron/host/sandbox';

const USAGE =
  'Uso: npx tsx scripts/sandbox.ts [--strict] [--port N] [--latency ms] [--jitter ms] [--error-rate 0..1] [--timeout-rate 0..1] [--rate-limit req/s] [--token-lifetime s] [--products N] [--admin-token T]\n' +
  '  --strict  só os campos que CAMPSOFT_API.md promete, páginas de até 50, tokens de 20 s, 40 requisições/s e depois 429 com Retry-After,\n' +
  '            um segundo DELETE da licença responde 204 (as outras opções continuam valendo por cima)';

let values: ReturnType<typeof parse>['values'];
function parse() {
  return parseArgs({
    options: {
      strict: { type: 'boolean' },
      port: { type: 'string' },
      latency: { type: 'string' },
      jitter: { type: 'string' },
      'error-rate': { type: 'string' },
      'timeout-rate': { type: 'string' },
      'rate-limit': { type: 'string' },
      'token-lifetime': { type: 'string' },
      'admin-token': { type: 'string' },
      products: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  values = parse().values;
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}

if (values.help) {
  console.log(USAGE);
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
    profile: values.strict ? 'strict' : 'default',
    port: num('port', values.port),
    latencyMs: num('latency', values.latency),
    jitterMs: num('jitter', values.jitter),
    errorRate: num('error-rate', values['error-rate']),
    timeoutRate: num('timeout-rate', values['timeout-rate']),
    rateLimitPerSecond: num('rate-limit', values['rate-limit']),
    tokenLifetimeSeconds: num('token-lifetime', values['token-lifetime']),
    products: num('products', values.products),
    ...(values['admin-token'] && { adminToken: values['admin-token'] }),
  });
  const k = sandbox.knobs();
  console.log(`Sandbox Campsoft (perfil ${sandbox.profile}) em ${sandbox.url}`);
  console.log(`ApiKey: ${SANDBOX_API_KEY}   ApiSecret: ${SANDBOX_API_SECRET}`);
  console.log(
    `Limite: ${k.rateLimitPerSecond ? `${k.rateLimitPerSecond} requisições/s` : 'nenhum'} · token: ${k.tokenLifetimeSeconds} s · páginas de até ${k.perPageCap}` +
      (k.promisedFieldsOnly ? ' · só os campos prometidos' : ''),
  );
  console.log(`Ajustes: POST ${sandbox.origin}/__sandbox/knobs   Contadores: GET ${sandbox.origin}/__sandbox/stats`);
  console.log(`Token de administração (cabeçalho ${SANDBOX_ADMIN_HEADER}): ${sandbox.adminToken}`);
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`Não foi possível iniciar o sandbox: ${(err as Error).message}`);
  process.exit(1);
}
