import { QueryClientProvider } from '@tanstack/react-query';
import { screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient, followChanges, run, useHostQuery } from '../../renderer/data/client';
import { installHostBridge, type HostBridge } from './host-bridge';
import { renderScreen } from './render';

let bridge: HostBridge;
beforeEach(async () => {
  bridge = await installHostBridge();
});
afterEach(() => bridge.close());

function PlanNames() {
  const plans = useHostQuery('plans.list', {}, ['plans']);
  if (!plans.data) return <p>Carregando…</p>;
  return <ul>{plans.data.map((p) => <li key={p.id}>{p.name}</li>)}</ul>;
}

describe('renderer data layer on the real host', () => {
  it('reads through a host command and refreshes when the host announces a change to its table', async () => {
    const client = createQueryClient({ persist: false });
    const stop = followChanges(client);
    renderScreen(
      <QueryClientProvider client={client}>
        <PlanNames />
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.queryByText('Carregando…')).toBeNull());
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    await run('plans.save', { values: { name: 'Fibra 300 Mega', priceCents: 9990, defaultPackages: [], lockPackages: false } });
    expect(await screen.findByText('Fibra 300 Mega')).toBeTruthy();
    stop();
  });

  it('turns a refused command into an error with the fields for the form', async () => {
    const err = await run('plans.save', { values: { name: '', priceCents: 100, defaultPackages: [], lockPackages: false } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'CommandError', code: 'VALIDATION', fields: { name: 'Informe o nome do plano.' } });
  });
});

describe('refreshing on the host\'s notices', () => {
  it('never cancels a read in flight: notices during it make one more read when it ends, with the newest answer', async () => {
    const { QueryClient, QueryObserver } = await import('@tanstack/react-query');
    const { refreshQueries } = await import('../../renderer/data/client');
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } });
    const answers: ((v: number) => void)[] = [];
    let reads = 0;
    const observer = new QueryObserver<number>(client, { queryKey: ['links.states', {}], queryFn: () => (reads++, new Promise<number>((ok) => answers.push(ok))) });
    const seen: (number | undefined)[] = [];
    const stop = observer.subscribe((r) => seen.push(r.data));
    await vi.waitFor(() => expect(reads).toBe(1));
    // five notices while the first read is still going (a run writes back several times a second)
    for (let i = 0; i < 5; i++) void refreshQueries(client, () => true);
    await new Promise((ok) => setTimeout(ok, 20));
    expect(reads).toBe(1);
    answers[0]!(1);
    // the notices are not lost: one more read, after the first
    await vi.waitFor(() => expect(reads).toBe(2));
    answers[1]!(2);
    await vi.waitFor(() => expect(observer.getCurrentResult().data).toBe(2));
    expect(seen).toContain(1);
    // no notice during the second read: no third
    await new Promise((ok) => setTimeout(ok, 50));
    expect(reads).toBe(2);
    // and a notice when nothing is being read reads at once
    const third = refreshQueries(client, () => true);
    await vi.waitFor(() => expect(reads).toBe(3));
    answers[2]!(3);
    await third;
    expect(observer.getCurrentResult().data).toBe(3);
    stop();
  });
});

describe('the Dexie cache of what the screens last showed', () => {
  it('paints the last answer at once on the next start and keeps it readable while the host is away', async () => {
    const { CacheDatabase, createCachePersister } = await import('../../renderer/data/cache');
    const { QueryClient } = await import('@tanstack/react-query');
    const { setBridge } = await import('../../renderer/bridge');
    const cache = new CacheDatabase(`cache-test-${Math.random()}`);
    const clientWith = () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false, persister: createCachePersister(cache).persisterFn } } });
    await run('plans.save', { values: { name: 'Fibra 500 Mega', priceCents: 11990, defaultPackages: [], lockPackages: false } });

    const first = clientWith();
    const view = renderScreen(
      <QueryClientProvider client={first}>
        <PlanNames />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('Fibra 500 Mega')).toBeTruthy();
    await waitFor(async () => expect(await cache.queries.count()).toBe(1));
    view.unmount();

    // Next start: the host does not answer at all.
    setBridge({ commands: new Proxy({}, { get: () => () => new Promise(() => {}) }) as never, on: () => () => {} });
    renderScreen(
      <QueryClientProvider client={clientWith()}>
        <PlanNames />
      </QueryClientProvider>,
    );
    expect(await screen.findByText('Fibra 500 Mega')).toBeTruthy();
    cache.close();
  });
});
