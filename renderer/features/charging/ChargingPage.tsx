import { Alert, Badge, Button, Group, Loader, Menu, Paper, Select, SimpleGrid, Stack, Table, Tabs, Text, Tooltip } from '@mantine/core';
import { IconChevronDown, IconChevronLeft, IconChevronRight, IconDownload, IconFileTypePdf, IconLock } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { ChargingFormat } from '../../../shared/contract/charging';
import type { DataTable } from '../../../shared/contract/data';
import { CHARGING_RULES, chargingRuleLabels, competenceLabel, licenceStateLabels, nextCompetence, type ChargingRule } from '../../../shared/domain/charging';
import { formatDocument } from '../../../shared/domain/document';
import { formatBRL } from '../../../shared/domain/money';
import { run, useHostQuery } from '../../data/client';
import { useConfirm } from '../../ui/ConfirmDialog';
import { formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { exportCharging, saveSvaReport } from './export';
import { PlatformBillPanel } from './PlatformBillPanel';

/** What a month reads: licences (links), their customers, packages, products and Cobrança's own tables. */
export const CHARGING_TABLES: readonly DataTable[] = ['links', 'customers', 'services', 'packages', 'products', 'charging'];
const PAGE = 100;

const n = (v: number) => v.toLocaleString('pt-BR');
const br = (day: string | undefined) => (day ? `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}` : '');

/** This month and the 24 before it, in São Paulo; the one selected at first is the last month (the one to bill). */
function competences(): string[] {
  const now = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  return Array.from({ length: 25 }, (_, k) => nextCompetence(now, -k));
}

const formats: { format: ChargingFormat; label: string; hint: string }[] = [
  { format: 'excel', label: 'CSV para Excel', hint: 'separado por ponto e vírgula, vírgula decimal, datas dd/mm/aaaa' },
  { format: 'machine', label: 'CSV para sistemas', hint: 'separado por vírgula, ponto decimal, datas aaaa-mm-dd' },
  { format: 'xlsx', label: 'Planilha XLSX', hint: 'valores como números' },
];

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg">
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function RulesPanel() {
  const rules = useHostQuery('charging.rules', {}, ['integrations', 'charging']);
  if (!rules.data || rules.data.length === 0) return null;
  return (
    <Group gap="md" align="flex-end">
      {rules.data.map((r) => (
        <Select
          key={r.integrationId}
          label={`Regra de cobrança · ${r.description}`}
          description="Cobrar / Cobrar dias não utilizados, como no HubSoft"
          data={CHARGING_RULES.map((value) => ({ value, label: chargingRuleLabels[value] }))}
          value={r.rule}
          allowDeselect={false}
          w={360}
          onChange={async (v) => {
            if (!v || v === r.rule) return;
            try {
              await run('charging.setRule', { integrationId: r.integrationId, rule: v as ChargingRule });
              notifySuccess(`"${r.description}" passa a cobrar: ${chargingRuleLabels[v as ChargingRule]}.`, 'Regra de cobrança alterada');
            } catch (e) {
              notifyFailure({ message: (e as Error).message });
            }
          }}
        />
      ))}
    </Group>
  );
}

/** Cobrança: what to bill each customer for a competência, its export for the ERP, and its closing. */
export function ChargingPage() {
  const months = useMemo(competences, []);
  const [competence, setCompetence] = useState(months[1]!);
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState<ChargingFormat | 'close' | 'report' | null>(null);
  const [dialog, ask] = useConfirm();
  const [tab, setTab] = useState('clientes');
  const month = useHostQuery('charging.month', { competence, offset, limit: PAGE }, CHARGING_TABLES);
  const m = month.data;

  const choose = (c: string | null) => {
    if (!c) return;
    setCompetence(c);
    setOffset(0);
  };

  const doExport = async (format: ChargingFormat) => {
    setBusy(format);
    try {
      const { rows, fileName } = await exportCharging(competence, format);
      notifySuccess(`${n(rows)} ${rows === 1 ? 'linha exportada' : 'linhas exportadas'} em ${fileName}.`, `Cobrança de ${competenceLabel(competence)} exportada`);
    } catch (e) {
      notifyFailure({ message: (e as Error).message }, 'Cobrança não exportada');
    } finally {
      setBusy(null);
    }
  };

  const report = async () => {
    setBusy('report');
    try {
      const { fileName, dataHash } = await saveSvaReport(competence);
      notifySuccess(`${fileName} · dados ${dataHash.slice(0, 16)}.`, `Relatório de SVA de ${competenceLabel(competence)} gerado`);
    } catch (e) {
      notifyFailure({ message: (e as Error).message }, 'Relatório não gerado');
    } finally {
      setBusy(null);
    }
  };

  const close = () => {
    if (!m) return;
    ask({
      title: `Fechar a competência ${competenceLabel(competence)}?`,
      message: `As ${n(m.lineCount)} linhas exportadas (total ${formatBRL(m.totals.amountCents + m.adjustments.amountCents)}) ficam guardadas como foram enviadas ao ERP. Mudanças posteriores nesta competência entram como ajuste em ${competenceLabel(nextCompetence(competence))}; o fechamento não pode ser desfeito.`,
      confirm: 'Fechar competência',
      onConfirm: async () => {
        setBusy('close');
        try {
          await run('charging.close', { competence, dataHash: m.dataHash });
          notifySuccess(`Mudanças posteriores entram como ajuste em ${competenceLabel(nextCompetence(competence))}.`, `Competência ${competenceLabel(competence)} fechada`);
        } catch (e) {
          notifyFailure({ message: (e as Error).message }, 'Competência não fechada');
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const closeBlocked = !m || m.closing ? '' : !m.ended ? `A competência ainda não terminou: feche-a a partir de ${br(`${nextCompetence(competence)}-01`)}.` : !m.exportedAt ? 'Exporte a competência antes de fechá-la.' : '';
  const margin = m ? m.totals.svaCents - m.totals.costCents : 0;

  return (
    <Stack gap="md">
      {dialog}
      <Group align="flex-end" justify="space-between">
        <Group align="flex-end" gap="sm">
          <Select label="Competência" data={months.map((c) => ({ value: c, label: competenceLabel(c) }))} value={competence} onChange={choose} allowDeselect={false} w={150} />
          {m && (m.closing ? <Badge color="gray" variant="light" c="dark.8" leftSection={<IconLock size={12} />}>Fechada</Badge> : <Badge color="teal" variant="light" c="dark.8">Aberta</Badge>)}
        </Group>
        <Group gap="sm">
          <Menu position="bottom-end">
            <Menu.Target>
              <Button leftSection={<IconDownload size={16} />} rightSection={<IconChevronDown size={14} />} loading={busy === 'excel' || busy === 'machine' || busy === 'xlsx'} disabled={!m || m.lineCount === 0}>
                Exportar
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              {formats.map((f) => (
                <Menu.Item key={f.format} onClick={() => void doExport(f.format)}>
                  <Text size="sm">{f.label}</Text>
                  <Text size="xs" c="dimmed">
                    {f.hint}
                  </Text>
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => void report()} loading={busy === 'report'} disabled={!m || m.lineCount === 0}>
            Relatório de SVA (PDF)
          </Button>
          {m && !m.closing && (
            <Tooltip label={closeBlocked} disabled={!closeBlocked}>
              <Button variant="default" leftSection={<IconLock size={16} />} onClick={close} loading={busy === 'close'} disabled={!!closeBlocked || m.lineCount === 0} data-disabled={!!closeBlocked || undefined}>
                Fechar competência
              </Button>
            </Tooltip>
          )}
        </Group>
      </Group>

      <Tabs value={tab} onChange={(v) => setTab(v ?? 'clientes')} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="clientes">Cobrança dos clientes</Tabs.Tab>
          <Tabs.Tab value="plataforma">Fatura da plataforma</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="plataforma">
          <PlatformBillPanel competence={competence} tables={CHARGING_TABLES} />
        </Tabs.Panel>
        <Tabs.Panel value="clientes">
          <Stack gap="md">
            <RulesPanel />

            {month.error ? (
              <LoadFailure what="a cobrança" error={month.error} onRetry={() => void month.refetch()} />
            ) : !m ? (
              <Loader size="sm" aria-label="Calculando a cobrança" />
            ) : (
              <>
                {m.closing && (
                  <Alert color={m.closing.changedSince > 0 ? 'orange' : 'gray'} title={`Competência fechada em ${formatDateTime(m.closing.closedAt)}${m.closing.closedBy ? ` por ${m.closing.closedBy}` : ''}`}>
                    <Text size="sm">
                      As linhas abaixo são as que foram exportadas e fechadas; não mudam mais.
                      {m.closing.changedSince > 0 &&
                        ` Depois do fechamento, a cobrança de ${n(m.closing.changedSince)} ${m.closing.changedSince === 1 ? 'vínculo mudou' : 'vínculos mudaram'}: a diferença entra como ajuste em ${competenceLabel(nextCompetence(competence))}.`}
                    </Text>
                  </Alert>
                )}
                <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm">
                  <Figure label="Linhas" value={n(m.totals.lines)} hint={`${n(m.totals.licences)} licenças ativas no mês`} />
                  <Figure label="Valor a cobrar" value={formatBRL(m.totals.amountCents)} />
                  <Figure label="SVA" value={formatBRL(m.totals.svaCents)} />
                  <Figure label="SCM" value={formatBRL(m.totals.scmCents)} hint={m.totals.otherCents ? `Outro: ${formatBRL(m.totals.otherCents)}` : undefined} />
                  <Figure label="Custo da plataforma" value={formatBRL(m.totals.costCents)} hint="licenças ativas × custo do produto" />
                  <Figure label="Margem do SVA" value={formatBRL(margin)} />
                </SimpleGrid>
                {m.adjustments.lines > 0 && (
                  <Alert color="orange" title={`Ajustes de competências fechadas: ${n(m.adjustments.lines)} ${m.adjustments.lines === 1 ? 'linha' : 'linhas'}, ${formatBRL(m.adjustments.amountCents)}`}>
                    <Text size="sm">Mudanças registradas depois do fechamento de um mês anterior entram aqui pela diferença, marcadas como ajuste no arquivo.</Text>
                  </Alert>
                )}
                {m.exportedAt && !m.closing && (
                  <Text size="xs" c="dimmed">
                    Estas linhas foram exportadas em {formatDateTime(m.exportedAt)}.
                  </Text>
                )}

                {m.lineCount === 0 ? (
                  <Text size="sm">Nenhuma licença com dias nesta competência. A cobrança conta os dias em que a plataforma confirmou cada licença ativa ou suspensa.</Text>
                ) : (
                  <>
                    <Group justify="space-between">
                      <Text size="sm" role="status">
                        {n(m.lineCount)} {m.lineCount === 1 ? 'linha' : 'linhas'} · mostrando {n(offset + 1)}–{n(offset + m.lines.length)}
                      </Text>
                      <Group gap="xs">
                        <Button size="xs" variant="default" leftSection={<IconChevronLeft size={14} />} disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                          Anterior
                        </Button>
                        <Button size="xs" variant="default" rightSection={<IconChevronRight size={14} />} disabled={offset + PAGE >= m.lineCount} onClick={() => setOffset(offset + PAGE)}>
                          Próxima
                        </Button>
                      </Group>
                    </Group>
                    <Table striped withTableBorder verticalSpacing={6} aria-label={`Cobrança de ${competenceLabel(competence)}`}>
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>Cliente</Table.Th>
                          <Table.Th>Serviço</Table.Th>
                          <Table.Th>Pacote · produto</Table.Th>
                          <Table.Th>Situação</Table.Th>
                          <Table.Th ta="right">Dias</Table.Th>
                          <Table.Th ta="right">Preço</Table.Th>
                          <Table.Th ta="right">Valor</Table.Th>
                          <Table.Th ta="right">SVA</Table.Th>
                          <Table.Th ta="right">SCM</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {m.lines.map((l) => (
                          <Table.Tr key={`${l.kind}:${l.adjusts ?? ''}:${l.linkId}`}>
                            <Table.Td>
                              <Text size="sm">{l.customerName}</Text>
                              <Text size="xs" c="dimmed">
                                {[l.customerCode && `Cód. ${l.customerCode}`, l.document && formatDocument(l.document.length === 14 ? 'cnpj' : 'cpf', l.document)].filter(Boolean).join(' · ')}
                              </Text>
                            </Table.Td>
                            <Table.Td ff="monospace">{l.serviceId}</Table.Td>
                            <Table.Td>
                              <Text size="sm">{l.packageName}</Text>
                              <Text size="xs" c="dimmed">
                                {l.productName || l.productCode}
                              </Text>
                            </Table.Td>
                            <Table.Td>
                              {l.kind === 'adjustment' ? (
                                <Badge color="orange" variant="light" c="dark.8">
                                  Ajuste de {competenceLabel(l.adjusts!)}
                                </Badge>
                              ) : (
                                <Text size="sm">{licenceStateLabels[l.status]}</Text>
                              )}
                              <Text size="xs" c="dimmed">
                                {[l.activatedOn && `ativada ${br(l.activatedOn)}`, ...l.suspensions.map(([a, b]) => `suspensa ${br(a)}–${br(b)}`), l.canceledOn && `cancelada ${br(l.canceledOn)}`].filter(Boolean).join(' · ')}
                              </Text>
                            </Table.Td>
                            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                              {l.activeDays}/{l.daysInMonth}
                            </Table.Td>
                            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                              {formatBRL(l.priceCents)}
                            </Table.Td>
                            <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                              {formatBRL(l.amountCents)}
                            </Table.Td>
                            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                              {formatBRL(l.svaCents)}
                            </Table.Td>
                            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                              {formatBRL(l.scmCents)}
                            </Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </>
                )}
              </>
            )}
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
