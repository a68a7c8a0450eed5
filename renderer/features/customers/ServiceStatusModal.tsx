import { Alert, Button, Group, Modal, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ServiceRecord } from '../../../shared/contract';
import { CommandError, run } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { notifySuccess } from '../../ui/notify';
import { statusOptions } from './AddServiceModal';

export function ServiceStatusModal({ service, opened, onClose }: { service: ServiceRecord; opened: boolean; onClose: () => void }) {
  // the version the dialog opened on: a change made elsewhere meanwhile is refused, not overwritten
  const [version, setVersion] = useState(service.version);
  const [conflict, setConflict] = useState<string | null>(null);
  const [status, setStatus] = useState<string>(service.status);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setConflict(null);
    setError('');
    try {
      await run('services.setStatus', { serviceId: service.id, status, version });
      notifySuccess(`Status do serviço ${service.id} alterado.`);
      onClose();
    } catch (e) {
      if (e instanceof CommandError && e.code === 'CONFLICT') setConflict(e.message);
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={`Alterar status do serviço ${service.id}`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {error ? <Alert color="red">{error}</Alert> : null}
          <Select label="Status" data={statusOptions} value={status} onChange={(v) => v && setStatus(v)} searchable allowDeselect={false} data-autofocus />
          {conflict ? (
            <ConflictAlert
              title="Status não salvo"
              message={conflict}
              onReload={() => {
                setVersion(service.version);
                setStatus(service.status);
                setConflict(null);
              }}
            />
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Voltar
            </Button>
            <Button type="submit" loading={saving}>
              Salvar status
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
