import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/**
 * A save refused because the record changed after the form opened (another desk, another window):
 * the host's message says who and when; "Recarregar" brings the current version into the form.
 */
export function ConflictAlert({ title, message, onReload }: { title: string; message: string; onReload: () => void }) {
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title={title}>
      <Text size="sm">{message}</Text>
      <Group mt="xs">
        <Button size="xs" variant="default" onClick={onReload}>
          Recarregar
        </Button>
      </Group>
    </Alert>
  );
}
