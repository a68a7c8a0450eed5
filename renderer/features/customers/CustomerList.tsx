import { Alert, Anchor, Badge, Box, Button, Group, Loader, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconChevronLeft, IconChevronRight, IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'wouter';
import { SEARCH_PAGE, type CustomerListRow, type CustomerSearchResult } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { CUSTOMER_LIST_TABLES } from './queries';
import { useCustomersUi } from './ui-store';
import { BulkBar } from './BulkBar';
import { SelectCustomerBox, SelectPageBox } from './SelectionCells';
const COLUMNS = '40px 70px minmax(180px, 1.6fr) 180px minmax(160px, 1.4fr) 140px 80px 150px';
const ROW_HEIGHT = 44;

function Cell({ children, header = false }: { children: React.ReactNode; header?: boolean }) {
  return (
    <Box role={header ? 'columnheader' : 'cell'} px="xs" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', alignSelf: 'center' }}>
      {children}
    </Box>
  );
}

function NotTransmittable({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <Tooltip label={problems.join(' ')} multiline maw={360}>
      <Badge variant="filled" color="red.9" radius="sm" tt="none">
        Não transmite
      </Badge>
    </Tooltip>
  );
}

function CustomerTable({ rows }: { rows: CustomerListRow[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Virtualized: only the rows on screen are in the DOM, however many the search returns.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  return (
    <Paper withBorder role="table" aria-label="Clientes" aria-rowcount={rows.length + 1}>
      <Box role="rowgroup" bg="gray.1" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Box role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: COLUMNS, minHeight: 36 }}>
          <Cell header>
            <SelectPageBox ids={rows.map((r) => r.id)} />
          </Cell>
          {['Código', 'Nome', 'CPF/CNPJ', 'E-mail', 'Telefone', 'Serviços', 'Transmissão'].map((h) => (
            <Cell key={h} header>
              <Text size="sm" fw={600}>
                {h}
              </Text>
            </Cell>
          ))}
        </Box>
      </Box>
      <Box ref={scrollRef} role="rowgroup" style={{ height: `min(${rows.length * ROW_HEIGHT}px, 60vh, calc(100vh - 330px))`, minHeight: Math.min(rows.length * ROW_HEIGHT, 220), overflow: 'auto' }}>
        <Box style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const c = rows[item.index];
            return (
              <Box
                key={c.id}
                role="row"
                aria-rowindex={item.index + 2}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: COLUMNS,
                  borderBottom: '1px solid var(--mantine-color-gray-2)',
                }}
              >
                <Cell>
                  <SelectCustomerBox id={c.id} name={c.name} />
                </Cell>
                <Cell>
                  <Text size="sm">{c.code ?? '—'}</Text>
                </Cell>
                <Cell>
                  <Anchor component={Link} href={`/${c.id}`} size="sm" fw={500}>
                    {c.name}
                  </Anchor>
                </Cell>
                <Cell>
                  {/* LGPD: the host masks documents, e-mails and phones in lists; the detail shows them whole. */}
                  <Text size="sm" ff="monospace">
                    {c.document}
                  </Text>
                </Cell>
                <Cell>
                  <Text size="sm">{c.email ?? '—'}</Text>
                </Cell>
                <Cell>
                  <Text size="sm">{c.phone ?? '—'}</Text>
                </Cell>
                <Cell>
                  <Text size="sm">{c.services}</Text>
                </Cell>
                <Cell>
                  <NotTransmittable problems={c.notTransmittable} />
                </Cell>
              </Box>
            );
          })}
        </Box>
      </Box>
    </Paper>
  );
}

const n = (v: number) => v.toLocaleString('pt-BR');

/** "1.234 clientes" or "Mostrando 201–400 de 1.234 clientes encontrados", in name order. */
function summary(result: CustomerSearchResult, page: number, searching: boolean): string {
  const { matching, more } = result.counts;
  const noun = searching ? (matching === 1 && !more ? 'cliente encontrado' : 'clientes encontrados') : matching === 1 ? 'cliente' : 'clientes';
  const total = `${more ? 'mais de ' : ''}${n(matching)} ${noun}`;
  if (page === 0 && result.next === null) return `${total[0].toUpperCase()}${total.slice(1)}, em ordem de nome`;
  const first = page * SEARCH_PAGE + 1;
  return `Mostrando ${n(first)}–${n(first + result.rows.length - 1)} de ${total}, em ordem de nome`;
}

