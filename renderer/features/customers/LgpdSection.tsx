import { Alert, Button, Group, List, Modal, Paper, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useLocation } from 'wouter';
import type { CustomerDetail } from '../../../shared/contract';
import { ERASURE_BLOCKED_MESSAGE, exportFileName, formatDocument } from '../../../shared/domain';
import { run } from '../../data/client';
import { downloadText } from '../../ui/download';
import { count } from '../../ui/format';
import { notifyFailure, notifySuccess } from '../../ui/notify';
import { useCustomersUi } from './ui-store';

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Dados pessoais (LGPD): the customer's right to a copy of their data and to its erasure. */
export function LgpdSection({ detail }: { detail: CustomerDetail }) {
  const { customer } = detail;
  const [erasing, setErasing] = useState(false);
  const [exporting, setExporting] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lgpd-title">
      <Title order={2} size="h4" id="lgpd-title" mb={4}>
        Dados pessoais (LGPD)
      </Title>
      <Text size="sm" mb="sm">
        A pedido do titular: entregue uma cópia de tudo o que o provedor guarda sobre este cliente, ou exclua os dados dele. O histórico de eventos
        continua, sem os dados pessoais.
      </Text>
      <Group gap="xs">
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          loading={exporting}
          onClick={async () => {
            setExporting(true);
            try {
              const data = await run('lgpd.export', { customerId: customer.id });
              downloadText(exportFileName(data), JSON.stringify(data, null, 2), 'application/json');
              notifySuccess('Arquivo com os dados do cliente gerado. Entregue-o somente ao titular.', 'Dados exportados');
            } catch (e) {
              notifyFailure({ message: errorText(e) });
            } finally {
              setExporting(false);
            }
          }}
        >
          Exportar dados (LGPD)
        </Button>
        <Button variant="default" color="red.9" c="red.9" leftSection={<IconTrash size={16} />} onClick={() => setErasing(true)}>
          Excluir dados do cliente (LGPD)
        </Button>
      </Group>
      {erasing ? <ErasureModal detail={detail} onClose={() => setErasing(false)} /> : null}
    </Paper>
  );
}

function ErasureModal({ detail, onClose }: { detail: CustomerDetail; onClose: () => void }) {
  const { customer, services } = detail;
  const [, navigate] = useLocation();
  const setQuery = useCustomersUi((s) => s.setQuery);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // `detail` is the detail's live query: the dialog turns into the confirmation as soon as the
  // platform confirms the cancellations.
  const onPlatform = services.flatMap((s) => s.links.filter((l) => l.onPlatform !== null));
  const openServices = detail.lgpd.openServices;
  const document = formatDocument(customer.documentType, customer.document);

  const attempt = async (action: () => Promise<void>) => {
    setBusy(true);
    setError('');
    try {
      await action();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened onClose={() => !busy && onClose()} title={`Excluir dados de ${customer.name}?`} size="lg">
      {!detail.lgpd.erasable ? (
        <Stack gap="sm">
          <Alert color="orange" variant="light" title="Ainda há licenças na plataforma">
            <Text size="sm">{ERASURE_BLOCKED_MESSAGE}</Text>
          </Alert>
          <Text size="sm">Pacotes que ainda podem ter licença (e cobrança) na plataforma:</Text>
          <List size="sm" aria-label="Pacotes com licença na plataforma">
            {onPlatform.map((l) => (
              <List.Item key={l.id}>
                {l.packageName ?? `Pacote nº ${l.packageId}`} · serviço {l.serviceId}: {l.onPlatform}
              </List.Item>
            ))}
          </List>
          {openServices === 0 ? (
            <Text size="sm">
              Os serviços já estão cancelados: aguarde a transmissão confirmar o cancelamento das licenças (acompanhe em Transmissões). Esta janela libera a
              exclusão sozinha.
            </Text>
          ) : null}
          {error ? <Alert color="red">{error}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
              Voltar
            </Button>
            {openServices > 0 ? (
              <Button
                color="red.9"
                loading={busy}
                onClick={() =>
                  attempt(async () => {
                    const { cancelled } = await run('services.cancelAll', { customerId: customer.id });
                    notifySuccess(`${count(cancelled.length, 'serviço cancelado', 'serviços cancelados')}. As licenças serão canceladas na plataforma na próxima transmissão.`);
                  })
                }
              >
                Cancelar todos os serviços do cliente
              </Button>
            ) : null}
          </Group>
        </Stack>
      ) : (
        <Stack gap="sm">
          <Text size="sm">
            Os dados de <strong>{customer.name}</strong> ({customer.documentType === 'cnpj' ? 'CNPJ' : 'CPF'} {document}) serão excluídos definitivamente:{' '}
            {services.length === 0 ? 'o cadastro (o cliente não tem serviços)' : `o cadastro, ${services.length === 1 ? 'o serviço' : `os ${services.length} serviços`} e os pacotes vinculados`}. No histórico de eventos, o nome, o documento, o e-mail e o telefone passam a
            “cliente excluído (LGPD)”; os eventos continuam. Não é possível desfazer.
          </Text>
          <Alert color={detail.lgpd.platformKeeps.contracts.length > 0 ? 'orange' : 'gray'} variant="light" title="O que fica na Campsoft">
            <Text size="sm">{detail.lgpd.platformKeeps.message}</Text>
            {detail.lgpd.platformKeeps.contracts.length > 0 ? (
              <Text size="sm" mt={4}>
                Anote o id_contrato antes de excluir: depois da exclusão o SVA Desk não terá mais os dados do titular para informar.
              </Text>
            ) : null}
          </Alert>
          <Text size="sm">
            Meses de cobrança já fechados não mudam: se o cliente foi faturado neles, as linhas ficam como registro fiscal (LGPD, art. 16, I).
          </Text>
          <Text size="sm">Se o titular pediu uma cópia dos dados, use Exportar dados (LGPD) antes.</Text>
          {error ? <Alert color="red">{error}</Alert> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={busy} data-autofocus>
              Voltar
            </Button>
            <Button
              color="red.9"
              loading={busy}
              onClick={() =>
                attempt(async () => {
                  const result = await run('lgpd.erase', { customerId: customer.id });
                  setQuery('');
                  const kept = [result.platformKeeps.contracts.length > 0 ? result.platformKeeps.message : null, result.closedMonthsMessage].filter(Boolean).join(' ');
                  notifySuccess(`Dados do cliente excluídos; o histórico de eventos foi anonimizado.${kept ? ` ${kept}` : ''}`, 'Cliente excluído (LGPD)');
                  navigate('/');
                })
              }
            >
              Excluir dados de {customer.name}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
