import { run } from '../../data/client';
import { SettingCard } from './SettingCard';

/** Where the office's desks look for new versions of the app (electron-updater's generic feed). */
export function UpdatesCard() {
  return (
    <SettingCard
      title="Atualizações do SVA Desk"
      description="O SVA Desk instalado procura uma versão nova ao abrir e uma vez por dia, baixa em segundo plano e pergunta antes de reiniciar (nunca durante uma transmissão). Deixe em branco para usar o endereço de fábrica, ou informe a pasta do servidor do escritório que guarda o latest.yml e os instaladores."
      what="o endereço de atualizações"
      label="Endereço das atualizações"
      placeholder="Endereço de fábrica (GitHub)"
      width={480}
      buttonLabel="Salvar endereço"
      field="url"
      value={(s) => s.updates.url}
      save={async (url) => {
        const s = await run('settings.set', { key: 'updates', value: { url: url.trim() || null } });
        return {
          message: s.updates.url
            ? `As mesas do escritório passam a buscar novas versões em ${s.updates.url}.`
            : 'As mesas voltam a buscar novas versões no endereço de fábrica do SVA Desk.',
          title: 'Endereço de atualizações salvo',
        };
      }}
    />
  );
}
