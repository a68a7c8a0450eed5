import { Route, Switch } from 'wouter';
import { CustomerDetail } from './CustomerDetail';
import { CustomerFormPage } from './CustomerFormPage';
import { CustomerList } from './CustomerList';

/** Clientes: routes relative to the section (/clientes). */
export function CustomersPage() {
  return (
    <Switch>
      <Route path="/novo">
        <CustomerFormPage />
      </Route>
      <Route path="/:id/editar">{(params) => <CustomerFormPage key={params.id} id={Number(params.id)} />}</Route>
      <Route path="/:id">{(params) => <CustomerDetail id={Number(params.id)} />}</Route>
      <Route>
        <CustomerList />
      </Route>
    </Switch>
  );
}
