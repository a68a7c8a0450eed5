import { Alert, Button, FileButton, Group, Paper, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconStack2 } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { BulkDialog, readServiceIds, type BulkStart } from '../bulk';
import { count } from '../../ui/format';
import { useCustomerSelection } from './selection-store';

/** Customers one selection may tick one by one (more go by the search: Selecionar todos). */
const MAX_TICKED = 1000;

async function bytesOf(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

/**
 * Ações em massa on the Clientes list: the selection (ticked customers, or every customer the search
 * finds, across pages, resolved by the host) or a file of id_cliente_servico, then the dialog.
 */
export function BulkBar({ text, matching, more }: { text: string; matching: number; more: boolean }) {
  const ids = useCustomerSelection((s) => s.ids);
  const all = useCustomerSelection((s) => s.all);
  const selectAll = useCustomerSelection((s) => s.selectAll);
  const clear = useCustomerSelection((s) => s.clear);
  const follow = useCustomerSelection((s) => s.follow);
  const [start, setStart] = useState<BulkStart | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  useEffect(() => follow(text), [follow, text]);

  const found = `${more ? 'mais de ' : ''}${matching.toLocaleString('pt-BR')}`;
  const everyone = matching === 1 && !more ? (text ? 'o cliente encontrado' : 'o único cliente') : text ? `todos os ${found} clientes encontrados` : `todos os ${found} clientes`;
  const selected = all ? everyone : count(ids.size, 'cliente selecionado', 'clientes selecionados');
  const tooMany = !all && ids.size > MAX_TICKED;

  function openSelection() {
    const target = all ? { kind: 'search' as const, text } : { kind: 'customers' as const, customerIds: [...ids] };
    setStart({ kind: 'package', target, targetLabel: selected });
  }

  async function openFile(file: File | null) {
    if (!file) return;
    setFileError(null);
    const read = await readServiceIds(await bytesOf(file), file.name);
    if ('error' in read) return setFileError(read.error);
    setStart({
      kind: 'package',
      target: { kind: 'services', serviceIds: read.serviceIds, lines: read.lines, fileName: file.name },
      targetLabel: `${count(read.serviceIds.length, 'linha', 'linhas')} do arquivo ${file.name} (coluna ${read.column})`,
    });
  }

  return (
    <>
      <Paper withBorder px="sm" py={6} bg={all || ids.size > 0 ? 'blue.0' : undefined}>
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text size="sm" fw={all || ids.size > 0 ? 600 : 400} aria-live="polite">
              {all || ids.size > 0 ? `${selected[0]!.toUpperCase()}${selected.slice(1)}` : 'Ações em massa: marque clientes na lista ou selecione todos os encontrados.'}
            </Text>
            {!all && matching > 0 ? (
              <Button size="xs" variant="default" onClick={selectAll}>
                Selecionar {everyone}
              </Button>
            ) : null}
            {all || ids.size > 0 ? (
              <Button size="xs" variant="subtle" onClick={clear}>
                Limpar seleção
              </Button>
            ) : null}
          </Group>
          <Group gap="xs">
            <FileButton onChange={(f) => void openFile(f)} accept=".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
              {(props) => (
                <Button {...props} size="xs" variant="default" leftSection={<IconFileSpreadsheet size={14} />}>
                  Ação em massa por arquivo…
                </Button>
              )}
            </FileButton>
            <Button size="xs" leftSection={<IconStack2 size={14} />} disabled={(!all && ids.size === 0) || tooMany} onClick={openSelection}>
              Ação em massa…
            </Button>
          </Group>
        </Group>
        {tooMany ? (
          <Text size="xs" c="red.9" mt={4}>
            Marque até {MAX_TICKED.toLocaleString('pt-BR')} clientes um a um; para mais, busque por eles e use “Selecionar todos os encontrados”.
          </Text>
        ) : null}
      </Paper>
      {fileError ? (
        <Alert color="red" title="Arquivo não lido" withCloseButton onClose={() => setFileError(null)}>
          {fileError}
        </Alert>
      ) : null}
      {start ? (
        <BulkDialog
          start={start}
          onClose={() => {
            setStart(null);
            clear();
          }}
        />
      ) : null}
    </>
  );
}
