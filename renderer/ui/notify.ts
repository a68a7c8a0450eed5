import { notifications } from '@mantine/notifications';
import type { Failure } from '../../shared/contract';

export function notifySuccess(message: string, title?: string) {
  notifications.show({ color: 'teal', title, message, autoClose: 4000 });
}

/** A failure from the bridge, shown with its Portuguese message (it says what to do). */
export function notifyFailure(failure: Pick<Failure, 'message'> & Partial<Failure>, title = 'Não foi possível concluir') {
  notifications.show({ color: 'red', title, message: failure.message, autoClose: 8000 });
}
