import { Alert, Badge, Button, Card, FileButton, Group, List, MultiSelect, Pagination, Progress, SegmentedControl, Select, Stack, Stepper, Table, Tabs, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { serviceStatusLabels, type ServiceStatus } from '../../../shared/domain';
import { Link as RouterLink } from 'wouter';
import { db } from '../../db/db';
import { applyImport, countsSummary, loadExisting, loadRememberedPlans } from './apply';
import { computeDiff, defaultPlanResolution, hasChanges, type Existing, type ImportCounts } from './diff';
import { ExportCard } from './ExportCard';
import { downloadText } from '../../ui/download';
import { count, timeLeft } from '../../ui/format';
import { datedName, rejectedCsv } from './exports';
import { describeFormat, fieldLabels, missingFields, requiredFields, type ColumnMapping, type MappingField } from '../../../shared/import/parse';
import { createImportReader } from './reader';
import { useImport, type Step } from './store';
import { measurePhase, timed } from './timing';

const steps: Step[] = ['file', 'columns', 'preview', 'apply'];
// One reader for the page: it holds the last file's rows between the columns and preview steps.
const reader = createImportReader();
const n = (v: number) => v.toLocaleString('pt-BR');

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

async function readBytes(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === 'function') return new Uint8Array(await file.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
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
  const [reading, setReading] = useState(false);

  const choose = async (file: File | null) => {
    if (!file) return;
    setReading(true);
    setError(null);
    try {
      const bytes = await readBytes(file);
      const parsed = await timed('parse', () => reader.parse(bytes, file.name));
      if ('error' in parsed) setError(parsed.error);
      else loadFile(parsed);
    } catch {
      setError(`Não consegui ler o arquivo "${file.name}". Confira se ele não está aberto em outro programa e tente de novo.`);
    } finally {
      setReading(false);
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
            <Button {...props} loading={reading}>
              Escolher arquivo CSV ou XLSX
            </Button>
          )}
        </FileButton>
      </Group>
      {error && (
        <Alert color="red" title="Arquivo não lido" mt="md" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}

function ColumnsStep() {
  const { file, preset, mapping, setPreset, setMapping, setStep, showPreview } = useImport();
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!file) return null;
  const missing = missingFields(mapping);
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
    const validation = await timed('validate', () => reader.validate(mapping)).catch(() => null);
    if (!validation) {
      setChecking(false);
      setError('Não consegui validar o arquivo. Escolha o arquivo de novo e tente outra vez.');
      return;
    }
    const [plans, remembered] = await Promise.all([db.plans.toArray(), loadRememberedPlans()]);
    setChecking(false);
    showPreview(validation, defaultPlanResolution(validation.planNames, plans, remembered));
  };

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={2} size="h4">
            Colunas do arquivo
          </Title>
          <Text size="sm" c="dimmed">
            {file.fileName} · {describeFormat(file)} · {count(file.rowCount, 'linha de dados', 'linhas de dados')}
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
          {error}
        </Alert>
      )}
      {missing.length > 0 && (
        <Alert color="yellow" mt="md" title="Faltam colunas obrigatórias">
          Escolha a coluna de: {missing.map((f) => fieldLabels[f]).join(', ')}.
        </Alert>
      )}
      <Group mt="md">
        <Button variant="default" onClick={() => setStep('file')}>
          Escolher outro arquivo
        </Button>
        <Button onClick={() => void preview()} disabled={missing.length > 0} loading={checking}>
          Validar e ver prévia
        </Button>
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

