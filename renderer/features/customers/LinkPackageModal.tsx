import { Alert, Anchor, Button, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Link as RouterLink } from 'wouter';
import { allowedPackages, fieldErrors, formatBRL, LinkParamsForm, maskDocument, mayHoldLicence, transmittableProblems, type Customer, type Link, type Service } from '../../../shared/domain';
import { db } from '../../db/db';
import { notifySuccess } from '../../ui/notify';
import { formErrors, linkPackage, updateLinkParams } from './repository';

/** The plan's Pacotes tab, where S12's list of allowed packages is edited. */
export const planPackagesHref = (planId: number) => `~/configuracao/geral/servicos-planos/${planId}/editar?aba=pacotes`;

type Props = {
  customer: Customer;
  service: Service;
  /** given: edit this link's parameters; absent: link a new package */
  link?: Link;
  opened: boolean;
  onClose: () => void;
};

/** Vincular pacote (S7, S12) and Editar parâmetros (S10): senha, id_contrato, label. */
export function LinkPackageModal({ customer, service, link, opened, onClose }: Props) {
  const [packageId, setPackageId] = useState<string | null>(link ? String(link.packageId) : null);
  const [password, setPassword] = useState(link?.password ?? '');
  const [contractIdentifier, setContractIdentifier] = useState(link?.contractIdentifier ?? '');
  const [label, setLabel] = useState(link?.label ?? '');
  // The platform keys the licence by (id_contrato, label): fixed while it may hold one under them.
  const keyLocked = !!link && mayHoldLicence(link);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const plan = useLiveQuery(() => db.plans.get(service.planId), [service.planId]);
  const packages = useLiveQuery(() => db.packages.toArray(), []);
  const linked = useLiveQuery(() => db.links.where('serviceId').equals(service.id).toArray(), [service.id]);

  const allowed = plan && packages ? allowedPackages(plan, packages) : null;
  const pkg = packages?.find((p) => String(p.id) === packageId);
  const problems = transmittableProblems(customer);
  const liveLinked = new Set((linked ?? []).filter((l) => !l.removedAt).map((l) => l.packageId));

  const clear = (key: string) => setErrors((e) => ({ ...e, [key]: '', form: '' }));

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
    try {
      if (link) await updateLinkParams(link.id, params);
      else await linkPackage(service.id, Number(packageId), params);
      notifySuccess(link ? 'Parâmetros do pacote salvos.' : `Pacote ${pkg?.name ?? ''} vinculado ao serviço ${service.id}.`);
      onClose();
    } catch (error) {
      setErrors(formErrors(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={link ? `Editar parâmetros · ${pkg?.name ?? ''}` : `Vincular pacote ao serviço ${service.id}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {errors.form ? <Alert color="red">{errors.form}</Alert> : null}

          {!link && allowed?.reason && plan ? (
            // S12: say why packages are missing, where it happens, and where to change it.
            <Alert color="blue" variant="light" title="Este plano trava pacotes">
              <Text size="sm">{allowed.reason}</Text>
              <Anchor component={RouterLink} href={planPackagesHref(plan.id)} size="sm" fw={600}>
                Abrir a aba Pacotes do plano {plan.name}
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
                data={(allowed?.packages ?? []).map((p) => ({
                  value: String(p.id),
                  label: `${p.name} · ${formatBRL(p.priceCents)}${liveLinked.has(p.id) ? ' (já vinculado)' : ''}`,
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
            placeholder={pkg ? `Padrão: ${pkg.label}` : 'Padrão: label gerado no cadastro do pacote'}
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
