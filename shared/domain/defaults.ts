/**
 * S10 defaults of a link's optional parameters, S9 preconditions of a transmission, and the
 * platform's licence key (contract_identifier, label).
 */
import { parseDocument } from './document';
import { parseEmail } from './email';
import type { Customer, Link, Package, Phone, Service } from './model';

const given = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** S10: the password sent to the platform; default the customer's normalized cpf_cnpj. */
export function effectivePassword(link: Pick<Link, 'password'>, customer: Pick<Customer, 'document'>): string {
  return given(link.password) ? link.password : customer.document;
}

/** S10: the contract_identifier; default the id_cliente_servico. */
export function effectiveContractIdentifier(link: Pick<Link, 'contractIdentifier'>, service: Pick<Service, 'id'>): string {
  return given(link.contractIdentifier) ? link.contractIdentifier.trim() : service.id;
}

/** S10: the licence label; default the one generated when the package was created. */
export function effectiveLabel(link: Pick<Link, 'label'>, pkg: Pick<Package, 'label'>): string {
  return given(link.label) ? link.label.trim() : pkg.label;
}

/** The e-mail sent to the platform (also the login): the first valid one registered. */
export function primaryEmail(customer: Pick<Customer, 'emails'>): string | undefined {
  for (const raw of customer.emails) {
    const parsed = parseEmail(raw);
    if (parsed.ok) return parsed.email;
  }
  return undefined;
}

/** The phone sent to the platform: a mobile if there is one, else the first registered. */
export function primaryPhone(customer: Pick<Customer, 'phones'>): Phone | undefined {
  return customer.phones.find((p) => p.mobile) ?? customer.phones[0];
}

/** S9: why this customer's packages cannot be transmitted yet; empty when they can. */
export function transmittableProblems(customer: Pick<Customer, 'emails' | 'phones' | 'document'>): string[] {
  const problems: string[] = [];
  if (primaryEmail(customer) === undefined) {
    problems.push('Cliente sem e-mail cadastrado: cadastre um e-mail válido no cliente para transmitir os pacotes.');
  }
  if (primaryPhone(customer) === undefined) {
    problems.push('Cliente sem telefone cadastrado: cadastre um telefone com DDD no cliente para transmitir os pacotes.');
  }
  // The platform identifies the subscriber by document, and the default password is that document.
  if (!parseDocument(customer.document).ok) {
    problems.push('Cliente com CPF/CNPJ inválido: corrija o documento no cadastro do cliente para transmitir os pacotes.');
  }
  return problems;
}

/** The platform's key of a licence, per integration; unambiguous whatever characters the parts hold. */
export function linkKey(integrationId: string, contractIdentifier: string, label: string): string {
  return JSON.stringify([integrationId, contractIdentifier, label]);
}
