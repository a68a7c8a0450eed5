import { Alert, Anchor, Badge, Box, Button, Group, Loader, Paper, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLiveQuery } from 'dexie-react-hooks';
import { useRef } from 'react';
import { Link } from 'wouter';
import { maskDocument, maskEmail, maskPhone, primaryPhone, transmittableProblems } from '../../../shared/domain';
import type { CustomerRow } from '../../db/db';
import { SEARCH_LIMIT, searchCustomers, serviceCounts } from './search';
import { useCustomersUi } from './ui-store';

const COLUMNS = '110px minmax(180px, 2fr) 160px minmax(160px, 1.5fr) 140px 80px 130px';
const ROW_HEIGHT = 44;

function Cell({ children, header = false }: { children: React.ReactNode; header?: boolean }) {
  return (
    <Box role={header ? 'columnheader' : 'cell'} px="xs" style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', alignSelf: 'center' }}>
      {children}
    </Box>
  );
}

function NotTransmittable({ customer }: { customer: CustomerRow }) {
  const problems = transmittableProblems(customer);
  if (problems.length === 0) return null;
  return (
    <Tooltip label={problems.join(' ')} multiline maw={360}>
      <Badge variant="filled" color="red.9" radius="sm" tt="none">
        Não transmite
      </Badge>
    </Tooltip>
  );
}

function CustomerTable({ rows, counts }: { rows: CustomerRow[]; counts: Map<number, number> }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Virtualized: only the rows on screen are in the DOM, however many the search returns.
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  return (
    <Paper withBorder role="table" aria-label="Clientes" aria-rowcount={rows.length + 1}>
      <Box role="rowgroup" bg="gray.1" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Box role="row" aria-rowindex={1} style={{ display: 'grid', gridTemplateColumns: COLUMNS, minHeight: 36 }}>
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
            const phone = primaryPhone(c);
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
                  <Text size="sm">{c.code ?? '—'}</Text>
                </Cell>
                <Cell>
                  <Anchor component={Link} href={`/${c.id}`} size="sm" fw={500}>
                    {c.name}
                  </Anchor>
                </Cell>
                <Cell>
                  {/* LGPD: documents, e-mails and phones are masked in lists; the detail shows them whole. */}
                  <Text size="sm" ff="monospace">
                    {maskDocument(c.document)}
                  </Text>
                </Cell>
                <Cell>
                  <Text size="sm">{c.emails[0] ? maskEmail(c.emails[0]) : '—'}</Text>
                </Cell>
                <Cell>
                  <Text size="sm">{phone ? maskPhone(phone) : '—'}</Text>
                </Cell>
                <Cell>
                  <Text size="sm">{counts.get(c.id) ?? 0}</Text>
                </Cell>
                <Cell>
                  <NotTransmittable customer={c} />
                </Cell>
              </Box>
            );
          })}
        </Box>
      </Box>
    </Paper>
  );
}

export function CustomerList() {
  const query = useCustomersUi((s) => s.query);
  const setQuery = useCustomersUi((s) => s.setQuery);
  const [debounced] = useDebouncedValue(query, 200);
  const result = useLiveQuery(() => searchCustomers(debounced), [debounced]);
  const ids = result?.rows.map((r) => r.id) ?? [];
  const counts = useLiveQuery(() => serviceCounts(ids), [ids.join(',')]);

  if (result && result.total === 0) {
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

      {!result ? (
        <Loader size="sm" aria-label="Carregando clientes" />
      ) : result.rows.length === 0 ? (
        <Alert color="gray" variant="light" title="Nenhum cliente encontrado">
          Nenhum cliente com nome, CPF/CNPJ, e-mail, telefone ou código começando com “{debounced.trim()}”. Confira o que foi digitado ou busque por outra
          informação.
        </Alert>
      ) : (
        <>
          <Text size="sm" aria-live="polite">
            {result.truncated
              ? debounced.trim() === ''
                ? `Mostrando os primeiros ${SEARCH_LIMIT} de ${result.total.toLocaleString('pt-BR')} clientes, em ordem de nome. Busque para encontrar quem procura.`
                : `Mais de ${SEARCH_LIMIT} clientes encontrados: mostrando os primeiros ${SEARCH_LIMIT}. Refine a busca.`
              : debounced.trim() === ''
                ? `${result.rows.length.toLocaleString('pt-BR')} ${result.rows.length === 1 ? 'cliente' : 'clientes'}`
                : `${result.rows.length.toLocaleString('pt-BR')} ${result.rows.length === 1 ? 'cliente encontrado' : 'clientes encontrados'}`}
          </Text>
          <CustomerTable rows={result.rows} counts={counts ?? new Map()} />
        </>
      )}
    </Stack>
  );
}
