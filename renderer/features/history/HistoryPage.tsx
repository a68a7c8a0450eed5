import { Upcoming } from '../../ui/Upcoming';

export function HistoryPage() {
  return (
    <Upcoming
      what="Histórico de eventos de cada integração."
      items={['Testes, sincronizações e transmissões', 'Filtros e exportação CSV']}
    />
  );
}
