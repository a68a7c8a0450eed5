import { Alert, Badge, Button, Card, FileButton, Group, List, MultiSelect, Progress, Radio, SegmentedControl, Select, Stack, Stepper, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import type { ImportPhase } from '../../../shared/contract';
import type { ImportCounts, PlanChoice } from '../../../shared/import/diff';
import { missingContactNotes, unmappedHints } from '../../../shared/import/columns';
import { fieldLabels, missingFields, requiredFields, type ColumnMapping, type MappingField } from '../../../shared/import/parse';
import { CommandError, run } from '../../data/client';
import { count, timeLeft } from '../../ui/format';
import { usePlans } from '../plans';
import { ExportCard } from './ExportCard';
import { followProgress, sendFile } from './host-import';
import { RowReports } from './RowReports';
import { useImport, type ImportFailure, type Step } from './store';

const steps: Step[] = ['file', 'columns', 'preview', 'apply'];
const n = (v: number) => v.toLocaleString('pt-BR');
const messageOf = (e: unknown) => (e instanceof Error && e.message ? e.message : 'Erro desconhecido. Tente de novo.');
const failureOf = (e: unknown): ImportFailure => ({
  message: messageOf(e),
  fileGone: e instanceof CommandError && (e.code === 'IMPORT_SESSION_GONE' || e.code === 'IMPORT_NO_FILE'),
  canceled: e instanceof CommandError && e.code === 'IMPORT_CANCELED',
});

/** Lets the host drop the file it holds for this screen (the clerk starts over). */
function release(sessionId: string | undefined) {
  if (sessionId) void run('import.cancel', { sessionId }).catch(() => undefined);
}

export function ImportPage() {
  const step = useImport((s) => s.step);
  const done = useImport((s) => s.result !== null);
  return (
    <Stack gap="lg" maw={1100}>
      {/* past the last step once written: every step shows as complete */}
      <Stepper active={done ? steps.length : steps.indexOf(step)} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label="Arquivo" description="CSV ou XLSX do ERP" />
        <Stepper.Step label="Colunas" description="De onde vem cada campo" />
        <Stepper.Step label="Prévia" description="Conferir antes de gravar" />
        <Stepper.Step label="Importar" description="Gravação" />
      </Stepper>
      {step === 'file' && <FileStep />}
      {step === 'columns' && <ColumnsStep />}
      {step === 'preview' && <PreviewStep />}
      {step === 'apply' && <ApplyStep />}
      {step === 'file' && <ExportCard />}
    </Stack>
  );
}

// .xls too, though it is not read: picked, it gets the message saying how to save it as .xlsx or CSV,
// instead of hiding in the file dialog. Windows labels .csv as application/vnd.ms-excel as well.
const ACCEPT = [
  '.csv',
  '.txt',
  '.xlsx',
  '.xls',
  'text/csv',
  'text/plain',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-excel',
].join(',');

function FileStep() {
  const loadFile = useImport((s) => s.loadFile);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState<{ sent: number; total: number } | null>(null);

  const choose = async (file: File | null) => {
    if (!file) return;
    setSending({ sent: 0, total: file.size });
    setError(null);
    try {
      loadFile(await sendFile(file, (sent, total) => setSending({ sent, total })));
    } catch (e) {
      setError(e instanceof CommandError ? e.message : `Não consegui ler o arquivo "${file.name}". Confira se ele não está aberto em outro programa e tente de novo.`);
    } finally {
      setSending(null);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="xs">
        Escolha o arquivo exportado do ERP
      </Title>
      <Text size="sm" mb="xs">
        Um arquivo CSV ou uma planilha do Excel (XLSX) com uma linha por serviço do cliente. Colunas esperadas (nomes do HubSoft, ou escolha as colunas no
        próximo passo):
      </Text>
      <List size="sm" mb="md">
        <List.Item>id_cliente_servico, codigo_cliente, nome_razaosocial, cpf_cnpj</List.Item>
        <List.Item>email_principal, telefone_primario / celular</List.Item>
        <List.Item>servico (plano) e status ou status_prefixo</List.Item>
      </List>
      <Text size="sm" c="dimmed" mb="md">
        CSV: separador ponto e vírgula, vírgula ou tabulação; UTF-8 ou Windows-1252 (o padrão do Excel) — o SVA Desk reconhece sozinho. XLSX: os clientes na
        primeira aba, com a linha de títulos no topo. Nada é gravado antes de você conferir a prévia e confirmar.
      </Text>
      <Group>
        <FileButton onChange={(f) => void choose(f)} accept={ACCEPT}>
          {(props) => (
            <Button {...props} loading={sending !== null}>
              Escolher arquivo CSV ou XLSX
            </Button>
          )}
        </FileButton>
      </Group>
      {sending && (
        <Text size="sm" c="dimmed" mt="sm" role="status">
          {sending.sent < sending.total ? `Enviando o arquivo ao SVA Desk… ${Math.round((sending.sent / Math.max(1, sending.total)) * 100)}%` : 'Lendo o arquivo…'}
        </Text>
      )}
      {error && (
        <Alert color="red" title="Arquivo não lido" mt="md" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}

function ColumnsStep() {
  const { file, preset, mapping, setPreset, setMapping, showPreview, reset } = useImport();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<ImportFailure | null>(null);
  if (!file) return null;
  const missing = missingFields(mapping);
  const hints = [...unmappedHints(file.headers, file.looks, mapping), ...missingContactNotes(file.looks, mapping, file.rowCount)];
  const columns = file.headers.map((h, i) => ({ value: String(i), label: h === '' ? `Coluna ${i + 1}` : h }));
  const sample = file.firstRow;

  const set = (field: MappingField, value: string | string[] | null) => {
    const next: ColumnMapping = { ...mapping };
    if (field === 'emails' || field === 'phones') next[field] = (value as string[]).map(Number);
    else next[field] = value === null ? null : Number(value);
    setMapping(next);
  };

  const preview = async () => {
    setChecking(true);
    setError(null);
    try {
      showPreview(await run('import.preview', { sessionId: file.sessionId, mapping }), {});
    } catch (e) {
      setError(failureOf(e));
    } finally {
      setChecking(false);
    }
  };

  const another = () => {
    release(file.sessionId);
    reset();
  };

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={2} size="h4">
            Colunas do arquivo
          </Title>
          <Text size="sm" c="dimmed">
            {file.fileName} · {file.description} · {count(file.rowCount, 'linha de dados', 'linhas de dados')}
          </Text>
        </div>
        <SegmentedControl
          aria-label="Modelo de colunas"
          value={preset}
          onChange={(v) => setPreset(v as 'hubsoft' | 'generic')}
          data={[
            { value: 'hubsoft', label: 'HubSoft' },
            { value: 'generic', label: 'Genérico (escolher colunas)' },
          ]}
        />
      </Group>
      {hints.length > 0 && (
        <Alert color="yellow" mb="md" title="Confira as colunas de e-mail e telefone" role="status">
          {hints.length === 1 ? (
            hints[0]
          ) : (
            <List size="sm">
              {hints.map((h) => (
                <List.Item key={h}>{h}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Table striped withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Campo</Table.Th>
            <Table.Th>Coluna do arquivo</Table.Th>
            <Table.Th>Exemplo (1ª linha)</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(Object.keys(fieldLabels) as MappingField[]).map((field) => {
            const value = mapping[field];
            const label = `${fieldLabels[field]}${requiredFields.includes(field) ? ' (obrigatório)' : ''}`;
            const example = Array.isArray(value) ? value.map((i) => sample[i]).filter(Boolean).join(' · ') : value === null ? '' : (sample[value] ?? '');
            return (
              <Table.Tr key={field}>
                <Table.Td>
                  <Text size="sm" fw={requiredFields.includes(field) ? 600 : 400}>
                    {label}
                  </Text>
                </Table.Td>
                <Table.Td w={320}>
                  {Array.isArray(value) ? (
                    <MultiSelect aria-label={fieldLabels[field]} data={columns} value={value.map(String)} onChange={(v) => set(field, v)} placeholder={value.length === 0 ? 'Nenhuma coluna' : undefined} clearable />
                  ) : (
                    <Select aria-label={fieldLabels[field]} data={columns} value={value === null ? null : String(value)} onChange={(v) => set(field, v)} placeholder="Escolha a coluna" clearable />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {example}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Alert color="red" mt="md" title="Arquivo não validado" role="alert">
          {error.message}
        </Alert>
      )}
      {missing.length > 0 && (
        <Alert color="yellow" mt="md" title="Faltam colunas obrigatórias">
          Escolha a coluna de: {missing.map((f) => fieldLabels[f]).join(', ')}.
        </Alert>
      )}
      <Group mt="md">
        <Button variant="default" onClick={another}>
          Escolher outro arquivo
        </Button>
        {!error?.fileGone && (
          <Button onClick={() => void preview()} disabled={missing.length > 0} loading={checking}>
            Validar e ver prévia
          </Button>
        )}
      </Group>
    </Card>
  );
}

const countLines: { key: keyof ImportCounts; label: string; color?: string }[] = [
  { key: 'newCustomers', label: 'Clientes novos' },
  { key: 'changedCustomers', label: 'Clientes alterados (nome, e-mail, telefone ou código)' },
  { key: 'newServices', label: 'Serviços novos' },
  { key: 'statusChanges', label: 'Mudanças de status' },
  { key: 'planChanges', label: 'Mudanças de plano' },
  { key: 'customerChanges', label: 'Serviços que passam para outro cliente' },
  { key: 'newPlans', label: 'Planos criados' },
  { key: 'newLinks', label: 'Pacotes vinculados (pacotes padrão do plano)' },
  { key: 'suspensions', label: 'Suspensões na plataforma (serviços com pacotes)', color: 'orange.9' },
  { key: 'reenables', label: 'Reabilitações na plataforma', color: 'teal.9' },
  { key: 'cancellations', label: 'Cancelamentos na plataforma', color: 'red.9' },
];

/** Asks the host for the preview again (new plan choices, or after the data changed). */
async function refreshPreview(plans: Record<string, PlanChoice>) {
  const { file, mapping, showPreview } = useImport.getState();
  if (!file) return;
  showPreview(await run('import.preview', { sessionId: file.sessionId, mapping, plans }), plans);
}

function PreviewStep() {
  const { file, preview, plans, setStep, setProgress, finish, fail, reset } = useImport();
  const [lockedLinks, setLockedLinks] = useState<'keep' | 'remove' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ImportFailure | null>(null);
  if (!file || !preview) return null;
  const { counts, rows } = preview;

  const choosePlan = async (name: string, choice: PlanChoice) => {
    setBusy(true);
    setError(null);
    try {
      await refreshPreview({ ...plans, [name]: choice });
    } catch (e) {
      setError(failureOf(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    setStep('apply');
    setProgress({ phase: 'compare', done: 0, total: 0 });
    const off = followProgress(preview.sessionId, (p) => {
      if (useImport.getState().step === 'apply' && !useImport.getState().result) setProgress(p);
    });
    try {
      const result = await run('import.apply', { sessionId: preview.sessionId, previewId: preview.previewId, ...(lockedLinks && { lockedLinks }) });
      finish({ summary: result.summary, written: result.written });
    } catch (e) {
      fail(failureOf(e));
    } finally {
      off();
    }
  };

  const needsLockedChoice = counts.lockedLinks > 0 && lockedLinks === null;

  return (
    <Stack>
      <Group gap="xs">
        <Badge color="teal" variant="light" size="lg">
          {count(rows.valid, 'linha válida', 'linhas válidas')}
        </Badge>
        <Badge color="yellow" variant="light" size="lg" c="dark.7">
          {n(rows.withWarnings)} com aviso
        </Badge>
        <Badge color="red" variant="light" size="lg">
          {count(rows.rejected, 'rejeitada', 'rejeitadas')}
        </Badge>
        <Badge color="gray" variant="light" size="lg" c="gray.8">
          {count(rows.duplicates, 'duplicada', 'duplicadas')}
        </Badge>
      </Group>
      {rows.droppedPhones > 0 && (
        <Alert color="yellow" title="Telefones que não serão importados" role="status">
          {rows.droppedPhones === 1 ? 'Em 1 linha, um telefone' : `Em ${n(rows.droppedPhones)} linhas, um telefone`} não será importado
          {rows.invalidDdds > 0 && ` (${rows.invalidDdds === 1 ? '1 com DDD que não existe' : `${n(rows.invalidDdds)} com DDD que não existe`})`}. A aba “Com aviso” mostra
          cada número: corrija no ERP e importe de novo. O cliente é importado mesmo assim, mas sem telefone os pacotes dele não são transmitidos.
        </Alert>
      )}
      {rows.restoredDocuments > 0 && (
        <Text size="sm">
          {rows.restoredDocuments === 1 ? 'Em 1 linha, o CPF/CNPJ' : `Em ${n(rows.restoredDocuments)} linhas, o CPF/CNPJ`} estava na planilha como número, sem os zeros à
          esquerda. O SVA Desk devolveu os zeros e conferiu os dígitos verificadores: não é preciso fazer nada.
        </Text>
      )}

      {preview.plans.length > 0 && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb={4}>
            Planos do arquivo
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Para cada plano do arquivo, use um plano já cadastrado ou crie um novo com o mesmo nome (depois ajuste preço e pacotes em Serviços/Planos).
          </Text>
          <PlanTable disabled={busy} onChoose={(name, choice) => void choosePlan(name, choice)} />
        </Card>
      )}

      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          O que vai mudar
        </Title>
        {!preview.hasChanges && (
          <Alert color="gray" title="Nenhuma alteração">
            Os dados deste arquivo já estão no SVA Desk. Não há nada para importar.
          </Alert>
        )}
        {preview.hasChanges && (
          <Table withTableBorder maw={640} aria-label="Resumo da importação">
            <Table.Tbody>
              {countLines
                .filter((l) => counts[l.key] > 0 || ['newCustomers', 'newServices', 'statusChanges'].includes(l.key))
                .map((l) => (
                  <Table.Tr key={l.key}>
                    <Table.Td>{l.label}</Table.Td>
                    <Table.Td ta="right" fw={700} c={counts[l.key] > 0 ? l.color : undefined}>
                      {n(counts[l.key])}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )}
        {counts.suspensions + counts.reenables + counts.cancellations > 0 && (
          <Text size="sm" mt="sm">
            Suspensões, reabilitações e cancelamentos são enviados à plataforma na próxima transmissão.
          </Text>
        )}
        {counts.lockedLinks > 0 && (
          <Alert color="yellow" mt="md" title="Pacotes que o novo plano não permite (Travar Pacotes)">
            <Text size="sm" mb="xs">
              {count(counts.lockedLinks, 'pacote está', 'pacotes estão')} em serviços que passam para um plano com Travar Pacotes ligado. {preview.lockedReasons.join(' ')}
            </Text>
            <Radio.Group value={lockedLinks} onChange={(v) => setLockedLinks(v as 'keep' | 'remove')} label="O que fazer com esses pacotes?" withAsterisk>
              <Stack gap={6} mt={6}>
                <Radio value="keep" label="Manter os pacotes nos serviços" />
                <Radio value="remove" label="Remover os pacotes (a plataforma é avisada na próxima transmissão)" />
              </Stack>
            </Radio.Group>
          </Alert>
        )}
      </Card>

      <RowReports key={preview.previewId} preview={preview} />

      {error && (
        <Alert color="red" title="Prévia não atualizada" role="alert">
          {error.message}
        </Alert>
      )}
      <Group>
        <Button variant="default" onClick={() => setStep('columns')} disabled={busy}>
          Voltar às colunas
        </Button>
        {error?.fileGone ? (
          <Button onClick={reset}>Escolher o arquivo de novo</Button>
        ) : (
          <Button onClick={() => void apply()} disabled={busy || !preview.hasChanges || needsLockedChoice}>
            Confirmar importação
          </Button>
        )}
      </Group>
      {needsLockedChoice && preview.hasChanges && (
        <Text size="sm" c="dimmed">
          Escolha acima o que fazer com os pacotes que o novo plano não permite para poder confirmar.
        </Text>
      )}
    </Stack>
  );
}

function PlanTable({ disabled, onChoose }: { disabled: boolean; onChoose: (name: string, choice: PlanChoice) => void }) {
  const preview = useImport((s) => s.preview);
  const plans = usePlans() ?? [];
  if (!preview) return null;
  const options = [{ value: 'create', label: 'Criar novo plano' }, ...plans.map((p) => ({ value: String(p.id), label: p.name }))];
  return (
    <Table withTableBorder maw={760}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Plano no arquivo</Table.Th>
          <Table.Th ta="right">Serviços</Table.Th>
          <Table.Th>No SVA Desk</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {preview.plans.map(({ name, services, choice }) => (
          <Table.Tr key={name}>
            <Table.Td>{name}</Table.Td>
            <Table.Td ta="right">{n(services)}</Table.Td>
            <Table.Td w={320}>
              <Select
                aria-label={`Plano para "${name}"`}
                data={options}
                allowDeselect={false}
                disabled={disabled}
                value={choice.kind === 'create' ? 'create' : String(choice.planId)}
                onChange={(v) => onChoose(name, v === 'create' || v === null ? { kind: 'create' } : { kind: 'existing', planId: Number(v) })}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

const phaseText: Record<ImportPhase, string> = {
  compare: 'Conferindo a prévia com os dados do SVA Desk…',
  write: 'Gravando clientes, serviços e pacotes…',
  index: 'Atualizando a busca de clientes…',
  commit: 'Concluindo a gravação…',
  done: 'Concluindo a gravação…',
};

function ApplyStep() {
  const { file, progress, result, error, reset, setStep } = useImport();
  const [canceling, setCanceling] = useState(false);
  const [again, setAgain] = useState<string | null>(null);
  const percent = result ? 100 : progress && progress.phase === 'write' && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : progress?.phase === 'index' || progress?.phase === 'commit' ? 100 : 0;

  const cancel = async () => {
    if (!file) return;
    setCanceling(true);
    await run('import.cancel', { sessionId: file.sessionId }).catch(() => undefined);
  };

  const backToPreview = async () => {
    setAgain(null);
    try {
      await refreshPreview(useImport.getState().plans);
    } catch (e) {
      setAgain(messageOf(e));
    }
  };

  return (
    <Card withBorder padding="lg">
      {!result && !error && (
        <>
          <Text size="sm" mb="xs">
            {progress ? phaseText[progress.phase] : phaseText.compare} Se o SVA Desk for fechado antes do fim, nada é gravado: basta importar o arquivo de novo.
          </Text>
          <Progress value={percent} size="lg" aria-label="Progresso da importação" animated />
          {progress?.phase === 'write' && progress.total > 0 && (
            <Text size="sm" c="dimmed" mt={4}>
              {n(progress.done)} de {n(progress.total)} registros
              {progress.done < progress.total && ` · ${timeLeft(progress.done, progress.total, performance.now() - progress.startedAt) ?? 'calculando o tempo restante'}`}
            </Text>
          )}
          <Group mt="md">
            <Button variant="default" color="red" onClick={() => void cancel()} loading={canceling} disabled={progress?.phase === 'commit' || progress?.phase === 'done'}>
              Cancelar importação
            </Button>
          </Group>
        </>
      )}
      {result && (
        <Alert color="teal" title={result.written ? 'Importação concluída' : 'Nada a gravar'} role="status">
          <Text size="sm" mb="sm">
            {result.written
              ? `${result.summary.charAt(0).toUpperCase() + result.summary.slice(1)}. O registro está no Histórico.`
              : 'Os dados deste arquivo já estavam no SVA Desk: nada foi alterado.'}
          </Text>
          <Group>
            <Button component={RouterLink} href="~/clientes">
              Ver clientes
            </Button>
            <Button variant="default" onClick={reset}>
              Importar outro arquivo
            </Button>
          </Group>
        </Alert>
      )}
      {error && (
        <Alert color={error.canceled ? 'gray' : 'red'} title={error.canceled ? 'Importação cancelada' : 'Importação não gravada'} role="alert">
          <Text size="sm" mb="sm">
            {error.canceled ? 'Nada foi gravado. Volte à prévia para confirmar de novo quando quiser, ou às colunas para mudar o mapeamento.' : error.message}
          </Text>
          {again && (
            <Text size="sm" mb="sm" c="red.8">
              {again}
            </Text>
          )}
          <Group>
            {error.fileGone || again ? (
              <Button onClick={reset}>Escolher o arquivo de novo</Button>
            ) : (
              <Button variant="default" onClick={() => void backToPreview()}>
                Voltar à prévia
              </Button>
            )}
            {!error.fileGone && !again && (
              <Button variant="subtle" onClick={() => setStep('columns')}>
                Voltar às colunas
              </Button>
            )}
          </Group>
        </Alert>
      )}
    </Card>
  );
}
