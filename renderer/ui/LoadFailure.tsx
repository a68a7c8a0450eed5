import { Alert, Button, Group, Text } from '@mantine/core';

/** A screen's read that the host refused or could not answer: its Portuguese message and a retry. */
export function LoadFailure({ what, error, onRetry }: { what: string; error: Error; onRetry: () => void }) {
  return (
    <Alert color="red" title={`Não foi possível carregar ${what}`}>
      <Text size="sm">{error.message}</Text>
      <Group mt="xs">
        <Button size="xs" variant="default" onClick={onRetry}>
          Tentar de novo
        </Button>
      </Group>
    </Alert>
  );
}
