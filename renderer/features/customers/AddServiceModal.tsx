import { Alert, Badge, Button, Checkbox, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { fieldErrors, formatBRL, ServiceForm, serviceStatuses, serviceStatusLabels, type ServiceStatus } from '../../../shared/domain';
import { formErrors, run, useHostQuery } from '../../data/client';
import { notifySuccess } from '../../ui/notify';
import { usePlans } from '../plans';

export const statusOptions = serviceStatuses.map((s) => ({ value: s, label: serviceStatusLabels[s] }));

export function AddServiceModal({ customerId, opened, onClose }: { customerId: number; opened: boolean; onClose: () => void }) {
  const [serviceId, setServiceId] = useState('');
  const [planId, setPlanId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>('servico_habilitado');
  // S11: optional default packages the clerk unchecked
  const [leftOut, setLeftOut] = useState<Set<number>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const plans = usePlans();
  const plan = plans?.find((p) => String(p.id) === planId);
  // S11: the plan's default packages (mandatory and optional), as the host will attach them
  const defaults = useHostQuery('services.defaults', plan ? { planId: plan.id } : null, ['plans', 'packages']).data?.packages;

  const close = () => {
    setServiceId('');
    setPlanId(null);
    setStatus('servico_habilitado');
    setLeftOut(new Set());
    setErrors({});
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = ServiceForm.safeParse({ id: serviceId, customerId, planId: planId ? Number(planId) : undefined, status: status ?? undefined });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    const kept = (defaults ?? []).filter((d) => !d.mandatory && !leftOut.has(d.packageId)).map((d) => d.packageId);
    setSaving(true);
    try {
      await run('services.add', { customerId, values: { id: parsed.data.id, planId: parsed.data.planId, status: parsed.data.status }, keptOptionalPackageIds: kept });
      notifySuccess(`Serviço ${parsed.data.id} adicionado.`);
      close();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Adicionar serviço" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}
          <TextInput
            label="id_cliente_servico"
            description="Código do serviço do cliente no ERP"
            required
            value={serviceId}
            onChange={(e) => {
              setServiceId(e.currentTarget.value);
              setErrors((x) => ({ ...x, id: '' }));
            }}
            error={errors.id || undefined}
            data-autofocus
          />
          <Select
            label="Serviço/Plano"
            required
            placeholder={plans && plans.length === 0 ? 'Nenhum plano cadastrado' : 'Escolha o plano'}
            data={(plans ?? []).filter((p) => p.active || String(p.id) === planId).map((p) => ({ value: String(p.id), label: `${p.name} · ${formatBRL(p.priceCents)}` }))}
            value={planId}
            onChange={(value) => {
              setPlanId(value);
              setLeftOut(new Set());
              setErrors((x) => ({ ...x, planId: '' }));
            }}
            error={errors.planId || undefined}
            searchable
            nothingFoundMessage="Nenhum plano com esse nome"
          />
          <Select
            label="Status"
            required
            data={statusOptions}
            value={status}
            onChange={(value) => {
              setStatus(value as ServiceStatus | null);
              setErrors((x) => ({ ...x, status: '' }));
            }}
            error={errors.status || undefined}
            searchable
            allowDeselect={false}
          />

          {plan ? (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                Pacotes padrão do plano
              </Text>
              {defaults && defaults.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Este plano não tem pacotes padrão. Depois de adicionar o serviço, use Vincular pacote.
                </Text>
              ) : null}
              {(defaults ?? []).map((pkg) => (
                <Group key={pkg.packageId} gap="xs">
                  {/* S11: mandatory packages are attached when the service is added; optional ones may be left out. */}
                  {pkg.mandatory ? (
                    // locked, yet readable: a greyed label would read as "not included"
                    <>
                      <Checkbox checked disabled readOnly aria-label={`${pkg.name} (obrigatório)`} />
                      <Text size="sm">{`${pkg.name} · ${formatBRL(pkg.priceCents)}`}</Text>
                    </>
                  ) : (
                    <Checkbox
                      label={`${pkg.name} · ${formatBRL(pkg.priceCents)}`}
                      checked={!leftOut.has(pkg.packageId)}
                      onChange={(e) => {
                        const checked = e.currentTarget.checked;
                        setLeftOut((s) => {
                          const next = new Set(s);
                          if (checked) next.delete(pkg.packageId);
                          else next.add(pkg.packageId);
                          return next;
                        });
                      }}
                    />
                  )}
                  {pkg.mandatory ? (
                    <Badge variant="filled" color="gray.7" radius="sm" tt="none">
                      Obrigatório
                    </Badge>
                  ) : (
                    <Text size="xs" c="dimmed">
                      Opcional: desmarque para não incluir
                    </Text>
                  )}
                </Group>
              ))}
              {defaults?.some((d) => d.mandatory) ? (
                <Text size="xs" c="dimmed">
                  Pacotes obrigatórios entram com o serviço; se precisar, remova-os depois no serviço.
                </Text>
              ) : null}
            </Stack>
          ) : null}

          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={close}>
              Voltar
            </Button>
            <Button type="submit" loading={saving}>
              Adicionar serviço
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
