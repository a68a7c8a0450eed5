import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconEdit, IconPlus, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import type { CustomerDetail as Detail, CustomerRecord, LinkStateView, LinkView, ServiceView } from '../../../shared/contract';
import { formatDocument, formatPhone } from '../../../shared/domain';
import { run } from '../../data/client';
import { formatDate } from '../../ui/format';
import { LinkStateBadge } from '../../ui/LinkStateBadge';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { AddServiceModal } from './AddServiceModal';
import { ServiceStatusBadge } from './badges';
import { ConfirmModal } from './ConfirmModal';
import { LgpdSection } from './LgpdSection';
import { LinkPackageModal } from './LinkPackageModal';
import { MigratePlanModal } from './MigratePlanModal';
import { useCustomer, useCustomerLinkStates } from './queries';
import { ServiceStatusModal } from './ServiceStatusModal';

type Dialog =
  | { kind: 'addService' }
  | { kind: 'status' | 'migrate' | 'cancel' | 'link'; service: ServiceView }
  | { kind: 'params' | 'remove'; service: ServiceView; link: LinkView };

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

/** "Tentar novamente" on one link: a pass of that link alone, now. */
function RetryButton({ link }: { link: LinkView }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      size="compact-xs"
      variant="light"
      leftSection={<IconRefresh size={12} />}
      loading={busy}
      aria-label={`Tentar novamente: ${link.packageName ?? 'pacote'}`}
      onClick={async () => {
        setBusy(true);
        try {
          await run('sync.request', { trigger: 'retry', linkIds: [link.id] });
          notifySuccess(`${link.packageName ?? 'Pacote'}: envio pedido de novo. Acompanhe o estado nesta tela ou em Transmissões.`);
        } catch (e) {
          notifyFailure({ message: e instanceof Error ? e.message : String(e) }, 'Envio não pedido');
        } finally {
          setBusy(false);
        }
      }}
    >
      Tentar novamente
    </Button>
  );
}

