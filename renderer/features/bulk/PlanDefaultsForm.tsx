import { Alert, Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconCircleCheckFilled } from '@tabler/icons-react';
import { useState } from 'react';
import type { BulkAction } from '../../../shared/contract';
import { packagesOnNewService } from '../../../shared/domain';
import { useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';

/**
 * S8/S11 on the services a plan already has: the mandatory defaults go to every one of them, the
 * optional ones only if the clerk ticks them (as when a service is added).
 */
export function PlanDefaultsForm({ planId, busy, error, onPreview, onCancel }: { planId: number; busy: boolean; error: string | null; onPreview: (a: BulkAction) => void; onCancel: () => void }) {
  const plan = useHostQuery('plans.get', { id: planId }, ['plans']);
  const packages = useHostQuery('packages.list', {}, ['packages']);
  const [kept, setKept] = useState<number[]>([]);
  if (plan.isError) return <LoadFailure what="o plano" error={plan.error} onRetry={() => void plan.refetch()} />;
  if (!plan.data || !packages.data) return <Text size="sm">Carregando o plano…</Text>;
  const defaults = packagesOnNewService(plan.data);
  const name = (id: number) => packages.data.find((p) => p.id === id)?.name ?? `Pacote ${id}`;
  const mandatory = defaults.filter((d) => d.mandatory);

  return (
    <Stack gap="sm">
      {defaults.length === 0 ? (
        <Alert color="gray" variant="light" title="Este plano não tem pacotes padrão">
          Inclua pacotes na aba Pacotes do plano e volte aqui para aplicá-los aos serviços que o plano já tem.
        </Alert>
      ) : (
        <>
          <Text size="sm">
            Os serviços novos do plano {plan.data.name} já recebem os pacotes padrão. Aqui eles vão para os serviços que o plano já tem (por exemplo, os
            importados do ERP). Os obrigatórios entram em todos; os opcionais, só se você marcar.
          </Text>
          <Stack gap={6}>
            {defaults.map((d) =>
              d.mandatory ? (
                // S11: not a choice here; a disabled box would be grey and hard to read
                <Group key={d.packageId} gap={8} wrap="nowrap">
                  <IconCircleCheckFilled size={20} color="var(--mantine-color-green-9)" aria-hidden />
                  <Text size="sm">{`${name(d.packageId)} — obrigatório: vai para todos os serviços do plano`}</Text>
                </Group>
              ) : (
                <Checkbox
                  key={d.packageId}
                  label={`${name(d.packageId)} — opcional: marque para incluir`}
                  checked={kept.includes(d.packageId)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setKept((k) => (on ? [...k, d.packageId] : k.filter((id) => id !== d.packageId)));
                  }}
                />
              ),
            )}
          </Stack>
        </>
      )}
      {error ? (
        <Alert color="red" title="Não foi possível fazer a prévia">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancelar
        </Button>
        <Button loading={busy} disabled={mandatory.length === 0 && kept.length === 0} onClick={() => onPreview({ kind: 'planDefaults', keptOptionalPackageIds: kept })}>
          Ver prévia
        </Button>
      </Group>
    </Stack>
  );
}
