import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconEdit, IconPlus } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import {
  effectiveContractIdentifier,
  effectiveLabel,
  formatDocument,
  formatPhone,
  linkStateOf,
  transmittableProblems,
  type Customer,
  type Integration,
  type Link,
  type Package,
  type Plan,
  type Service,
} from '../../../shared/domain';
import { db } from '../../db/db';
import { formatDate } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { AddServiceModal } from './AddServiceModal';
import { LinkStateBadge } from '../../ui/LinkStateBadge';
import { ServiceStatusBadge } from './badges';
import { ConfirmModal } from './ConfirmModal';
import { LgpdSection } from './LgpdSection';
import { LinkPackageModal } from './LinkPackageModal';
import { MigratePlanModal } from './MigratePlanModal';
import { cancelService, removeLink } from './repository';
import { ServiceStatusModal } from './ServiceStatusModal';

type Dialog =
  | { kind: 'addService' }
  | { kind: 'status' | 'migrate' | 'cancel' | 'link'; service: Service }
  | { kind: 'params' | 'remove'; service: Service; link: Link };

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

/** "Cliente sem telefone cadastrado: cadastre…" → "Cliente sem telefone cadastrado". */
const shortReason = (problem: string) => problem.split(':')[0];

function LinksTable({
  service,
  customer,
  links,
  packages,
  integrations,
  problems,
  onParams,
  onRemove,
}: {
  service: Service;
  customer: Customer;
  links: Link[];
  packages: Map<number, Package>;
  integrations: Map<string, Integration>;
  problems: string[];
  onParams: (link: Link) => void;
  onRemove: (link: Link) => void;
}) {
  if (links.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nenhum pacote vinculado a este serviço. Use Vincular pacote para oferecer um pacote ao cliente.
      </Text>
    );
  }
  return (
    <Table striped withTableBorder verticalSpacing={6} aria-label={`Pacotes do serviço ${service.id}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Pacote</Table.Th>
          <Table.Th>label</Table.Th>
          <Table.Th>id_contrato</Table.Th>
          <Table.Th>senha</Table.Th>
          <Table.Th>Transmissão</Table.Th>
          <Table.Th>
            <VisuallyHidden>Ações</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {links.map((link) => {
          const pkg = packages.get(link.packageId);
          const removed = link.removedAt !== undefined;
          const integration = pkg ? integrations.get(pkg.integrationId) : undefined;
          // from this screen's own rows, so an edit shows at once what it now waits for
          const state = linkStateOf(link, service, integration, { runLive: false });
          return (
            <Table.Tr key={link.id}>
              <Table.Td>
                <Text size="sm" td={removed ? 'line-through' : undefined}>
                  {pkg?.name ?? `Pacote ${link.packageId}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {pkg ? effectiveLabel(link, pkg) : link.label ?? '—'}
                </Text>
                <Text size="xs" c="dimmed">
                  {link.label ? 'personalizado' : 'padrão do pacote'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {effectiveContractIdentifier(link, service)}
                </Text>
                <Text size="xs" c="dimmed">
                  {link.contractIdentifier ? 'personalizado' : 'padrão (id_cliente_servico)'}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* S10: the default password is the CPF/CNPJ; never shown here */}
                <Text size="sm">{link.password ? 'personalizada' : `padrão (${customer.documentType === 'cnpj' ? 'CNPJ' : 'CPF'})`}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2} align="flex-start">
                  <LinkStateBadge state={state} />
                  {!removed && problems.length > 0 ? (
                    <Text size="xs" c="red.9">
                      Não será transmitido: {problems.map(shortReason).join('; ')}
                    </Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td>
                {!removed ? (
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button size="compact-xs" variant="subtle" onClick={() => onParams(link)} aria-label={`Editar parâmetros de ${pkg?.name ?? 'pacote'}`}>
                      Editar parâmetros
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="red.9" c="red.9" onClick={() => onRemove(link)} aria-label={`Remover pacote ${pkg?.name ?? ''}`}>
                      Remover pacote
                    </Button>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function ServiceCard({
  service,
  plan,
  ...rest
}: {
  service: Service;
  plan: Plan | undefined;
  customer: Customer;
  links: Link[];
  packages: Map<number, Package>;
  integrations: Map<string, Integration>;
  problems: string[];
  open: (d: Dialog) => void;
}) {
  const { open } = rest;
  const ended = service.status === 'cancelado' || service.status === 'inativo';
  return (
    <Paper withBorder p="md" aria-label={`Serviço ${service.id}`} component="section">
      <Group justify="space-between" mb="sm" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Title order={3} size="h5">
              Serviço {service.id}
            </Title>
            <ServiceStatusBadge status={service.status} />
            {plan?.lockPackages ? (
              <Badge variant="outline" color="gray.7" radius="sm" tt="none">
                Travar Pacotes
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            Plano: {plan?.name ?? 'plano não encontrado'} · desde {formatDate(service.createdAt)}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => open({ kind: 'link', service })} disabled={ended}>
            Vincular pacote
          </Button>
          <Button size="xs" variant="default" onClick={() => open({ kind: 'status', service })}>
            Alterar status
          </Button>
          <Button size="xs" variant="default" onClick={() => open({ kind: 'migrate', service })} disabled={ended}>
            Migrar plano
          </Button>
          <Button size="xs" variant="default" color="red.9" c="red.9" onClick={() => open({ kind: 'cancel', service })} disabled={service.status === 'cancelado'}>
            Cancelar serviço
          </Button>
        </Group>
      </Group>
      <LinksTable
        service={service}
        {...rest}
        onParams={(link) => open({ kind: 'params', service, link })}
        onRemove={(link) => open({ kind: 'remove', service, link })}
      />
    </Paper>
  );
}

export function CustomerDetail({ id }: { id: number }) {
  const customer = useLiveQuery(async () => (Number.isInteger(id) ? ((await db.customers.get(id)) ?? null) : null), [id]);
  const services = useLiveQuery(async () => (Number.isInteger(id) ? db.services.where('customerId').equals(id).sortBy('createdAt') : []), [id]);
  const serviceIds = (services ?? []).map((s) => s.id);
  const links = useLiveQuery(() => db.links.where('serviceId').anyOf(serviceIds).toArray(), [serviceIds.join('\u0000')]);
  // Plans and packages are the provider's catalogue: tens of rows, read whole.
  const plans = useLiveQuery(() => db.plans.toArray(), []);
  const packages = useLiveQuery(() => db.packages.toArray(), []);
  const integrations = useLiveQuery(() => db.integrations.toArray(), []);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  if (customer === undefined) return <Loader size="sm" aria-label="Carregando cliente" />;
  if (customer === null) {
    return (
      <Alert color="red" title="Cliente não encontrado">
        Este cliente não existe mais.{' '}
        <Anchor component={RouterLink} href="/">
          Voltar à lista de clientes
        </Anchor>
      </Alert>
    );
  }

  const problems = transmittableProblems(customer);
  const packagesById = new Map((packages ?? []).map((p) => [p.id, p]));
  const plansById = new Map((plans ?? []).map((p) => [p.id, p]));
  const integrationsById = new Map((integrations ?? []).map((i) => [i.id, i]));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          {customer.name}
        </Title>
        <Group>
          <Button component={RouterLink} href="/" variant="default">
            Voltar à lista
          </Button>
          <Button component={RouterLink} href={`/${customer.id}/editar`} variant="default" leftSection={<IconEdit size={16} />}>
            Editar cliente
          </Button>
        </Group>
      </Group>

      {problems.length > 0 ? (
        // S9: a package is transmitted only when the customer has an e-mail and a phone.
        <Alert color="red" variant="light" title="Pacotes deste cliente não serão transmitidos">
          <Stack gap={4}>
            {problems.map((p) => (
              <Text key={p} size="sm">
                {p}
              </Text>
            ))}
            <Button component={RouterLink} href={`/${customer.id}/editar`} size="xs" w="fit-content" mt={4} leftSection={<IconEdit size={14} />}>
              Corrigir o cadastro do cliente
            </Button>
          </Stack>
        </Alert>
      ) : null}

      <Paper withBorder p="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Field label={customer.documentType === 'cnpj' ? 'CNPJ' : 'CPF'}>{formatDocument(customer.documentType, customer.document)}</Field>
          <Field label="Código no ERP">{customer.code ?? '—'}</Field>
          <Field label="Cadastrado em">{formatDate(customer.createdAt)}</Field>
          <Field label="E-mails">{customer.emails.length > 0 ? customer.emails.join(', ') : 'nenhum'}</Field>
          <Field label="Telefones">
            {customer.phones.length > 0 ? customer.phones.map((p) => `${formatPhone(p)} (${p.mobile ? 'celular' : 'fixo'})`).join(', ') : 'nenhum'}
          </Field>
          <Field label="Endereço">
            {customer.address
              ? [customer.address.street, customer.address.number, customer.address.district, customer.address.city, customer.address.state, customer.address.zip]
                  .filter(Boolean)
                  .join(', ')
              : '—'}
          </Field>
        </SimpleGrid>
      </Paper>

      <Group justify="space-between">
        <Title order={2} size="h4">
          Serviços
        </Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'addService' })}>
          Adicionar serviço
        </Button>
      </Group>
      {services && services.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm">
            Este cliente ainda não tem serviços. Adicione o serviço de internet dele (id_cliente_servico do ERP) para vincular pacotes.
          </Text>
        </Paper>
      ) : null}
      {(services ?? []).map((service) => (
        <ServiceCard
          key={service.id}
          service={service}
          plan={plansById.get(service.planId)}
          customer={customer}
          links={(links ?? []).filter((l) => l.serviceId === service.id)}
          packages={packagesById}
          integrations={integrationsById}
          problems={problems}
          open={setDialog}
        />
      ))}

      <LgpdSection customer={customer} services={services ?? []} links={links ?? []} packages={packagesById} />

      {dialog?.kind === 'addService' ? <AddServiceModal customerId={customer.id} opened onClose={close} /> : null}
      {dialog?.kind === 'status' ? <ServiceStatusModal service={dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'migrate' ? <MigratePlanModal service={dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'link' ? <LinkPackageModal customer={customer} service={dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'params' ? <LinkPackageModal customer={customer} service={dialog.service} link={dialog.link} opened onClose={close} /> : null}
      {dialog?.kind === 'cancel' ? (
        <ConfirmModal
          opened
          onClose={close}
          title={`Cancelar o serviço ${dialog.service.id}?`}
          message="O status passa a Cancelado e as licenças dos pacotes deste serviço serão canceladas na plataforma na próxima transmissão."
          confirmLabel="Cancelar serviço"
          onConfirm={async () => {
            await cancelService(dialog.service.id);
            notifySuccess(`Serviço ${dialog.service.id} cancelado.`);
          }}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <ConfirmModal
          opened
          onClose={close}
          title={`Remover o pacote ${packagesById.get(dialog.link.packageId)?.name ?? ''}?`}
          message={`O pacote sai do serviço ${dialog.service.id} e a licença será cancelada na plataforma na próxima transmissão.`}
          confirmLabel="Remover pacote"
          onConfirm={async () => {
            await removeLink(dialog.link.id);
            notifySuccess('Pacote removido do serviço.');
          }}
        />
      ) : null}
    </Stack>
  );
}
