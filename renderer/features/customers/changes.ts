/**
 * The hook point between the office's edits and the transmission controller: after every committed
 * write of desired state (customers, services, links) the repository calls notifyDesiredStateChanged(),
 * and the controller listens with onDesiredStateChanged() to start a debounced reconcile pass.
 */
export const DESIRED_STATE_CHANGED = 'sva:desired-state-changed';

export function notifyDesiredStateChanged(): void {
  if (typeof window === 'undefined') return;
  window.dispatchEvent(new CustomEvent(DESIRED_STATE_CHANGED));
}

/** Subscribes to desired-state changes; returns the unsubscribe function. */
export function onDesiredStateChanged(listener: () => void): () => void {
  window.addEventListener(DESIRED_STATE_CHANGED, listener);
  return () => window.removeEventListener(DESIRED_STATE_CHANGED, listener);
}
