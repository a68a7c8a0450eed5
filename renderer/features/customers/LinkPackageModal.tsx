import { Alert, Anchor, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import type { CustomerRecord, LinkView, ServiceView } from '../../../shared/contract';
import { fieldErrors, formatBRL, LinkParamsForm, maskDocument } from '../../../shared/domain';
import { CommandError, formErrors, run, useHostQuery } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { notifySuccess } from '../../ui/notify';
import { planEditHref } from '../plans';

type Props = {
  customer: CustomerRecord;
  /** S9: why the customer's packages are not transmitted (the detail's, from the host) */
  problems: string[];
  service: ServiceView;
  /** given: edit this link's parameters (as it is now); absent: link a new package */
  link?: LinkView;
  opened: boolean;
  onClose: () => void;
};

/** Vincular pacote (S7, S12) and Editar parâmetros (S10): senha, id_contrato, label. */
export function LinkPackageModal({ customer, problems, service, link: current, opened, onClose }: Props) {
  // the link as the dialog opened on it (its version goes with the save); Recarregar takes the current one
  const [link, setLink] = useState(current);
  const [packageId, setPackageId] = useState<string | null>(link ? String(link.packageId) : null);
  const [password, setPassword] = useState(link?.password ?? '');
  const [contractIdentifier, setContractIdentifier] = useState(link?.contractIdentifier ?? '');
  const [label, setLabel] = useState(link?.label ?? '');
  const [showPassword, setShowPassword] = useState(false);
  // The platform keys the licence by (id_contrato, label): fixed while it may hold one under them.
  const keyLocked = !!link?.keyLocked;
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // S12: what may be linked, narrowed by the plan's Travar Pacotes (and why), from the host
  const options = useHostQuery('links.options', { serviceId: service.id }, ['plans', 'packages', 'links', 'services']);
  const allowed = options.data;
  const pkg = allowed?.packages.find((p) => String(p.id) === packageId);
  const defaultLabel = pkg?.label ?? (link && !link.label ? link.effective.label : null);

  const clear = (key: string) => setErrors((e) => ({ ...e, [key]: '', form: '' }));
  const reload = () => {
    const next = current ?? link;
    setLink(next);
    setPassword(next?.password ?? '');
    setContractIdentifier(next?.contractIdentifier ?? '');
    setLabel(next?.label ?? '');
    setConflict(null);
    setErrors({});
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!link && !packageId) {
      setErrors({ packageId: 'Escolha o pacote que será vinculado ao serviço.' });
      return;
    }
    const params = { password, contractIdentifier, label };
    const parsed = LinkParamsForm.safeParse(params);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setSaving(true);
    setConflict(null);
    try {
      if (link) await run('links.update', { linkId: link.id, version: link.version, params });
      else await run('links.add', { serviceId: service.id, packageId: Number(packageId), params });
      notifySuccess(link ? 'Parâmetros do pacote salvos.' : `Pacote ${pkg?.name ?? ''} vinculado ao serviço ${service.id}.`);
      onClose();
    } catch (error) {
      if (error instanceof CommandError && error.code === 'CONFLICT') setConflict(error.message);
      else setErrors(formErrors(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={link ? `Editar parâmetros · ${link.packageName ?? `Pacote nº ${link.packageId}`}` : `Vincular pacote ao serviço ${service.id}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}

          {options.isError ? <Alert color="red">{options.error.message}</Alert> : null}
          {!link && allowed?.reason ? (
            // S12: say why packages are missing, where it happens, and where to change it.
            <Alert color="blue" variant="light" title="Este plano trava pacotes">
              <Text size="sm">{allowed.reason}</Text>
              <Anchor component={RouterLink} href={planEditHref(allowed.planId, 'pacotes')} size="sm" fw={600}>
                Abrir a aba Pacotes do plano {allowed.planName}
              </Anchor>
            </Alert>
          ) : null}

          {!link ? (
            allowed && allowed.packages.length === 0 ? (
              <Alert color="yellow" variant="light" title="Nenhum pacote para vincular">
                {allowed.reason ? 'O plano não tem pacotes próprios ativos. ' : 'Não há pacotes ativos cadastrados. '}
                <Anchor component={RouterLink} href="~/configuracao/geral/pacotes" size="sm">
                  Ir para Pacotes
                </Anchor>
              </Alert>
            ) : (
              <Select
                label="Pacote"
                required
                placeholder="Escolha o pacote"
                disabled={!allowed}
                data={(allowed?.packages ?? []).map((p) => ({
                  value: String(p.id),
                  label: `${p.name} · ${formatBRL(p.priceCents)}${p.linked ? ' (já vinculado)' : ''}`,
                }))}
                value={packageId}
                onChange={(v) => {
                  setPackageId(v);
                  clear('packageId');
                }}
                error={errors.packageId || undefined}
                searchable
                nothingFoundMessage="Nenhum pacote com esse nome"
              />
            )
          ) : null}

          <Text size="sm" fw={600} mt="xs">
            Parâmetros (opcionais)
          </Text>
          <Text size="xs" c="dimmed" mt={-8}>
            Deixe em branco para usar o padrão mostrado no campo.
            {keyLocked ? ' Já transmitido: id_contrato e label só mudam removendo o pacote e vinculando de novo.' : ''}
          </Text>
          <PasswordInput
            label="senha"
            description="Senha criada/atualizada na plataforma"
            placeholder={`Padrão: CPF/CNPJ do cliente (${maskDocument(customer.document)})`}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              clear('password');
            }}
            error={errors.password || undefined}
            autoComplete="new-password"
            visible={showPassword}
            onVisibilityChange={setShowPassword}
            visibilityToggleButtonProps={{ 'aria-label': showPassword ? 'Ocultar senha' : 'Mostrar senha' }}
          />
          <TextInput
            label="id_contrato"
            description="contract_identifier: liga o cliente ao contrato na plataforma"
            placeholder={`Padrão: id_cliente_servico (${service.id})`}
            disabled={keyLocked}
            value={contractIdentifier}
            onChange={(e) => {
              setContractIdentifier(e.currentTarget.value);
              clear('contractIdentifier');
            }}
            error={errors.contractIdentifier || undefined}
          />
          <TextInput
            label="label"
            description="Identificador único do pacote/produto na plataforma"
            placeholder={defaultLabel ? `Padrão: ${defaultLabel}` : 'Padrão: label gerado no cadastro do pacote'}
            disabled={keyLocked}
            value={label}
            onChange={(e) => {
              setLabel(e.currentTarget.value);
              clear('label');
            }}
            error={errors.label || undefined}
          />

          {problems.length > 0 ? (
            // S9: the link is saved; it waits for the missing data before it is transmitted.
            <Alert color="yellow" variant="light" title="O pacote será salvo, mas não será transmitido">
              {problems.map((p) => (
                <Text key={p} size="sm">
                  {p}
                </Text>
              ))}
            </Alert>
          ) : null}

          {conflict ? <ConflictAlert title="Parâmetros não salvos" message={conflict} onReload={reload} /> : null}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Voltar
            </Button>
            <Button type="submit" loading={saving} disabled={!link && allowed?.packages.length === 0}>
              {link ? 'Salvar parâmetros' : 'Vincular pacote'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
