/** A selection of rows with these ids ticked (`on`) or unticked: a new Set, for React state. */
export function toggled(selection: ReadonlySet<string>, ids: readonly string[], on: boolean): Set<string> {
  const next = new Set(selection);
  for (const id of ids) {
    if (on) next.add(id);
    else next.delete(id);
  }
  return next;
}
