import { Upcoming } from '../../ui/Upcoming';

export function CustomersPage() {
  return (
    <Upcoming
      what="Clientes, seus serviços e os pacotes vinculados."
      items={['Busca por nome, CPF/CNPJ, e-mail ou telefone', 'Importação do ERP (CSV)', 'Vincular pacote ao serviço']}
    />
  );
}
