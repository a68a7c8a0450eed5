import { Alert, Anchor, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import type { BulkAction, BulkSummary, BulkTarget } from '../../../shared/contract';
import { subscribe } from '../../bridge';
import { CommandError, formErrors, run } from '../../data/client';
import { count } from '../../ui/format';
import { BulkReport } from './BulkReport';
import { PackageActionForm } from './PackageActionForm';
import { PlanDefaultsForm } from './PlanDefaultsForm';

/** Where an Ação em massa starts: a plan's default packages, or a package action on a selection. */
export type BulkStart = { kind: 'planDefaults'; planId: number; planName: string } | { kind: 'package'; target: BulkTarget; targetLabel: string };

type Step = 'setup' | 'preview' | 'applying' | 'result';

function confirmLabel(s: BulkSummary, action: BulkAction): string {
  const p = s.counts.pending;
  switch (action.kind) {
    case 'planDefaults':
      return `Confirmar: vincular ${count(p, 'pacote', 'pacotes')}`;
    case 'link':
      return `Confirmar: vincular em ${count(p, 'serviço', 'serviços')}`;
    case 'unlink':
      return `Confirmar: remover de ${count(p, 'serviço', 'serviços')}`;
    case 'params':
      return `Confirmar: alterar em ${count(p, 'serviço', 'serviços')}`;
  }
}

/**
 * Ações em massa: choose → prévia (counts and every row) → confirm → the result per row. The host
 * resolves the target and runs each row with the single action's rules; this only shows it.
 */
export function BulkDialog({ start, onClose }: { start: BulkStart; onClose: () => void }) {
  const target: BulkTarget = start.kind === 'planDefaults' ? { kind: 'plan', planId: start.planId } : start.target;
  const [step, setStep] = useState<Step>('setup');
  const [action, setAction] = useState<BulkAction | null>(null);
  const [summary, setSummary] = useState<BulkSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const bulkId = summary?.bulkId;

  useEffect(() => {
    if (!bulkId) return;
    return subscribe('bulk.progress', (p) => {
      if (p.bulkId === bulkId) setProgress({ done: p.done, total: p.total });
    });
  }, [bulkId]);

  async function preview(a: BulkAction) {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      setAction(a);
      setSummary(await run('bulk.preview', { target, action: a }));
      setStep('preview');
    } catch (e) {
      const f = formErrors(e);
      setFields(f);
      setError(e instanceof CommandError && Object.keys(e.fields).length > 0 ? null : (f.form ?? null));
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!summary) return;
    setStep('applying');
    setError(null);
    try {
      setSummary(await run('bulk.apply', { bulkId: summary.bulkId }));
      setStep('result');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setStep('preview');
    }
  }

  function close() {
    if (step === 'applying') return;
    if (step === 'preview' && summary) void run('bulk.discard', { bulkId: summary.bulkId }).catch(() => undefined);
    onClose();
  }

  const title =
    step === 'result'
      ? 'Resultado da ação em massa'
      : step === 'setup'
        ? start.kind === 'planDefaults'
          ? `Aplicar pacotes padrão aos serviços existentes — ${start.planName}`
          : `Ação em massa — ${start.targetLabel}`
        : 'Prévia da ação em massa';

  return (
    <Modal opened onClose={close} title={title} size="80rem" closeOnClickOutside={false} withCloseButton={step !== 'applying'}>
      <Stack gap="sm">
        {/* kept mounted behind the preview, so Voltar finds the choices as they were */}
        <div hidden={step !== 'setup'}>
          {start.kind === 'planDefaults' ? (
            <PlanDefaultsForm planId={start.planId} busy={busy} error={error} onPreview={(a) => void preview(a)} onCancel={close} />
          ) : (
            <PackageActionForm busy={busy} error={error} fields={fields} onPreview={(a) => void preview(a)} onCancel={close} />
          )}
        </div>

        {summary && action && step !== 'setup' ? (
          <>
            <Text size="sm" fw={500}>
              {summary.title}.
            </Text>
            <Text size="sm">
              Alcance: {summary.targetLabel} — {count(summary.services, 'serviço', 'serviços')}
              {summary.rows !== summary.services ? `, ${count(summary.rows, 'linha', 'linhas')}` : ''}.
            </Text>
            {step === 'preview' && summary.rows === 0 ? (
              <Alert color="gray" variant="light" title="Nenhum serviço nesta seleção">
                {start.kind === 'planDefaults' ? 'Este plano ainda não tem serviços, ou nenhum pacote foi escolhido.' : 'Os clientes escolhidos não têm serviços. Adicione os serviços antes de vincular pacotes.'}
              </Alert>
            ) : null}
            {step === 'applying' ? (
              <Stack gap={4}>
                <Text size="sm">
                  Aplicando… {progress ? `${progress.done.toLocaleString('pt-BR')} de ${count(progress.total, 'linha', 'linhas')}` : ''}
                </Text>
                <Progress value={progress ? (100 * progress.done) / Math.max(1, progress.total) : 0} aria-label="Andamento da ação em massa" animated />
              </Stack>
            ) : (
              <BulkReport key={summary.state} summary={summary} />
            )}
            {error ? (
              <Alert color="red" title="A ação não foi concluída">
                {error} O que já foi feito está no Histórico; faça a prévia de novo para ver o que falta.
              </Alert>
            ) : null}
            <Group justify="flex-end" wrap="nowrap">
              {step === 'preview' ? (
                <>
                  <Button
                    variant="default"
                    onClick={() => {
                      void run('bulk.discard', { bulkId: summary.bulkId }).catch(() => undefined);
                      setStep('setup');
                    }}
                  >
                    Voltar
                  </Button>
                  <Button onClick={() => void apply()} disabled={summary.counts.pending === 0}>
                    {summary.counts.pending === 0 ? 'Nada a fazer' : confirmLabel(summary, action)}
                  </Button>
                </>
              ) : null}
              {step === 'result' ? (
                <>
                  <Text size="sm" style={{ flex: 1 }}>
                    O que mudou vai para a Campsoft na próxima transmissão, pelo caminho de sempre (com mais de 50 vínculos, a prévia da transmissão
                    espera a sua confirmação). Acompanhe em{' '}
                    <Anchor component={Link} href="~/transmissoes">
                      Transmissões
                    </Anchor>
                    ; cada serviço tem o seu evento no{' '}
                    <Anchor component={Link} href="~/historico">
                      Histórico
                    </Anchor>
                    .
                  </Text>
                  <Button onClick={close}>Fechar</Button>
                </>
              ) : null}
            </Group>
          </>
        ) : null}
      </Stack>
    </Modal>
  );
}
