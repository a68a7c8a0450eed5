import { Alert, Anchor, Button, Group, List, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import type { ServiceView } from '../../../shared/contract';
import { formatBRL } from '../../../shared/domain';
import { CommandError, formErrors, run, useHostQuery } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { notifySuccess } from '../../ui/notify';
import { planEditHref, usePlans } from '../plans';

type Decisions = Record<string, 'keep' | 'remove'>;

/** Migrar plano: S8 adds the new plan's defaults; S12 asks keep/remove for packages a locked plan does not allow. */
export function MigratePlanModal({ service, opened, onClose }: { service: ServiceView; opened: boolean; onClose: () => void }) {
  const [version, setVersion] = useState(service.version);
  const [conflict, setConflict] = useState<string | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<Decisions>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const plans = usePlans();
  const to = plans?.find((p) => String(p.id) === planId);
  // S8/S12, computed by the host: what the new plan adds, keeps, and does not allow
  const preview = useHostQuery('services.migrationPreview', planId ? { serviceId: service.id, planId: Number(planId) } : null, ['plans', 'packages', 'links', 'services']);
  const change = preview.data;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!planId) {
      setErrors({ planId: 'Escolha o novo plano do serviço.' });
      return;
    }
    setSaving(true);
    setConflict(null);
    try {
      await run('services.migratePlan', { serviceId: service.id, planId: Number(planId), decisions, version });
      notifySuccess(`Serviço ${service.id} migrado para ${to?.name ?? change?.toPlanName ?? ''}.`);
      onClose();
    } catch (error) {
      if (error instanceof CommandError && error.code === 'CONFLICT') {
        setConflict(error.message);
        return;
      }
      const fields = formErrors(error);
      setErrors(fields.form ? fields : { ...fields, form: error instanceof Error ? error.message : String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Migrar plano do serviço ${service.id}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">Plano atual: {service.planName ?? 'plano não encontrado'}</Text>
          <Select
            label="Novo plano"
            required
            placeholder="Escolha o plano"
            data={(plans ?? []).filter((p) => p.id !== service.planId && p.active).map((p) => ({ value: String(p.id), label: `${p.name} · ${formatBRL(p.priceCents)}` }))}
            value={planId}
            onChange={(v) => {
              setPlanId(v);
              setDecisions({});
              setErrors({});
            }}
            error={errors.planId || undefined}
            searchable
            nothingFoundMessage="Nenhum plano com esse nome"
          />
          {change ? (
            <>
              <Text size="sm" fw={600}>
                Pacotes que serão adicionados (padrão do novo plano)
              </Text>
              {change.add.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nenhum: o serviço já tem os pacotes padrão do novo plano, ou o plano não tem pacotes padrão.
                </Text>
              ) : (
                <List size="sm">
                  {change.add.map((p) => (
                    <List.Item key={p.packageId}>{p.name}</List.Item>
                  ))}
                </List>
              )}
              {change.keep.length > 0 ? (
                <Text size="sm">Continuam no serviço: {change.keep.map((l) => l.name).join(', ')}.</Text>
              ) : null}
              {change.notAllowed.length > 0 && to ? (
                <Alert color="blue" variant="light" title="O novo plano trava pacotes">
                  <Text size="sm" mb="xs">
                    {change.reason} Escolha o que fazer com cada pacote que ele não inclui:
                  </Text>
                  <Stack gap="xs">
                    {change.notAllowed.map((l) => (
                      <Radio.Group
                        key={l.linkId}
                        label={l.name}
                        value={decisions[l.linkId] ?? null}
                        onChange={(v) => {
                          setDecisions((d) => ({ ...d, [l.linkId]: v as 'keep' | 'remove' }));
                          setErrors((e) => ({ ...e, [`decision.${l.linkId}`]: '' }));
                        }}
                        error={errors[`decision.${l.linkId}`] || undefined}
                      >
                        <Group gap="lg" mt={4}>
                          <Radio value="keep" label="Manter" />
                          <Radio value="remove" label="Remover" />
                        </Group>
                      </Radio.Group>
                    ))}
                  </Stack>
                  <Anchor component={RouterLink} href={planEditHref(to.id, 'pacotes')} size="sm" mt="xs" display="inline-block">
                    Abrir a aba Pacotes do plano {to.name}
                  </Anchor>
                </Alert>
              ) : null}
            </>
          ) : null}
          {conflict ? (
            <ConflictAlert
              title="Plano não migrado"
              message={conflict}
              onReload={() => {
                setVersion(service.version);
                setConflict(null);
              }}
            />
          ) : null}
          {preview.isError ? <Alert color="red">{preview.error.message}</Alert> : null}
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Voltar
            </Button>
            <Button type="submit" loading={saving}>
              Migrar plano
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
