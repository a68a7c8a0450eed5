import { Upcoming } from '../../ui/Upcoming';

export function IntegrationsPage() {
  return (
    <Upcoming
      what="Cadastro das integrações com plataformas de conteúdo (Campsoft)."
      items={['Adicionar integração: ApiKey e ApiSecret', 'Testar conexão', 'Produtos › Sincronizar']}
    />
  );
}
