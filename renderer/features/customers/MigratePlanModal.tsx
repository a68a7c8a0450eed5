import { Alert, Anchor, Button, Group, List, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import { formatBRL, migrationPlan, type Service } from '../../../shared/domain';
import { db } from '../../db/db';
import { notifySuccess } from '../../ui/notify';
import { planPackagesHref } from './LinkPackageModal';
import { migrateService, RepositoryError, type MigrationDecisions } from './repository';

/** Migrar plano: S8 adds the new plan's defaults; S12 asks keep/remove for packages a locked plan does not allow. */
export function MigratePlanModal({ service, opened, onClose }: { service: Service; opened: boolean; onClose: () => void }) {
  const [planId, setPlanId] = useState<string | null>(null);
  const [decisions, setDecisions] = useState<MigrationDecisions>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const plans = useLiveQuery(() => db.plans.orderBy('name').toArray(), []);
  const packages = useLiveQuery(() => db.packages.toArray(), []);
  const links = useLiveQuery(() => db.links.where('serviceId').equals(service.id).toArray(), [service.id]);
  const from = plans?.find((p) => p.id === service.planId);
  const to = plans?.find((p) => String(p.id) === planId);
  const change = from && to && links ? migrationPlan(from, to, links) : null;
  const name = (id: number) => packages?.find((p) => p.id === id)?.name ?? `Pacote ${id}`;
  const toAdd = change ? change.add.filter((id) => packages?.find((p) => p.id === id)?.active) : [];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!planId) {
      setErrors({ planId: 'Escolha o novo plano do serviço.' });
      return;
    }
    setSaving(true);
    try {
      await migrateService(service.id, Number(planId), decisions);
      notifySuccess(`Serviço ${service.id} migrado para ${to?.name ?? ''}.`);
      onClose();
    } catch (error) {
      if (error instanceof RepositoryError) setErrors({ ...error.fields, form: error.message });
      else setErrors({ form: String(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Migrar plano do serviço ${service.id}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">Plano atual: {from?.name ?? '—'}</Text>
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
              {toAdd.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nenhum: o serviço já tem os pacotes padrão do novo plano, ou o plano não tem pacotes padrão.
                </Text>
              ) : (
                <List size="sm">
                  {toAdd.map((id) => (
                    <List.Item key={id}>{name(id)}</List.Item>
                  ))}
                </List>
              )}
              {change.keep.length > 0 ? (
                <Text size="sm">Continuam no serviço: {change.keep.map((l) => name(l.packageId)).join(', ')}.</Text>
              ) : null}
              {change.notAllowed.length > 0 && to ? (
                <Alert color="blue" variant="light" title="O novo plano trava pacotes">
                  <Text size="sm" mb="xs">
                    {change.reason} Escolha o que fazer com cada pacote que ele não inclui:
                  </Text>
                  <Stack gap="xs">
                    {change.notAllowed.map((l) => (
                      <Radio.Group
                        key={l.id}
                        label={name(l.packageId)}
                        value={decisions[l.id] ?? null}
                        onChange={(v) => {
                          setDecisions((d) => ({ ...d, [l.id]: v as 'keep' | 'remove' }));
                          setErrors((e) => ({ ...e, [`decision.${l.id}`]: '' }));
                        }}
                        error={errors[`decision.${l.id}`] || undefined}
                      >
                        <Group gap="lg" mt={4}>
                          <Radio value="keep" label="Manter" />
                          <Radio value="remove" label="Remover" />
                        </Group>
                      </Radio.Group>
                    ))}
                  </Stack>
                  <Anchor component={RouterLink} href={planPackagesHref(to.id)} size="sm" mt="xs" display="inline-block">
                    Abrir a aba Pacotes do plano {to.name}
                  </Anchor>
                </Alert>
              ) : null}
            </>
          ) : null}
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
