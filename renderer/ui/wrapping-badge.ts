/**
 * Mantine's Badge cuts a label wider than its cell with an ellipsis ("AGUARDANDO VALIDAÇÃO DA
 * CONTABIL…", "CANCELA…" in a service row): these styles let it wrap inside the cell instead.
 */
export const wrappingBadge = { root: { height: 'auto', maxWidth: '100%', paddingBlock: 2 }, label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip' } } as const;