function LinksTable({
  service,
  customer,
  states,
  problems,
  onParams,
  onRemove,
}: {
  service: ServiceView;
  customer: CustomerRecord;
  states: Map<string, LinkStateView> | undefined;
  problems: string[];
  onParams: (link: LinkView) => void;
  onRemove: (link: LinkView) => void;
}) {
  if (service.links.length === 0) {
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
        {service.links.map((link) => {
          const removed = link.removedAt !== undefined;
          const name = link.packageName ?? `Pacote nº ${link.packageId} (excluído)`;
          const state = states?.get(link.id);
          return (
            <Table.Tr key={link.id}>
              <Table.Td>
                <Text size="sm" td={removed ? 'line-through' : undefined}>
                  {name}
                </Text>
                {removed ? (
                  <Text size="xs" c="dimmed">
                    removido do serviço
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {link.effective.label ?? '—'}
                </Text>
                <Text size="xs" c="dimmed">
                  {link.label ? 'personalizado' : 'padrão do pacote'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {link.effective.contractIdentifier}
                </Text>
                <Text size="xs" c="dimmed">
                  {link.contractIdentifier ? 'personalizado' : 'padrão (id_cliente_servico)'}
                </Text>
              </Table.Td>
              <Table.Td>
                {/* S10: the default password is the CPF/CNPJ; never shown here */}
                <Text size="sm">{link.effective.passwordIsDefault ? `padrão (${customer.documentType === 'cnpj' ? 'CNPJ' : 'CPF'})` : 'personalizada'}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  {state ? <LinkStateBadge state={state} /> : <Loader size="xs" aria-label="Carregando o estado" />}
                  {state?.code === 'error' ? <RetryButton link={link} /> : null}
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
                    <Button size="compact-xs" variant="subtle" onClick={() => onParams(link)} aria-label={`Editar parâmetros de ${name}`}>
                      Editar parâmetros
                    </Button>
                    <Button size="compact-xs" variant="subtle" color="red.9" c="red.9" onClick={() => onRemove(link)} aria-label={`Remover pacote ${name}`}>
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
  customer,
  states,
  problems,
  open,
}: {
  service: ServiceView;
  customer: CustomerRecord;
  states: Map<string, LinkStateView> | undefined;
  problems: string[];
  open: (d: Dialog) => void;
}) {
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
            {service.lockPackages ? (
              <Badge variant="outline" color="gray.7" radius="sm" tt="none">
                Travar Pacotes
              </Badge>
            ) : null}
          </Group>
          <Text size="sm">
            Plano: {service.planName ?? 'plano não encontrado'} · desde {formatDate(service.createdAt)}
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
        customer={customer}
        states={states}
        problems={problems}
        onParams={(link) => open({ kind: 'params', service, link })}
        onRemove={(link) => open({ kind: 'remove', service, link })}
      />
    </Paper>
  );
}

export function CustomerDetail({ id }: { id: number }) {
  const query = useCustomer(id);
  const states = useCustomerLinkStates(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);

  if (query.data === undefined && query.isError) return <LoadFailure what="o cliente" error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data === undefined && Number.isInteger(id) && id > 0) return <Loader size="sm" aria-label="Carregando cliente" />;
  if (!query.data) {
    return (
      <Alert color="red" title="Cliente não encontrado">
        Este cliente não existe mais: pode ter sido excluído.{' '}
        <Anchor component={RouterLink} href="/">
          Voltar à lista de clientes
        </Anchor>
      </Alert>
    );
  }
  return <CustomerPage detail={query.data} states={states} dialog={dialog} setDialog={setDialog} close={close} />;
}

function CustomerPage({
  detail,
  states,
  dialog,
  setDialog,
  close,
}: {
  detail: Detail;
  states: Map<string, LinkStateView> | undefined;
  dialog: Dialog | null;
  setDialog: (d: Dialog) => void;
  close: () => void;
}) {
  const { customer, services, notTransmittable: problems } = detail;
  // a dialog follows the host's answer: the service and link as they are now
  const current = (serviceId: string) => services.find((s) => s.id === serviceId);
  const currentLink = (linkId: string) => services.flatMap((s) => s.links).find((l) => l.id === linkId);

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
      {services.length === 0 ? (
        <Paper withBorder p="md">
          <Text size="sm">Este cliente ainda não tem serviços. Adicione o serviço de internet dele (id_cliente_servico do ERP) para vincular pacotes.</Text>
        </Paper>
      ) : null}
      {services.map((service) => (
        <ServiceCard key={service.id} service={service} customer={customer} states={states} problems={problems} open={setDialog} />
      ))}

      <LgpdSection detail={detail} />

      {dialog?.kind === 'addService' ? <AddServiceModal customerId={customer.id} opened onClose={close} /> : null}
      {dialog?.kind === 'status' ? <ServiceStatusModal service={current(dialog.service.id) ?? dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'migrate' ? <MigratePlanModal service={current(dialog.service.id) ?? dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'link' ? <LinkPackageModal customer={customer} problems={problems} service={dialog.service} opened onClose={close} /> : null}
      {dialog?.kind === 'params' ? <LinkPackageModal customer={customer} problems={problems} service={dialog.service} link={currentLink(dialog.link.id) ?? dialog.link} opened onClose={close} /> : null}
      {dialog?.kind === 'cancel' ? (
        <ConfirmModal
          opened
          onClose={close}
          title={`Cancelar o serviço ${dialog.service.id}?`}
          message="O status passa a Cancelado e as licenças dos pacotes deste serviço serão canceladas na plataforma na próxima transmissão."
          confirmLabel="Cancelar serviço"
          onConfirm={async () => {
            await run('services.setStatus', { serviceId: dialog.service.id, status: 'cancelado', version: (current(dialog.service.id) ?? dialog.service).version });
            notifySuccess(`Serviço ${dialog.service.id} cancelado.`);
          }}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <ConfirmModal
          opened
          onClose={close}
          title={`Remover o pacote ${dialog.link.packageName ?? ''}?`}
          message={`O pacote sai do serviço ${dialog.service.id} e a licença será cancelada na plataforma na próxima transmissão.`}
          confirmLabel="Remover pacote"
          onConfirm={async () => {
            await run('links.remove', { linkId: dialog.link.id, version: dialog.link.version });
            notifySuccess('Pacote removido do serviço.');
          }}
        />
      ) : null}
    </Stack>
  );
}
