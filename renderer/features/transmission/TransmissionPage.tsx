import { Upcoming } from '../../ui/Upcoming';

export function TransmissionPage() {
  return (
    <Upcoming
      what="Situação da transmissão de cada pacote para a plataforma."
      items={['Pendente, Ativo, Suspenso, Cancelado, Bloqueado, Erro', 'Transmitir agora', 'Conferir com a plataforma']}
    />
  );
}
