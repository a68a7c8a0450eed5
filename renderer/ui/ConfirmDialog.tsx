import { Button, Group, Modal, Text } from '@mantine/core';
import { useState, type ReactNode } from 'react';

type Ask = { title: string; message: ReactNode; confirm: string; danger?: boolean; onConfirm: () => void | Promise<void> };

/** A confirmation dialog: `const [dialog, ask] = useConfirm()`; render `dialog`, call `ask({...})`. */
export function useConfirm(): [ReactNode, (ask: Ask) => void] {
  const [current, setCurrent] = useState<Ask | null>(null);
  const [busy, setBusy] = useState(false);
  const dialog = (
    <Modal opened={current !== null} onClose={() => !busy && setCurrent(null)} title={current?.title} centered>
      {typeof current?.message === 'string' ? <Text size="sm">{current.message}</Text> : current?.message}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={() => setCurrent(null)} disabled={busy}>
          Cancelar
        </Button>
        <Button
          color={current?.danger ? 'red.8' : undefined}
          loading={busy}
          onClick={async () => {
            if (!current) return;
            setBusy(true);
            try {
              await current.onConfirm();
            } finally {
              setBusy(false);
              setCurrent(null);
            }
          }}
        >
          {current?.confirm}
        </Button>
      </Group>
    </Modal>
  );
  return [dialog, setCurrent];
}
