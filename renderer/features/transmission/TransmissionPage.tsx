import { Alert, Anchor, Badge, Button, Group, Progress, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import { effectiveContractIdentifier, effectiveLabel, IN_FLIGHT, type Link } from '../../../shared/domain';
import { db } from '../../db/db';
import { formatDateTime } from '../../ui/format';
import { requestPass, SCHEDULE_KEY, setScheduleHour, type Schedule } from './controller';
import { DriftPanel } from './drift';
import { useTransmission } from './store';
import { actionLabels, planAction, transmissionStatus, transmissionStatusLabels, type TransmissionStatus } from './summary';

const LIMIT = 500;
const filterable: TransmissionStatus[] = ['pending', 'sending', 'active', 'suspended', 'canceled', 'blocked', 'error'];

/** The rows of one status, read through the index where there is one, at most LIMIT. */
async function linksWithStatus(status: TransmissionStatus | null, pendingIds: string[]): Promise<Link[]> {
  switch (status) {
    case null:
      return db.links.limit(LIMIT).toArray();
    case 'pending':
      return (await db.links.bulkGet(pendingIds.slice(0, LIMIT))).filter((l): l is Link => !!l);
    case 'sending':
      return db.links.filter((l) => l.observed.error?.code === IN_FLIGHT).limit(LIMIT).toArray();
    case 'active':
    case 'suspended':
    case 'canceled':
    case 'error':
    case 'blocked':
      return db.links.where('observed.state').equals(status).limit(LIMIT).toArray();
    default:
      return [];
  }
}

export function TransmissionPage() {
  const pending = useTransmission((s) => s.pending);
  const passing = useTransmission((s) => s.passing);
  const notice = useTransmission((s) => s.notice);
  const runs = useTransmission((s) => s.runs);
  const [status, setStatus] = useState<TransmissionStatus | null>(null);
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  const pendingIds = Object.keys(pending);

  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const plans = useLiveQuery(() => db.plans.toArray(), []);
  const counts = useLiveQuery(async () => {
    const c: Partial<Record<TransmissionStatus, number>> = {};
    for (const s of ['active', 'suspended', 'canceled', 'blocked', 'error'] as const) c[s] = await db.links.where('observed.state').equals(s).count();
    return c;
  }, []);

  const rows = useLiveQuery(async () => {
    const links = await linksWithStatus(status, pendingIds);
    const services = await db.services.bulkGet([...new Set(links.map((l) => l.serviceId))]);
    const serviceById = new Map(services.filter((s) => !!s).map((s) => [s!.id, s!]));
    const customers = await db.customers.bulkGet([...new Set([...serviceById.values()].map((s) => s.customerId))]);
    const customerById = new Map(customers.filter((c) => !!c).map((c) => [c!.id, c!]));
    const packages = await db.packages.bulkGet([...new Set(links.map((l) => l.packageId))]);
    const packageById = new Map(packages.filter((p) => !!p).map((p) => [p!.id, p!]));
    return links
      .map((link) => {
        const service = serviceById.get(link.serviceId);
        const pkg = packageById.get(link.packageId);
        return { link, service, customer: service ? customerById.get(service.customerId) : undefined, pkg };
      })
      .filter((r) => (!integrationId || r.pkg?.integrationId === integrationId) && (!planId || String(r.service?.planId) === planId));
    // pendingIds.join: the pending list changes the "Pendente" rows
  }, [status, integrationId, planId, pendingIds.join(',')]);

  const running = Object.values(runs).filter((r) => r.status === 'running');
  const errorCount = counts?.error ?? 0;

  return (
    <Tabs defaultValue="vinculos">
      <Tabs.List mb="md">
        <Tabs.Tab value="vinculos">Vínculos</Tabs.Tab>
        <Tabs.Tab value="conferir">Conferir com a plataforma</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="vinculos">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <Group gap="xs">
              {filterable.map((s) => {
                const n = s === 'pending' ? pendingIds.length : s === 'sending' ? undefined : counts?.[s];
                const active = status === s;
                return (
                  <Button key={s} size="xs" variant={active ? 'filled' : 'default'} onClick={() => setStatus(active ? null : s)} aria-pressed={active}>
                    {transmissionStatusLabels[s].label}
                    {n !== undefined ? ` (${n})` : ''}
                  </Button>
                );
              })}
            </Group>
            <Group gap="xs">
              <Button variant="default" leftSection={<IconRefresh size={16} />} disabled={errorCount === 0 || passing} onClick={() => void requestPass('retry')}>
                Tentar novamente os com erro
              </Button>
              <Button leftSection={<IconSend size={16} />} loading={passing} onClick={() => void requestPass('manual')}>
                Transmitir agora
              </Button>
            </Group>
          </Group>
          <Group align="flex-end">
            <Select
              label="Integração"
              placeholder="Todas"
              clearable
              w={240}
              data={(integrations ?? []).map((i) => ({ value: i.id, label: i.description }))}
              value={integrationId}
              onChange={setIntegrationId}
            />
            <Select
              label="Plano"
              placeholder="Todos"
              clearable
              w={240}
              data={(plans ?? []).map((p) => ({ value: String(p.id), label: p.name }))}
              value={planId}
              onChange={setPlanId}
            />
            <ScheduleControl />
          </Group>
          {running.map((r) => (
            <div key={r.runId}>
              <Text size="sm" mb={4}>
                Transmitindo para {integrations?.find((i) => i.id === r.integrationId)?.description ?? 'a plataforma'}: {r.done} de {r.total}
                {r.failed > 0 ? ` · ${r.failed} com erro` : ''}
              </Text>
              <Progress value={r.total ? (100 * r.done) / r.total : 0} aria-label="Progresso da transmissão" />
            </div>
          ))}
          {notice && (
            <Alert color="orange" variant="light">
              {notice}
            </Alert>
          )}
          {rows && rows.length === 0 ? (
            <Text size="sm">
              {status ? `Nenhum vínculo com a situação "${transmissionStatusLabels[status].label}".` : 'Nenhum pacote vinculado a serviços de clientes ainda.'}
            </Text>
          ) : (
            <Table striped withTableBorder verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Cliente</Table.Th>
                  <Table.Th>Serviço</Table.Th>
                  <Table.Th>Pacote</Table.Th>
                  <Table.Th>id_contrato · label</Table.Th>
                  <Table.Th>Situação</Table.Th>
                  <Table.Th>Confirmado em</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(rows ?? []).map(({ link, service, customer, pkg }) => {
                  const steps = pending[link.id];
                  const st = transmissionStatus(link, !!steps);
                  const label = transmissionStatusLabels[st];
                  const reason =
                    st === 'blocked' ? link.observed.blockedReason : st === 'error' ? link.observed.error?.message : st === 'pending' && steps ? actionLabels[planAction(steps)] : undefined;
                  return (
                    <Table.Tr key={link.id}>
                      <Table.Td>
                        {customer ? (
                          <Anchor component={RouterLink} href={`~/clientes/${customer.id}`} size="sm">
                            {customer.name}
                          </Anchor>
                        ) : (
                          '—'
                        )}
                      </Table.Td>
                      <Table.Td>{service?.id ?? '—'}</Table.Td>
                      <Table.Td>{pkg?.name ?? '—'}</Table.Td>
                      <Table.Td>
                        <Text size="xs" ff="monospace">
                          {service ? effectiveContractIdentifier(link, service) : '—'} · {pkg ? effectiveLabel(link, pkg) : '—'}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={label.color} variant="light">
                          {label.label}
                        </Badge>
                        {reason && (
                          <Text size="xs" mt={2}>
                            {reason}
                          </Text>
                        )}
                        {st === 'error' && (
                          <Button size="compact-xs" variant="default" mt={4} onClick={() => void requestPass('retry', new Set([link.id]))}>
                            Tentar novamente
                          </Button>
                        )}
                        {st === 'blocked' && customer && (
                          <Button size="compact-xs" variant="default" mt={4} component={RouterLink} href={`~/clientes/${customer.id}/editar`}>
                            Corrigir cadastro
                          </Button>
                        )}
                      </Table.Td>
                      <Table.Td>{formatDateTime(link.observed.confirmedAt)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
          {rows && rows.length >= LIMIT && (
            <Text size="xs" c="dimmed">
              Mostrando {LIMIT} vínculos. Use os filtros para ver outros.
            </Text>
          )}
        </Stack>
      </Tabs.Panel>
      <Tabs.Panel value="conferir">
        <DriftTab />
      </Tabs.Panel>
    </Tabs>
  );
}

const hours = Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }));

/** The daily routine's hour (products, Conferir com a plataforma, a pass), and when it last ran. */
function ScheduleControl() {
  const schedule = useLiveQuery(async () => ((await db.settings.get(SCHEDULE_KEY))?.value as Schedule | undefined) ?? { hour: 4 }, []);
  if (!schedule) return null;
  return (
    <Group gap="xs" align="flex-end" ml="auto">
      <Select
        label="Rotina diária às"
        description="Sincroniza produtos, confere a plataforma e transmite"
        w={250}
        allowDeselect={false}
        data={hours}
        value={String(schedule.hour)}
        onChange={(v) => v !== null && void setScheduleHour(Number(v))}
      />
      <Text size="xs" mb={8}>
        {schedule.lastRunAt ? `Última: ${formatDateTime(schedule.lastRunAt)}` : 'Ainda não executada'}
      </Text>
    </Group>
  );
}

/** Conferir com a plataforma, one integration at a time (the first one preselected). */
function DriftTab() {
  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const [chosen, setChosen] = useState<string | null>(null);
  if (!integrations) return null;
  if (integrations.length === 0) return <Text size="sm">Cadastre uma integração para conferir a plataforma.</Text>;
  const integrationId = chosen ?? integrations[0].id;
  return (
    <Stack gap="md">
      <Select
        label="Integração"
        w={280}
        allowDeselect={false}
        data={integrations.map((i) => ({ value: i.id, label: i.description }))}
        value={integrationId}
        onChange={setChosen}
      />
      <DriftPanel key={integrationId} integrationId={integrationId} />
    </Stack>
  );
}
