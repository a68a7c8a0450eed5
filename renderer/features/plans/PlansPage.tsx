import { Upcoming } from '../../ui/Upcoming';

export function PlansPage() {
  return (
    <Upcoming
      what="Serviços/Planos e seus pacotes padrão."
      items={['Pacotes padrão obrigatórios ou opcionais', 'Travar Pacotes']}
    />
  );
}