function PreviewStep() {
  const { file, validation, resolution, setStep, setProgress, finish, fail } = useImport();
  const [existing, setExisting] = useState<Existing | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    loadExisting().then(setExisting, () => setLoadError('Não consegui ler os dados do SVA Desk para comparar. Feche e abra o programa e tente de novo.'));
  }, []);

  const diff = useMemo(() => {
    if (!existing || !validation) return null;
    const start = performance.now();
    const computed = computeDiff(validation.rows, resolution, existing, new Date().toISOString());
    measurePhase('diff', start);
    return computed;
  }, [existing, validation, resolution]);
  if (!file || !validation) return null;

  const withWarnings = validation.rows.filter((r) => r.warnings.length > 0);
  const apply = async () => {
    if (!diff) return;
    setStep('apply');
    setProgress({ done: 0, total: 1 });
    try {
      await timed('write', () => applyImport(diff, { fileName: file.fileName, resolution, rejected: validation.rejected.length, onProgress: (done, total) => setProgress({ done, total }) }));
      finish(countsSummary(diff.counts));
    } catch (e) {
      const reason = e instanceof Error && e.message ? e.message : 'erro desconhecido';
      fail(`A importação não foi gravada e nada foi alterado. Motivo: ${reason} Confira o arquivo e tente de novo.`);
    }
  };

  return (
    <Stack>
      <Group gap="xs">
        <Badge color="teal" variant="light" size="lg">
          {count(validation.rows.length, 'linha válida', 'linhas válidas')}
        </Badge>
        <Badge color="yellow" variant="light" size="lg" c="dark.7">
          {n(withWarnings.length)} com aviso
        </Badge>
        <Badge color="red" variant="light" size="lg">
          {count(validation.rejected.length, 'rejeitada', 'rejeitadas')}
        </Badge>
        <Badge color="gray" variant="light" size="lg" c="gray.8">
          {count(validation.duplicates.length, 'duplicada', 'duplicadas')}
        </Badge>
      </Group>
      {validation.restoredDocuments > 0 && (
        <Text size="sm">
          {validation.restoredDocuments === 1 ? 'Em 1 linha, o CPF/CNPJ' : `Em ${n(validation.restoredDocuments)} linhas, o CPF/CNPJ`} estava na planilha como número, sem
          os zeros à esquerda. O SVA Desk devolveu os zeros e conferiu os dígitos verificadores: não é preciso fazer nada.
        </Text>
      )}

      {validation.planNames.length > 0 && (
        <Card withBorder padding="lg">
          <Title order={2} size="h4" mb={4}>
            Planos do arquivo
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Para cada plano do arquivo, use um plano já cadastrado ou crie um novo com o mesmo nome (depois ajuste preço e pacotes em Serviços/Planos).
          </Text>
          <PlanTable />
        </Card>
      )}

      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          O que vai mudar
        </Title>
        {loadError && <Alert color="red">{loadError}</Alert>}
        {!diff && !loadError && <Text size="sm">Comparando com os dados do SVA Desk…</Text>}
        {diff && !hasChanges(diff.counts) && (
          <Alert color="gray" title="Nenhuma alteração">
            Os dados deste arquivo já estão no SVA Desk. Não há nada para importar.
          </Alert>
        )}
        {diff && hasChanges(diff.counts) && (
          <Table withTableBorder maw={640} aria-label="Resumo da importação">
            <Table.Tbody>
              {countLines
                .filter((l) => diff.counts[l.key] > 0 || ['newCustomers', 'newServices', 'statusChanges'].includes(l.key))
                .map((l) => (
                  <Table.Tr key={l.key}>
                    <Table.Td>{l.label}</Table.Td>
                    <Table.Td ta="right" fw={700} c={diff.counts[l.key] > 0 ? l.color : undefined}>
                      {n(diff.counts[l.key])}
                    </Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )}
        {diff && diff.counts.suspensions + diff.counts.reenables + diff.counts.cancellations > 0 && (
          <Text size="sm" mt="sm">
            Suspensões, reabilitações e cancelamentos são enviados à plataforma na próxima transmissão.
          </Text>
        )}
      </Card>

      <RowReports />

      <Group>
        <Button variant="default" onClick={() => setStep('columns')}>
          Voltar às colunas
        </Button>
        <Button onClick={() => void apply()} disabled={!diff || !hasChanges(diff.counts)}>
          Confirmar importação
        </Button>
      </Group>
    </Stack>
  );
}

function PlanTable() {
  const { validation, resolution, setResolution } = useImport();
  const plans = useLivePlans();
  if (!validation) return null;
  const servicesPerPlan = new Map<string, number>();
  for (const r of validation.rows) servicesPerPlan.set(r.planName, (servicesPerPlan.get(r.planName) ?? 0) + 1);
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
        {validation.planNames.map((name) => {
          const choice = resolution[name] ?? { kind: 'create' };
          return (
            <Table.Tr key={name}>
              <Table.Td>{name}</Table.Td>
              <Table.Td ta="right">{n(servicesPerPlan.get(name) ?? 0)}</Table.Td>
              <Table.Td w={320}>
                <Select
                  aria-label={`Plano para "${name}"`}
                  data={options}
                  allowDeselect={false}
                  value={choice.kind === 'create' ? 'create' : String(choice.planId)}
                  onChange={(v) => setResolution({ ...resolution, [name]: v === 'create' || v === null ? { kind: 'create' } : { kind: 'existing', planId: Number(v) } })}
                />
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function useLivePlans() {
  const [plans, setPlans] = useState<{ id: number; name: string }[]>([]);
  useEffect(() => {
    void db.plans.orderBy('name').toArray().then(setPlans);
  }, []);
  return plans;
}

const PAGE = 20;

function Paged<T>({ items, render, head }: { items: T[]; render: (item: T) => ReactNode; head: ReactNode }) {
  const [page, setPage] = useState(1);
  const pages = Math.max(1, Math.ceil(items.length / PAGE));
  return (
    <>
      <Table striped withTableBorder>
        <Table.Thead>{head}</Table.Thead>
        <Table.Tbody>{items.slice((page - 1) * PAGE, page * PAGE).map(render)}</Table.Tbody>
      </Table>
      {pages > 1 && <Pagination mt="sm" total={pages} value={page} onChange={setPage} getControlProps={(c) => ({ 'aria-label': c === 'previous' ? 'Página anterior' : c === 'next' ? 'Próxima página' : c })} />}
    </>
  );
}

function RowReports() {
  const { file, validation } = useImport();
  if (!file || !validation) return null;
  const withWarnings = validation.rows.filter((r) => r.warnings.length > 0);
  const first = validation.rejected.length > 0 ? 'rejected' : withWarnings.length > 0 ? 'warnings' : 'valid';
  return (
    <Card withBorder padding="lg">
      <Tabs defaultValue={first}>
        <Tabs.List>
          <Tabs.Tab value="rejected">Rejeitadas ({n(validation.rejected.length)})</Tabs.Tab>
          <Tabs.Tab value="warnings">Com aviso ({n(withWarnings.length)})</Tabs.Tab>
          <Tabs.Tab value="duplicates">Duplicadas ({n(validation.duplicates.length)})</Tabs.Tab>
          <Tabs.Tab value="valid">Válidas ({n(validation.rows.length)})</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="rejected" pt="sm">
          {validation.rejected.length === 0 ? (
            <Text size="sm">Nenhuma linha rejeitada.</Text>
          ) : (
            <>
              <Group justify="space-between" mb="xs">
                <Text size="sm">Estas linhas não serão importadas. Corrija no ERP e importe o arquivo de novo.</Text>
                <Button variant="light" size="xs" onClick={() => downloadText(datedName('linhas-rejeitadas', 'csv'), rejectedCsv(file.headers, validation.rejected), 'text/csv')}>
                  Salvar relatório de erros (CSV)
                </Button>
              </Group>
              <Paged
                items={validation.rejected}
                head={
                  <Table.Tr>
                    <Table.Th>Linha</Table.Th>
                    <Table.Th>Motivo</Table.Th>
                  </Table.Tr>
                }
                render={(r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.reasons.join(' ')}</Table.Td>
                  </Table.Tr>
                )}
              />
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="warnings" pt="sm">
          {withWarnings.length === 0 ? (
            <Text size="sm">Nenhum aviso.</Text>
          ) : (
            <>
              <Text size="sm" mb="xs">
                Estas linhas serão importadas, mas precisam de atenção no cadastro.
              </Text>
              <Paged
                items={withWarnings}
                head={
                  <Table.Tr>
                    <Table.Th>Linha</Table.Th>
                    <Table.Th>Cliente</Table.Th>
                    <Table.Th>Aviso</Table.Th>
                  </Table.Tr>
                }
                render={(r) => (
                  <Table.Tr key={r.line}>
                    <Table.Td>{r.line}</Table.Td>
                    <Table.Td>{r.name}</Table.Td>
                    <Table.Td>{r.warnings.join(' ')}</Table.Td>
                  </Table.Tr>
                )}
              />
            </>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="duplicates" pt="sm">
          {validation.duplicates.length === 0 ? (
            <Text size="sm">Nenhuma linha repetida.</Text>
          ) : (
            <Paged
              items={validation.duplicates}
              head={
                <Table.Tr>
                  <Table.Th>Linha</Table.Th>
                  <Table.Th>Igual à linha</Table.Th>
                </Table.Tr>
              }
              render={(d) => (
                <Table.Tr key={d.line}>
                  <Table.Td>{d.line}</Table.Td>
                  <Table.Td>{d.sameAs} (importada uma vez só)</Table.Td>
                </Table.Tr>
              )}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="valid" pt="sm">
          <Paged
            items={validation.rows}
            head={
              <Table.Tr>
                <Table.Th>Linha</Table.Th>
                <Table.Th>id_cliente_servico</Table.Th>
                <Table.Th>Cliente</Table.Th>
                <Table.Th>Plano</Table.Th>
                <Table.Th>Status</Table.Th>
              </Table.Tr>
            }
            render={(r) => (
              <Table.Tr key={r.line}>
                <Table.Td>{r.line}</Table.Td>
                <Table.Td>{r.serviceId}</Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.planName}</Table.Td>
                <Table.Td>{statusLabel(r.status)}</Table.Td>
              </Table.Tr>
            )}
          />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

const statusLabel = (s: ServiceStatus) => serviceStatusLabels[s];

function ApplyStep() {
  const { progress, result, error, reset, setStep } = useImport();
  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : result ? 100 : 0;
  return (
    <Card withBorder padding="lg">
      {!result && !error && (
        <>
          <Text size="sm" mb="xs">
            Gravando… Se o SVA Desk for fechado antes do fim, nada é gravado: basta importar o arquivo de novo.
          </Text>
          <Progress value={percent} size="lg" aria-label="Progresso da importação" animated />
          {progress && (
            <Text size="sm" c="dimmed" mt={4}>
              {n(progress.done)} de {n(progress.total)} registros
              {progress.done < progress.total && ` · ${timeLeft(progress.done, progress.total, performance.now() - progress.startedAt) ?? 'calculando o tempo restante'}`}
            </Text>
          )}
        </>
      )}
      {result && (
        <Alert color="teal" title="Importação concluída" role="status">
          <Text size="sm" mb="sm">
            {result.summary.charAt(0).toUpperCase() + result.summary.slice(1)}. O registro está no Histórico.
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
        <Alert color="red" title="Importação não gravada" role="alert">
          <Text size="sm" mb="sm">
            {error}
          </Text>
          <Button variant="default" onClick={() => setStep('preview')}>
            Voltar à prévia
          </Button>
        </Alert>
      )}
    </Card>
  );
}
