import { Alert, Badge, Button, Card, Checkbox, Group, NumberInput, PasswordInput, Radio, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { DatabaseDraft, DatabaseProbe, DatabaseStatus } from '../../../shared/contract/database';
import { formErrors, run, useHostQuery, useRefreshOn } from '../../data/client';
import { ago, formatDateTime } from '../../ui/format';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';

type Form = { host: string; port: number | string; database: string; user: string; password: string; tls: boolean };
const EMPTY: Form = { host: '', port: 5432, database: 'sva_desk', user: 'sva_desk', password: '', tls: false };

const draftOf = (f: Form): DatabaseDraft => ({
  host: f.host.trim(),
  port: typeof f.port === 'number' ? f.port : Number.NaN,
  database: f.database.trim(),
  user: f.user.trim(),
  tls: f.tls,
  ...(f.password && { password: f.password }),
});

/** Configurações › Banco de dados: this desk's record on this computer or on the office's PostgreSQL. */
export function DatabasePage() {
  const status = useHostQuery('database.status', {}, ['settings']);
  useRefreshOn('database.status', ['database.status']);
  if (status.error) return <LoadFailure what="onde ficam os dados desta mesa" error={status.error} onRetry={() => void status.refetch()} />;
  if (!status.data) return null;
  return (
    <Stack gap="lg" maw={900}>
      <WhereCard status={status.data} />
      {status.data.engine === 'postgres' && <DesksCard status={status.data} />}
    </Stack>
  );
}

function WhereCard({ status }: { status: DatabaseStatus }) {
  const [choice, setChoice] = useState<'embedded' | 'server'>(status.engine === 'postgres' ? 'server' : 'embedded');
  const [form, setForm] = useState<Form>(status.server ? { ...status.server, password: '' } : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [probe, setProbe] = useState<DatabaseProbe | null>(null);
  const [move, setMove] = useState(false);
  const [busy, setBusy] = useState<'test' | 'use' | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setChoice(status.engine === 'postgres' ? 'server' : 'embedded'), [status.engine]);
  const field = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setProbe(null);
  };

  const attempt = async (what: 'test' | 'use', fn: () => Promise<void>) => {
    setBusy(what);
    setErrors({});
    setDone(null);
    try {
      await fn();
    } catch (e) {
      setProbe(null);
      setErrors(formErrors(e));
    } finally {
      setBusy(null);
    }
  };
  const test = () => attempt('test', async () => setProbe(await run('database.test', draftOf(form))));
  const useServer = () =>
    attempt('use', async () => {
      const r = await run('database.use', { target: 'server', draft: draftOf(form), move });
      setDone(r.summary);
      notifySuccess(r.summary, 'Servidor do escritório');
    });
  const useEmbedded = () =>
    attempt('use', async () => {
      const r = await run('database.use', { target: 'embedded' });
      setDone(r.summary);
      notifySuccess(r.summary, 'Este computador');
    });

  const onServer = status.engine === 'postgres';
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Onde ficam os dados desta mesa
      </Title>
      <Text size="sm" mb="md">
        Num escritório com várias mesas, todas usam o mesmo servidor PostgreSQL: o que uma cadastra aparece nas outras em instantes, e cada vínculo é transmitido
        uma vez só. As credenciais da Campsoft continuam no cofre de cada mesa.
      </Text>
      {status.notice && (
        <Alert color="orange" title="Digite de novo a senha do servidor" role="alert" mb="md">
          {status.notice}
        </Alert>
      )}
      {onServer && !status.reachable && (
        <Alert color="red" title="Servidor do escritório indisponível" role="alert" mb="md">
          {status.lastAnswerAt ? `Última resposta ${ago(status.lastAnswerAt)}.` : 'Ainda sem resposta.'} As listas mostram o que foi visto por último e as
          gravações são recusadas até ele voltar; o SVA Desk reconecta sozinho.
        </Alert>
      )}
      <Radio.Group value={choice} onChange={(v) => setChoice(v as 'embedded' | 'server')} label="Dados" mb="md">
        <Stack gap="xs" mt="xs">
          <Radio value="embedded" label={`Este computador${onServer ? '' : ' (em uso)'}`} description="Um arquivo na pasta de dados desta mesa. Para uma mesa só." />
          <Radio value="server" label={`Servidor do escritório (PostgreSQL)${onServer ? ' (em uso)' : ''}`} description="Um banco PostgreSQL no computador do escritório que fica ligado." />
        </Stack>
      </Radio.Group>
      {choice === 'embedded' ? (
        onServer && (
          <Group>
            <Button variant="default" onClick={() => void useEmbedded()} loading={busy === 'use'}>
              Voltar a usar os dados deste computador
            </Button>
          </Group>
        )
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void test();
          }}
        >
          <Group align="flex-start" gap="md" wrap="wrap">
            <TextInput label="Servidor" description="Nome ou IP" placeholder="Ex.: 192.168.0.10" w={240} value={form.host} onChange={(e) => field('host')(e.currentTarget.value)} error={errors.host} required />
            <NumberInput label="Porta" description="Normalmente 5432" w={120} min={1} max={65535} allowDecimal={false} value={form.port} onChange={field('port')} error={errors.port} required />
            <TextInput label="Banco de dados" description="Nome do banco" w={280} value={form.database} onChange={(e) => field('database')(e.currentTarget.value)} error={errors.database} required />
          </Group>
          <Group align="flex-start" gap="md" mt="sm" wrap="wrap">
            <TextInput label="Usuário" w={200} value={form.user} onChange={(e) => field('user')(e.currentTarget.value)} error={errors.user} autoComplete="off" required />
            <PasswordInput
              label="Senha"
              description={status.passwordSaved ? 'Salva no cofre desta mesa: deixe em branco para manter' : 'Fica só no cofre desta mesa'}
              placeholder={status.passwordSaved ? '••••••••' : ''}
              w={260}
              value={form.password}
              onChange={(e) => field('password')(e.currentTarget.value)}
              error={errors.password}
              autoComplete="new-password"
            />
            <Switch label="TLS (conexão criptografada)" mt={34} checked={form.tls} onChange={(e) => field('tls')(e.currentTarget.checked)} />
          </Group>
          {errors.form && (
            <Alert color="red" mt="md" title="Não foi possível" role="alert">
              {errors.form}
            </Alert>
          )}
          {probe && (
            <Alert color={probe.schema === 'newer' ? 'red' : 'teal'} mt="md" title={probe.schema === 'newer' ? 'Servidor de versão mais nova' : 'Conexão testada'} role="status">
              {probe.message}
            </Alert>
          )}
          {!onServer && (
            <Checkbox
              mt="md"
              checked={move}
              onChange={(e) => setMove(e.currentTarget.checked)}
              label="Mover este espaço de trabalho para o servidor"
              description="Copia tudo o que esta mesa tem (conferido, tudo ou nada) para um banco vazio no servidor. Os dados deste computador ficam como estão."
            />
          )}
          <Group mt="md">
            <Button type="submit" variant="default" loading={busy === 'test'} disabled={busy === 'use'}>
              Testar conexão
            </Button>
            <Button onClick={() => void useServer()} loading={busy === 'use'} disabled={busy === 'test' || probe?.schema === 'newer'}>
              {move ? 'Mover e usar o servidor' : onServer ? 'Salvar e reabrir' : 'Usar o servidor do escritório'}
            </Button>
          </Group>
        </form>
      )}
      {done && (
        <Alert color="teal" mt="md" title="Feito" role="status">
          {done}
        </Alert>
      )}
    </Card>
  );
}

function DesksCard({ status }: { status: DatabaseStatus }) {
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Mesas do escritório
      </Title>
      <Text size="sm" mb="md">
        Só mesas com as credenciais da Campsoft no próprio cofre transmitem; as outras cadastram e consultam.
      </Text>
      {status.desks.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nenhuma mesa registrada ainda.
        </Text>
      ) : (
        <Table striped withTableBorder aria-label="Mesas que usam o servidor do escritório">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Atendente</Table.Th>
              <Table.Th>Transmite</Table.Th>
              <Table.Th>Visto por último</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.desks.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {d.clerk ?? 'Mesa sem nome'} {d.thisDesk && <Badge size="xs" variant="light">esta mesa</Badge>}
                </Table.Td>
                <Table.Td>{d.canTransmit ? 'Sim' : 'Não (sem credenciais)'}</Table.Td>
                <Table.Td>{formatDateTime(d.lastSeenAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}
