import { Route, Switch } from 'wouter';
import { PlanFormRoute } from './PlanForm';
import { PlanList } from './PlanList';

/** Configuração › Geral › Serviços/Planos: routes relative to the section. */
export function PlansPage() {
  return (
    <Switch>
      <Route path="/novo">
        <PlanFormRoute />
      </Route>
      <Route path="/:id/editar">{(params) => <PlanFormRoute id={Number(params.id)} />}</Route>
      <Route>
        <PlanList />
      </Route>
    </Switch>
  );
}
