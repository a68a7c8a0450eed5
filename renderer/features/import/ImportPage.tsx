import { Upcoming } from '../../ui/Upcoming';

export function ImportPage() {
  return <Upcoming what="Importação de clientes e serviços a partir do ERP." items={['CSV do HubSoft ou genérico', 'Prévia com validação por linha', 'Exportação CSV']} />;
}
