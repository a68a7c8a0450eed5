import { Alert, Anchor, Button, Group, Progress, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { IconRefresh, IconSend } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import { effectiveContractIdentifier, effectiveLabel, LINK_STATES, linkStateLabels, linkStateOf, type Link, type LinkStateCode } from '../../../shared/domain';
import { db } from '../../db/db';
import { formatDateTime } from '../../ui/format';
import { LinkStateBadge } from '../../ui/LinkStateBadge';
import { requestPass, SCHEDULE_KEY, setScheduleHour, type Schedule } from './controller';
import { DriftPanel } from './drift';
import { idsInState, plannedOf, runLive, stateOf, useLinkStates } from './link-states';
import { useTransmission } from './store';

const LIMIT = 500;

/** The rows of one state (the same table the counters count), at most LIMIT. */
async function linksWithState(state: LinkStateCode | null): Promise<Link[]> {
  if (state === null) return db.links.limit(LIMIT).toArray();
  return (await db.links.bulkGet(idsInState(state, LIMIT))).filter((l): l is Link => !!l);
}

export function TransmissionPage() {
  const passing = useTransmission((s) => s.passing);
  const notice = useTransmission((s) => s.notice);
  const runs = useTransmission((s) => s.runs);
  const { counts, version, ready } = useLinkStates();
  const [status, setStatus] = useState<LinkStateCode | null>(null);
  const [integrationId, setIntegrationId] = useState<string | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);

  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const plans = useLiveQuery(() => db.plans.toArray(), []);

  const rows = useLiveQuery(async () => {
    const links = await linksWithState(status);
    const services = await db.services.bulkGet([...new Set(links.map((l) => l.serviceId))]);
    const serviceById = new Map(services.filter((s) => !!s).map((s) => [s!.id, s!]));
    const customers = await db.customers.bulkGet([...new Set([...serviceById.values()].map((s) => s.customerId))]);
    const customerById = new Map(customers.filter((c) => !!c).map((c) => [c!.id, c!]));
    const packages = await db.packages.bulkGet([...new Set(links.map((l) => l.packageId))]);
    const packageById = new Map(packages.filter((p) => !!p).map((p) => [p!.id, p!]));
    const integrationById = new Map((await db.integrations.toArray()).map((i) => [i.id, i]));
    return links
      .map((link) => {
        const service = serviceById.get(link.serviceId);
        const pkg = packageById.get(link.packageId);
        const integration = pkg ? integrationById.get(pkg.integrationId) : undefined;
        // the counted state; a link no pass has seen yet (just linked) is derived the same way here
        const state = stateOf(link.id) ?? linkStateOf(link, service, integration, { planned: plannedOf(link.id), runLive: runLive(integration?.id) });
        return { link, service, customer: service ? customerById.get(service.customerId) : undefined, pkg, state };
      })
      .filter((r) => (!integrationId || r.pkg?.integrationId === integrationId) && (!planId || String(r.service?.planId) === planId));
    // version: any link's state moved (a result, a pass, a run that started or stopped)
  }, [status, integrationId, planId, version]);

  const running = Object.values(runs).filter((r) => r.status === 'running');

  return (
    <Tabs defaultValue="vinculos">
      <Tabs.List mb="md">
        <Tabs.Tab value="vinculos">Vínculos</Tabs.Tab>
        <Tabs.Tab value="conferir">Conferir com a plataforma</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="vinculos">
        <Stack gap="md">
          <Group justify="space-between" align="flex-end">
            <Group gap="xs" role="group" aria-label="Situação dos vínculos">
              {LINK_STATES.map((s) => {
                const active = status === s;
                return (
                  <Button
                    key={s}
                    size="xs"
                    variant={active ? 'filled' : s === 'idle' ? 'subtle' : 'default'}
                    onClick={() => setStatus(active ? null : s)}
                    aria-pressed={active}
                  >
                    {linkStateLabels[s]}
                    {ready ? ` (${counts[s].toLocaleString('pt-BR')})` : ''}
                  </Button>
                );
              })}
            </Group>
            <Group gap="xs" ml="auto">
              <Button variant="default" leftSection={<IconRefresh size={16} />} disabled={counts.error === 0 || passing} onClick={() => void requestPass('retry')}>
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
              {status ? `Nenhum vínculo com a situação "${linkStateLabels[status]}".` : 'Nenhum pacote vinculado a serviços de clientes ainda.'}
            </Text>
          ) : (
            <Table striped withTableBorder verticalSpacing={6} aria-label="Vínculos">
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
                {(rows ?? []).map(({ link, service, customer, pkg, state }) => (
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
                    <Table.Td maw={420}>
                      <LinkStateBadge state={state} />
                      {state.code === 'error' && (
                        <Button size="compact-xs" variant="default" mt={4} onClick={() => void requestPass('retry', new Set([link.id]))}>
                          Tentar novamente
                        </Button>
                      )}
                      {state.code === 'blocked' && customer && (
                        <Button size="compact-xs" variant="default" mt={4} component={RouterLink} href={`~/clientes/${customer.id}/editar`}>
                          Corrigir cadastro
                        </Button>
                      )}
                    </Table.Td>
                    <Table.Td>{formatDateTime(link.observed.confirmedAt)}</Table.Td>
                  </Table.Tr>
                ))}
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
