import { Alert, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { ProductCost } from '../../../shared/contract/charging';
import { formatBRL, parseBRL } from '../../../shared/domain/money';
import { formErrors, run } from '../../data/client';
import { formatDateTime } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';

const br = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/** `dd/mm/aaaa` → `aaaa-mm-dd` when it is a real day; null otherwise. */
export function parseDay(text: string): string | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T12:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/** A new cost is proposed from the 1st of next month (this month's cost already counted on its 1st). */
function firstOfNextMonth(): string {
  const now = new Date();
  const next = new Date(now.getFullYear(), now.getMonth() + 1, 1);
  return `01/${String(next.getMonth() + 1).padStart(2, '0')}/${next.getFullYear()}`;
}

/** The cell of the products list: the cost in force and a button to change it. */
export function ProductCostCell({ integrationId, productCode, productName, cost }: { integrationId: string; productCode: string; productName: string; cost: ProductCost | undefined }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Group gap="xs" wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
        <div>
          <Text size="sm">{cost?.current ? formatBRL(cost.current.costCents) : '—'}</Text>
          {cost?.current && (
            <Text size="xs" c="dimmed">
              desde {br(cost.current.validFrom)}
            </Text>
          )}
        </div>
        <Button size="xs" variant="subtle" px={6} style={{ flexShrink: 0 }} onClick={() => setOpen(true)} aria-label={`Alterar o custo do produto ${productCode}`}>
          {cost?.current ? 'Alterar' : 'Informar'}
        </Button>
      </Group>
      {open && <ProductCostDialog integrationId={integrationId} productCode={productCode} productName={productName} cost={cost} onClose={() => setOpen(false)} />}
    </>
  );
}

function ProductCostDialog({ integrationId, productCode, productName, cost, onClose }: { integrationId: string; productCode: string; productName: string; cost: ProductCost | undefined; onClose: () => void }) {
  const [value, setValue] = useState(cost?.current ? formatBRL(cost.current.costCents).replace('R$ ', '') : '');
  const [from, setFrom] = useState(firstOfNextMonth());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const money = parseBRL(value);
    const day = parseDay(from);
    const problems: Record<string, string> = {};
    if (!money.ok) problems.costCents = money.message;
    if (!day) problems.validFrom = 'Informe a data de início no formato dd/mm/aaaa, por exemplo 01/12/2026.';
    setErrors(problems);
    if (!money.ok || !day) return;
    setSaving(true);
    try {
      await run('productCosts.set', { integrationId, productCode, costCents: money.cents, validFrom: day });
      notifySuccess(`${productName}: ${formatBRL(money.cents)} por licença por mês, a partir de ${from}.`, 'Custo do produto salvo');
      onClose();
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened onClose={() => !saving && onClose()} title={`Custo na plataforma · ${productCode} ${productName}`} centered size="lg">
      <Stack gap="md">
        <Text size="sm">
          Quanto a plataforma cobra do provedor por licença ativa no mês. Cada valor vale a partir de um dia; a competência usa o valor que vale no seu dia 1º. Os valores antigos
          ficam no histórico.
        </Text>
        <Group align="flex-start" gap="sm">
          <TextInput label="Custo por licença/mês (R$)" placeholder="3,50" value={value} onChange={(e) => setValue(e.currentTarget.value)} error={errors.costCents} w={200} data-autofocus />
          <TextInput label="Vale a partir de" placeholder="dd/mm/aaaa" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors.validFrom} w={160} />
        </Group>
        {errors.form && (
          <Alert color="red" role="alert">
            {errors.form}
          </Alert>
        )}
        {cost && cost.history.length > 0 && (
          <Table withTableBorder verticalSpacing={4} aria-label="Histórico do custo">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Vale a partir de</Table.Th>
                <Table.Th ta="right">Custo</Table.Th>
                <Table.Th>Informado</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {cost.history.map((h) => (
                <Table.Tr key={`${h.validFrom}:${h.createdAt}`}>
                  <Table.Td>{br(h.validFrom)}</Table.Td>
                  <Table.Td ta="right">{formatBRL(h.costCents)}</Table.Td>
                  <Table.Td>
                    {formatDateTime(h.createdAt)}
                    {h.createdBy ? ` · ${h.createdBy}` : ''}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={saving}>
            Cancelar
          </Button>
          <Button onClick={() => void save()} loading={saving}>
            Salvar custo
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
