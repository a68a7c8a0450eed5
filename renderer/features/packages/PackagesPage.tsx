import { Upcoming } from '../../ui/Upcoming';

export function PackagesPage() {
  return (
    <Upcoming
      what="Pacotes vendidos avulsos, como benefício ou em combo."
      items={['Valores e composição fiscal', 'Produto da integração (um por pacote)', 'Label gerado automaticamente']}
    />
  );
}
