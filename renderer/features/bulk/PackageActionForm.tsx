import { Alert, Button, Checkbox, Group, PasswordInput, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { BulkAction, BulkParams } from '../../../shared/contract';
import { useHostQuery } from '../../data/client';

type Kind = 'link' | 'unlink' | 'params';
type Field = keyof BulkParams;

const fieldLabels: Record<Field, { label: string; blank: string }> = {
  password: { label: 'senha', blank: 'Em branco: volta ao padrão, o CPF/CNPJ de cada cliente.' },
  contractIdentifier: {
    label: 'id_contrato',
    blank: 'Em branco: volta ao padrão, o id_cliente_servico de cada serviço. Um mesmo id_contrato em vários serviços é recusado (a plataforma identifica a licença por id_contrato e label).',
  },
  label: { label: 'label', blank: 'Em branco: volta ao label padrão do pacote.' },
};

/** Vincular, remover, or change a package's parameters (S10) on every service of the selection. */
export function PackageActionForm({
  busy,
  error,
  fields,
  onPreview,
  onCancel,
}: {
  busy: boolean;
  error: string | null;
  fields: Record<string, string>;
  onPreview: (a: BulkAction) => void;
  onCancel: () => void;
}) {
  const packages = useHostQuery('packages.list', {}, ['packages']);
  const [kind, setKind] = useState<Kind>('link');
  const [packageId, setPackageId] = useState<string | null>(null);
  const [change, setChange] = useState<Record<Field, boolean>>({ password: false, contractIdentifier: false, label: false });
  const [values, setValues] = useState<Record<Field, string>>({ password: '', contractIdentifier: '', label: '' });
  const [missing, setMissing] = useState<string | null>(null);
  // a package is linked only while active; an inactive one may still be removed or changed
  const options = (packages.data ?? []).filter((p) => kind !== 'link' || p.active).map((p) => ({ value: String(p.id), label: p.name }));

  function preview() {
    if (!packageId) return setMissing('Escolha o pacote.');
    setMissing(null);
    const id = Number(packageId);
    if (kind !== 'params') return onPreview({ kind, packageId: id });
    const params: BulkParams = {};
    for (const f of Object.keys(change) as Field[]) if (change[f]) params[f] = values[f];
    onPreview({ kind, packageId: id, params });
  }

  return (
    <Stack gap="sm">
      <Radio.Group label="O que fazer" value={kind} onChange={(v) => setKind(v as Kind)}>
        <Group mt={4}>
          <Radio value="link" label="Vincular pacote" />
          <Radio value="unlink" label="Remover pacote" />
          <Radio value="params" label="Alterar parâmetros (senha, id_contrato, label)" />
        </Group>
      </Radio.Group>
      <Select
        label="Pacote"
        placeholder={packages.data ? (options.length ? 'Escolha o pacote' : 'Nenhum pacote ativo: cadastre em Pacotes') : 'Carregando pacotes…'}
        data={options}
        value={packageId}
        onChange={setPackageId}
        error={missing ?? fields.packageId}
        searchable
        w={420}
      />
      {kind === 'link' ? (
        <Text size="xs" c="dimmed">
          Cada serviço recebe o pacote com os parâmetros padrão (senha = CPF/CNPJ, id_contrato = id_cliente_servico). Planos com Travar Pacotes
          recusam pacotes que não são deles, e a prévia mostra quais.
        </Text>
      ) : null}
      {kind === 'params' ? (
        <Stack gap="xs">
          {(Object.keys(fieldLabels) as Field[]).map((f) => {
            const Input = f === 'password' ? PasswordInput : TextInput;
            return (
              <Group key={f} align="flex-start" wrap="nowrap">
                <Checkbox
                  mt={8}
                  w={170}
                  label={`Alterar ${fieldLabels[f].label}`}
                  checked={change[f]}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setChange((c) => ({ ...c, [f]: on }));
                  }}
                />
                <Input
                  aria-label={`Novo valor de ${fieldLabels[f].label}`}
                  disabled={!change[f]}
                  value={values[f]}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setValues((s) => ({ ...s, [f]: v }));
                  }}
                  description={fieldLabels[f].blank}
                  error={fields[f]}
                  style={{ flex: 1 }}
                />
              </Group>
            );
          })}
          {fields.params ? (
            <Text size="sm" c="red.9">
              {fields.params}
            </Text>
          ) : null}
        </Stack>
      ) : null}
      {error ? (
        <Alert color="red" title="Não foi possível fazer a prévia">
          {error}
        </Alert>
      ) : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancelar
        </Button>
        <Button loading={busy} onClick={preview}>
          Ver prévia
        </Button>
      </Group>
    </Stack>
  );
}
