import { Alert, Button, Group, Modal, Select, Stack } from '@mantine/core';
import { useState } from 'react';
import type { Service, ServiceStatus } from '../../../shared/domain';
import { notifySuccess } from '../../ui/notify';
import { statusOptions } from './AddServiceModal';
import { changeServiceStatus } from './repository';

export function ServiceStatusModal({ service, opened, onClose }: { service: Service; opened: boolean; onClose: () => void }) {
  const [status, setStatus] = useState<string>(service.status);
  const [error, setError] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await changeServiceStatus(service.id, status as ServiceStatus);
      notifySuccess(`Status do serviço ${service.id} alterado.`);
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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
