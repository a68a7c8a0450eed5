import { Button, Group, Select, Table, Text } from '@mantine/core';
import { defaultStatusMap, serviceStatusLabels, serviceStatuses, type LicenceState, type StatusMap } from '../../../shared/domain';

export const licenceStateLabels: Record<LicenceState, string> = {
  active: 'Ativa',
  suspended: 'Suspensa',
  not_provisioned: 'Ainda não criada',
  canceled: 'Cancelada',
};

const options = (Object.keys(licenceStateLabels) as LicenceState[]).map((value) => ({ value, label: licenceStateLabels[value] }));

/** S2: which licence state each service status asks for; defaults from DOMAIN.md, editable. */
export function StatusMapEditor({ value, onChange, disabled }: { value: StatusMap; onChange: (next: StatusMap) => void; disabled?: boolean }) {
  return (
    <>
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={500}>
          Situação da licença para cada status do serviço
        </Text>
        <Button variant="subtle" size="xs" onClick={() => onChange({ ...defaultStatusMap })} disabled={disabled}>
          Restaurar padrão
        </Button>
      </Group>
      <Table striped withTableBorder verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Status do serviço (ERP)</Table.Th>
            <Table.Th w={220}>Licença na plataforma</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {serviceStatuses.map((status) => (
            <Table.Tr key={status}>
              <Table.Td>
                <Text size="sm">{serviceStatusLabels[status]}</Text>
                <Text size="xs" c="dimmed">
                  {status}
                </Text>
              </Table.Td>
              <Table.Td>
                <Select
                  size="xs"
                  aria-label={`Licença para ${serviceStatusLabels[status]}`}
                  data={options}
                  value={value[status]}
                  allowDeselect={false}
                  disabled={disabled}
                  onChange={(v) => v && onChange({ ...value, [status]: v as LicenceState })}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