export function CustomerList() {
  const query = useCustomersUi((s) => s.query);
  const setQuery = useCustomersUi((s) => s.setQuery);
  const pages = useCustomersUi((s) => s.pages);
  const nextPage = useCustomersUi((s) => s.nextPage);
  const previousPage = useCustomersUi((s) => s.previousPage);
  const [debounced] = useDebouncedValue(query, 200);
  const text = debounced.trim();
  const search = useHostQuery('customers.search', { text, ...(pages.length > 0 && { after: pages.at(-1) }) }, CUSTOMER_LIST_TABLES);
  // While the next answer comes, the last one stays on screen (no flicker as the clerk types).
  const last = useRef<CustomerSearchResult | undefined>(undefined);
  if (search.data) last.current = search.data;
  const result = search.data ?? last.current;

  if (result && result.counts.customers === 0) {
    return (
      <Paper withBorder p="xl" maw={720}>
        <Stack gap="sm" align="flex-start">
          <Title order={2} size="h4">
            Nenhum cliente cadastrado ainda
          </Title>
          <Text size="sm">
            Cadastre os clientes um a um ou traga todos de uma vez do seu ERP (HubSoft, IXC, MK, SGP) com um arquivo CSV. Depois, adicione os serviços e
            vincule os pacotes.
          </Text>
          <Group>
            <Button component={Link} href="/novo" leftSection={<IconPlus size={16} />}>
              Adicionar cliente
            </Button>
            <Button component={Link} href="~/importacao" variant="default" leftSection={<IconFileImport size={16} />}>
              Importar do ERP
            </Button>
          </Group>
        </Stack>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <TextInput
          label="Buscar cliente"
          description="Nome ou sobrenome, CPF/CNPJ, e-mail, telefone ou código do ERP"
          placeholder="Ex.: Silva, 123.456, maria@, (11) 91234 ou 1020"
          leftSection={<IconSearch size={16} />}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
          w={460}
          autoFocus
        />
        <Group>
          <Button component={Link} href="~/importacao" variant="default" leftSection={<IconFileImport size={16} />}>
            Importar do ERP
          </Button>
          <Button component={Link} href="/novo" leftSection={<IconPlus size={16} />}>
            Adicionar cliente
          </Button>
        </Group>
      </Group>

      {!result && search.isError ? (
        <LoadFailure what="os clientes" error={search.error} onRetry={() => void search.refetch()} />
      ) : !result ? (
        <Loader size="sm" aria-label="Carregando clientes" />
      ) : result.rows.length === 0 ? (
        <Alert color="gray" variant="light" title="Nenhum cliente encontrado">
          Nenhum cliente encontrado para “{text}”. Confira o que foi digitado ou busque por outra informação: parte do nome, CPF/CNPJ, e-mail, telefone
          ou código do ERP.
        </Alert>
      ) : (
        <>
          <Group justify="space-between">
            <Text size="sm" aria-live="polite">
              {summary(result, pages.length, text !== '')}
            </Text>
            {pages.length > 0 || result.next ? (
              <Group gap="xs">
                <Button size="xs" variant="default" leftSection={<IconChevronLeft size={14} />} disabled={pages.length === 0} onClick={previousPage}>
                  Página anterior
                </Button>
                <Button size="xs" variant="default" rightSection={<IconChevronRight size={14} />} disabled={!result.next} onClick={() => result.next && nextPage(result.next)}>
                  Próxima página
                </Button>
              </Group>
            ) : null}
          </Group>
          <BulkBar text={text} matching={result.counts.matching} more={result.counts.more} />
          <CustomerTable key={`${text}-${pages.length}`} rows={result.rows} />
        </>
      )}
    </Stack>
  );
}
