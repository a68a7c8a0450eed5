/**
 * Routes live in the hash (`#/configuracao/geral/servicos-planos/3/editar?aba=pacotes`), and so does
 * their query: the same URLs work under app:// and on the browser host. wouter's own hash hook puts
 * the query in the page's real `?search` instead and leaves it there on the next navigation without
 * one, so `?aba=pacotes` of one screen stuck to the next ("Adicionar plano" opened on the aba
 * Pacotes). Here a navigation sets path and query together: a link without `?` has no query.
 */
import { useSyncExternalStore } from 'react';

let listeners: (() => void)[] = [];
const onHashChange = () => listeners.forEach((l) => l());

function subscribe(listener: () => void) {
  if (listeners.push(listener) === 1) addEventListener('hashchange', onHashChange);
  return () => {
    listeners = listeners.filter((l) => l !== listener);
    if (listeners.length === 0) removeEventListener('hashchange', onHashChange);
  };
}

/** The hash without its `#` and leading `/`, split at the first `?`. */
function parts(hash: string): [path: string, search: string] {
  const bare = hash.replace(/^#?\/?/, '');
  const q = bare.indexOf('?');
  return q < 0 ? [bare, ''] : [bare.slice(0, q), bare.slice(q + 1)];
}

const currentPath = () => `/${parts(location.hash)[0]}`;
const currentSearch = () => parts(location.hash)[1];

export function navigateHash(to: string, { replace = false, state = null }: { replace?: boolean; state?: unknown } = {}) {
  const oldURL = location.href;
  const url = new URL(oldURL);
  const [path, search] = parts(to);
  url.hash = `/${path}${search ? `?${search}` : ''}`;
  history[replace ? 'replaceState' : 'pushState'](state, '', url.href);
  dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: url.href }));
}

export function useHashLocation(): [string, typeof navigateHash] {
  return [useSyncExternalStore(subscribe, currentPath, () => '/'), navigateHash];
}
/** wouter reads a location hook's own query from here (Router's `searchHook`). */
useHashLocation.searchHook = () => useSyncExternalStore(subscribe, currentSearch, () => '');
useHashLocation.hrefs = (href: string) => `#${href}`;
