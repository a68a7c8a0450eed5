import { Checkbox } from '@mantine/core';
import { useCustomerSelection } from './selection-store';

/** The list's header box: ticks or unticks every customer of the page shown. */
export function SelectPageBox({ ids }: { ids: readonly number[] }) {
  const selected = useCustomerSelection((s) => s.ids);
  const all = useCustomerSelection((s) => s.all);
  const toggle = useCustomerSelection((s) => s.toggle);
  const on = ids.filter((id) => selected.has(id)).length;
  return (
    <Checkbox
      aria-label="Selecionar os clientes desta página"
      checked={all || (on > 0 && on === ids.length)}
      disabled={all}
      indeterminate={!all && on > 0 && on < ids.length}
      onChange={(e) => toggle(ids, e.currentTarget.checked)}
    />
  );
}

/** One customer's box on the list. */
export function SelectCustomerBox({ id, name }: { id: number; name: string }) {
  const on = useCustomerSelection((s) => s.all || s.ids.has(id));
  const toggle = useCustomerSelection((s) => s.toggle);
  const all = useCustomerSelection((s) => s.all);
  // with every match selected, Limpar seleção changes it
  return <Checkbox aria-label={`Selecionar ${name}`} checked={on} disabled={all} onChange={(e) => toggle([id], e.currentTarget.checked)} />;
}
