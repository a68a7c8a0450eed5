import { AppShell, Breadcrumbs, Group, Loader, NavLink, ScrollArea, Text, Title } from '@mantine/core';
import { Link, Route, Switch, useLocation } from 'wouter';
import { StatusBar } from './StatusBar';
import { sections, type Section } from './routes';
import { useAppStatus } from './status-store';
import { lazy, Suspense, useEffect } from 'react';

// Dialogs that open now and then: their code loads after the first screen, not before it.
const TransmissionPreview = lazy(() => import('../features/transmission/TransmissionPreview').then((m) => ({ default: m.TransmissionPreview })));
const LegacyMoveDialog = lazy(() => import('../features/workspace/LegacyMoveDialog').then((m) => ({ default: m.LegacyMoveDialog })));

function bySection(path: string): Section {
  return sections.find((s) => s.path === path)!;
}

function isActive(location: string, path: string) {
  return path === '/' ? location === '/' : location === path || location.startsWith(`${path}/`);
}

function Nav() {
  const [location] = useLocation();
  const item = (path: string) => {
    const s = bySection(path);
    return <NavLink key={path} component={Link} href={path} label={s.title} active={isActive(location, path)} />;
  };
  return (
    <nav aria-label="Menu principal">
      {item('/')}
      <NavLink component="button" label="Configurações" defaultOpened childrenOffset={12}>
        <NavLink component="button" label="Integrações" defaultOpened childrenOffset={12}>
          {item('/configuracoes/integracoes/plataformas-de-conteudo')}
        </NavLink>
        {item('/configuracoes/backup')}
        {item('/configuracoes/banco-de-dados')}
      </NavLink>
      <NavLink component="button" label="Configuração" defaultOpened childrenOffset={12}>
        <NavLink component="button" label="Geral" defaultOpened childrenOffset={12}>
          {item('/configuracao/geral/pacotes')}
          {item('/configuracao/geral/servicos-planos')}
        </NavLink>
      </NavLink>
      {item('/clientes')}
      {item('/importacao')}
      {item('/transmissoes')}
      {item('/cobranca')}
      {item('/historico')}
    </nav>
  );
}

function SectionFrame({ section }: { section: Section }) {
  useEffect(() => {
    document.title = `${section.title} · SVA Desk`;
  }, [section.title]);
  const Page = section.component;
  return (
    <>
      <Breadcrumbs mb={4} separator="›" aria-label="Caminho">
        {section.trail.map((t) => (
          <Text key={t} size="sm" c="dimmed">
            {t}
          </Text>
        ))}
      </Breadcrumbs>
      <Title order={1} size="h2" mb="md">
        {section.title}
      </Title>
      <Suspense fallback={<Loader size="sm" aria-label="Carregando" />}>
        <Page />
      </Suspense>
    </>
  );
}

export function App() {
  const start = useAppStatus((s) => s.start);
  useEffect(() => start(), [start]);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 270, breakpoint: 0 }} footer={{ height: 34 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" gap="xs">
          <Text fw={700} size="lg" c="teal.9">
            SVA Desk
          </Text>
          <Text size="sm" c="dimmed">
            Plataformas de conteúdo do provedor
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs">
        <AppShell.Section grow component={ScrollArea}>
          <Nav />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Switch>
          {sections.map((s) =>
            s.path === '/' ? (
              <Route key={s.path} path="/">
                <SectionFrame section={s} />
              </Route>
            ) : (
              <Route key={s.path} path={s.path} nest>
                <SectionFrame section={s} />
              </Route>
            ),
          )}
          <Route>
            <Title order={1} size="h2">
              Página não encontrada
            </Title>
            <Text mt="sm">
              Este endereço não existe. <Link href="/">Voltar ao Painel</Link>
            </Text>
          </Route>
        </Switch>
      </AppShell.Main>
      <Suspense fallback={null}>
        <TransmissionPreview />
        <LegacyMoveDialog />
      </Suspense>
      <AppShell.Footer>
        <StatusBar />
      </AppShell.Footer>
    </AppShell>
  );
}
