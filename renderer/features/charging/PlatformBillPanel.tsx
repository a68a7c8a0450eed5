import { Alert, Badge, Group, Loader, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import type { DataTable } from '../../../shared/contract/data';
import { competenceLabel, PLATFORM_EXCEPTIONS, platformExceptionLabels, type PlatformExceptionKind } from '../../../shared/domain/charging';
import { formatBRL } from '../../../shared/domain/money';
import { useHostQuery } from '../../data/client';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';

const n = (v: number) => v.toLocaleString('pt-BR');
const statusWords: Record<string, string> = { active: 'ativa', suspended: 'suspensa', canceled: 'cancelada' };
const SHOWN = 200;

/** Conferência da fatura da plataforma: what the platform will bill, against what the office bills, and the exceptions. */
export function PlatformBillPanel({ competence, tables }: { competence: string; tables: readonly DataTable[] }) {
  const bill = useHostQuery('charging.platformBill', { competence }, [...tables, 'integrations']);
  const [kind, setKind] = useState<PlatformExceptionKind | null>(null);
  if (bill.error) return <LoadFailure what="a conferência da fatura" error={bill.error} onRetry={() => void bill.refetch()} />;
  const b = bill.data;
  if (!b) return <Loader size="sm" aria-label="Conferindo a fatura da plataforma" />;
  const counts = new Map(PLATFORM_EXCEPTIONS.map((k) => [k, b.exceptions.filter((e) => e.kind === k).length]));
  const shown = b.exceptions.filter((e) => kind === null || e.kind === kind);
  const expected = b.products.reduce((s, p) => s + p.expectedCents, 0);

  return (
    <Stack gap="md">
      {b.lastCheckAt ? (
        <Text size="sm" c="dimmed">
          Licenças na plataforma segundo as conferências de {competenceLabel(competence)} (a última em {formatDateTime(b.lastCheckAt)}). Fatura esperada da plataforma: <b>{formatBRL(expected)}</b>.
        </Text>
      ) : (
        <Alert color="orange" title={`Nenhuma conferência com a plataforma em ${competenceLabel(competence)}`}>
          Sem uma conferência no mês não há como saber quais licenças a plataforma vai cobrar: use a aba Conferir com a plataforma em Transmissões (a rotina diária também confere). Até lá, toda licença cobrada aparece como cobrada sem licença.
        </Alert>
      )}
      <Table withTableBorder striped verticalSpacing={6} aria-label="Fatura da plataforma por produto">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Produto</Table.Th>
            <Table.Th ta="right">Ativas na plataforma</Table.Th>
            <Table.Th ta="right">Custo por licença</Table.Th>
            <Table.Th ta="right">Fatura esperada</Table.Th>
            <Table.Th ta="right">Cobradas dos clientes</Table.Th>
            <Table.Th ta="right">Valor cobrado</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {b.products.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm">Nenhuma licença no mês.</Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            b.products.map((p) => (
              <Table.Tr key={`${p.integrationId}:${p.productCode}`}>
                <Table.Td>
                  <Text size="sm">{p.productName || p.productCode}</Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {p.productCode}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{n(p.platformActive)}</Table.Td>
                <Table.Td ta="right">{p.unitCostCents === undefined ? <Text size="sm" c="red.9">sem custo informado</Text> : formatBRL(p.unitCostCents)}</Table.Td>
                <Table.Td ta="right">{formatBRL(p.expectedCents)}</Table.Td>
                <Table.Td ta="right">{n(p.billedLicences)}</Table.Td>
                <Table.Td ta="right">{formatBRL(p.billedCents)}</Table.Td>
              </Table.Tr>
            ))
          )}
        </Table.Tbody>
      </Table>

      <Group align="flex-end" gap="sm">
        <Select
          label="Exceções"
          placeholder={`Todas (${n(b.exceptions.length)})`}
          clearable
          data={PLATFORM_EXCEPTIONS.map((k) => ({ value: k, label: `${platformExceptionLabels[k]} (${n(counts.get(k) ?? 0)})` }))}
          value={kind}
          onChange={(v) => setKind(v as PlatformExceptionKind | null)}
          w={420}
        />
        <Text size="sm" role="status">
          {shown.length === 0 ? 'Nenhuma exceção.' : `${n(shown.length)} ${shown.length === 1 ? 'exceção' : 'exceções'}${shown.length > SHOWN ? ` · mostrando as primeiras ${SHOWN}` : ''}`}
        </Text>
      </Group>
      {shown.length > 0 && (
        <Table withTableBorder striped verticalSpacing={6} aria-label="Exceções da fatura da plataforma">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Exceção</Table.Th>
              <Table.Th>Cliente · serviço</Table.Th>
              <Table.Th>Contrato · label</Table.Th>
              <Table.Th>Na plataforma</Table.Th>
              <Table.Th ta="right">Cobrado</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.slice(0, SHOWN).map((e) => (
              <Table.Tr key={`${e.kind}:${e.integrationId}:${e.contractIdentifier}:${e.label}:${e.serviceId ?? ''}`}>
                <Table.Td>
                  <Badge color={e.kind === 'not_billed' ? 'orange' : 'red'} variant="light" c="dark.8" style={{ whiteSpace: 'normal', height: 'auto' }}>
                    {platformExceptionLabels[e.kind]}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{e.customerName ?? '—'}</Text>
                  {e.serviceId && (
                    <Text size="xs" c="dimmed" ff="monospace">
                      {e.serviceId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ff="monospace">
                  <Text size="sm">{e.contractIdentifier}</Text>
                  <Text size="xs" c="dimmed">
                    {e.label}
                  </Text>
                </Table.Td>
                <Table.Td>{e.platformStatus ? statusWords[e.platformStatus] ?? e.platformStatus : 'sem licença'}</Table.Td>
                <Table.Td ta="right">{e.amountCents === undefined ? '—' : formatBRL(e.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
