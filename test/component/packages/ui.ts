import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Picks an option of a Mantine Select by the field's label. The dropdown stays `display: none` in
 * jsdom (its transition never runs), hence `hidden: true`.
 */
export async function choose(user: UserEvent, field: string, option: string | RegExp) {
  const listbox = await open(user, field);
  await user.click(within(listbox).getByRole('option', { name: option, hidden: true }));
}

/** The option texts a Select offers. */
export async function optionsOf(user: UserEvent, field: string): Promise<string[]> {
  const listbox = await open(user, field);
  return within(listbox).queryAllByRole('option', { hidden: true }).map((o) => o.textContent ?? '');
}

export async function typeInto(user: UserEvent, field: HTMLElement, text: string) {
  await user.clear(field);
  if (text) await user.type(field, text);
}

/** Opens the Select and returns its own listbox (closed ones stay in the DOM). */
async function open(user: UserEvent, field: string): Promise<HTMLElement> {
  const input = await screen.findByRole('combobox', { name: new RegExp(`^${field}`) });
  // a Select whose options are still on their way from the host is disabled until they arrive
  await waitFor(() => {
    if ((input as HTMLInputElement).disabled) throw new Error(`${field} ainda carregando`);
  });
  await user.click(input);
  return waitFor(() => {
    const listbox = document.getElementById(input.getAttribute('aria-controls') ?? '');
    if (!listbox) throw new Error(`A lista de ${field} não abriu`);
    return listbox;
  });
}

/** The error Mantine shows under a field (the one its input is described by). */
export function fieldError(input: HTMLElement): string {
  return (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id))
    .filter((el) => el?.className.includes('error'))
    .map((el) => el!.textContent)
    .join(' ');
}
