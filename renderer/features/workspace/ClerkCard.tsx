import { run } from '../../data/client';
import { SettingCard } from './SettingCard';

/** The person at this desk, named in the Histórico beside everything they do. */
export function ClerkCard() {
  return (
    <SettingCard
      title="Atendente desta mesa"
      description="O nome de quem usa o SVA Desk neste computador. Ele aparece no Histórico ao lado de cada alteração feita aqui."
      what="o atendente desta mesa"
      label="Nome do atendente"
      placeholder="Ex.: Maria Souza"
      width={320}
      buttonLabel="Salvar nome"
      field="clerk"
      value={(s) => s.clerk}
      save={async (name) => {
        const s = await run('settings.set', { key: 'desk.clerk', value: name });
        return { message: `O histórico passa a registrar ${s.clerk} como atendente desta mesa.`, title: 'Atendente salvo' };
      }}
      emptyHint="Ainda sem nome: o histórico mostra as alterações desta mesa sem atendente."
    />
  );
}
