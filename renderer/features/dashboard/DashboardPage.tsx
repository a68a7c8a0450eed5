import { Upcoming } from '../../ui/Upcoming';

export function DashboardPage() {
  return (
    <Upcoming
      what="Resumo do dia: integrações, clientes com pacote e transmissões."
      items={['Integrações ativas e resultado do último teste', 'Clientes com pacotes ativos, suspensos e bloqueados', 'Transmissões pendentes e com erro']}
    />
  );
}
