import { Alert, Button, Group, List, Modal, ScrollArea, Table, Text } from '@mantine/core';
import { count } from '../../ui/format';
import { confirmPreview, dismissPreview } from './controller';
import { useTransmission } from './store';
import { actionLabels, planAction, stepsOf, type PassSummary } from './summary';

const order: (keyof Omit<PassSummary, 'links'>)[] = ['creations', 'updates', 'suspensions', 'reenables', 'cancellations'];

/** A pass over the threshold, or with cancellations, waits here: how many of each, and for whom. */
export function TransmissionPreview() {
  const preview = useTransmission((s) => s.preview);
  if (!preview) return null;
  const { summary, plans, names } = preview;
  const shown = plans.slice(0, 200);
  return (
    <Modal opened onClose={dismissPreview} title="Confirmar transmissão" size="lg" centered>
      <Text size="sm" mb="sm">
        Esta transmissão vai alterar {count(summary.links, 'vínculo', 'vínculos')} na plataforma. Confira antes de enviar:
      </Text>
      <List size="sm" mb="sm">
        {order
          .filter((k) => summary[k] > 0)
          .map((k) => (
            <List.Item key={k}>
              <b>{summary[k]}</b> · {actionLabels[k]}
            </List.Item>
          ))}
      </List>
      {summary.cancellations > 0 && (
        <Alert color="orange" mb="sm">
          Cancelamentos removem a licença do cliente na plataforma e deixam de ser cobrados pela Campsoft.
        </Alert>
      )}
      <ScrollArea h={260} type="auto">
        <Table striped withTableBorder verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Cliente</Table.Th>
              <Table.Th>O que será feito</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((p) => (
              <Table.Tr key={p.linkId}>
                <Table.Td>{names[p.linkId]}</Table.Td>
                <Table.Td>{actionLabels[planAction(stepsOf(p))]}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {plans.length > shown.length && (
        <Text size="xs" c="dimmed" mt={4}>
          e mais {count(plans.length - shown.length, 'vínculo', 'vínculos')}.
        </Text>
      )}
      <Group justify="flex-end" mt="md">
        <Button variant="default" onClick={dismissPreview}>
          Agora não
        </Button>
        <Button onClick={() => void confirmPreview()}>Confirmar e transmitir</Button>
      </Group>
    </Modal>
  );
}
