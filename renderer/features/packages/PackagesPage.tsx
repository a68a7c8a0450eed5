import { Route, Switch } from 'wouter';
import { PackageList } from './PackageList';
import { PackageWizardRoute } from './PackageWizard';

/** Configuração › Geral › Pacotes: routes relative to the section. */
export function PackagesPage() {
  return (
    <Switch>
      <Route path="/novo">
        <PackageWizardRoute />
      </Route>
      <Route path="/:id/editar">{(params) => <PackageWizardRoute id={Number(params.id)} />}</Route>
      <Route>
        <PackageList />
      </Route>
    </Switch>
  );
}
