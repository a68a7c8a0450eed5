import { notifications } from '@mantine/notifications';
import type { Failure } from '../../shared/contract';

/** `replaces`: the id of a failure toast about the same action, taken away now that it succeeded. */
export function notifySuccess(message: string, title?: string, { replaces }: { replaces?: string } = {}) {
  if (replaces) notifications.hide(replaces);
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}

/**
 * A failure from the bridge, shown with its Portuguese message (it says what to do). With `id`, a
 * second failure of the same action replaces the first instead of stacking beside it.
 */
export function notifyFailure(failure: Pick<Failure, 'message'> & Partial<Failure>, title = 'Não foi possível concluir', { id }: { id?: string } = {}) {
  if (id) notifications.hide(id);
  notifications.show({ id, color: 'red', title, message: failure.message, autoClose: 8000 });
}
