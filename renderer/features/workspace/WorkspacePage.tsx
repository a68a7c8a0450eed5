import { Upcoming } from '../../ui/Upcoming';

export function WorkspacePage() {
  return <Upcoming what="Cópia de segurança de todos os dados do escritório." items={['Exportar backup (JSON, sem credenciais)', 'Restaurar em um espaço vazio']} />;
}
