import type { SandboxSubscriberBody } from './store';

/** The sandbox's own checks of a subscriber body, answered as 422 VALIDATION with `fields`. */
export function validateSubscriberBody(raw: unknown): { body?: SandboxSubscriberBody; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  const b = (isObject(raw) ? raw : {}) as Record<string, unknown>;
  const doc = isObject(b.document) ? b.document : {};
  const email = isObject(b.email) ? b.email : {};
  const phone = isObject(b.phone) ? b.phone : {};

  if (typeof b.name !== 'string' || b.name.trim().length < 2) fields.name = 'Informe o nome do assinante.';

  if (doc.type !== 'cpf' && doc.type !== 'cnpj') fields['document.type'] = 'Tipo de documento deve ser cpf ou cnpj.';
  else if (typeof doc.number !== 'string') fields['document.number'] = 'Informe o número do documento.';
  else if (doc.type === 'cpf' && !isValidCpf(doc.number)) fields['document.number'] = 'CPF inválido.';
  else if (doc.type === 'cnpj' && !isValidCnpj(doc.number)) fields['document.number'] = 'CNPJ inválido.';

  if (typeof email.data !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.data)) fields['email.data'] = 'E-mail inválido.';

  if (typeof phone.ddi !== 'string' || !/^\d{1,3}$/.test(phone.ddi)) fields['phone.ddi'] = 'DDI inválido.';
  if (typeof phone.ddd !== 'string' || !/^[1-9]\d$/.test(phone.ddd)) fields['phone.ddd'] = 'DDD inválido.';
  if (typeof phone.number !== 'string' || !/^\d{8,9}$/.test(phone.number)) fields['phone.number'] = 'Número de telefone inválido.';
  if (phone.mobile !== undefined && typeof phone.mobile !== 'boolean') fields['phone.mobile'] = 'mobile deve ser true ou false.';

  if (typeof b.login !== 'string' || b.login.trim() === '') fields.login = 'Informe o login do assinante.';
  if (typeof b.password !== 'string' || b.password.length < 6) fields.password = 'A senha deve ter pelo menos 6 caracteres.';

  if (Object.keys(fields).length > 0) return { fields };
  return {
    fields,
    body: {
      name: (b.name as string).trim(),
      document: { type: doc.type as 'cpf' | 'cnpj', number: doc.number as string },
      email: { data: email.data as string },
      phone: { ddi: phone.ddi as string, ddd: phone.ddd as string, number: phone.number as string, mobile: (phone.mobile as boolean | undefined) ?? (phone.number as string).length === 9 },
      login: (b.login as string).trim(),
      password: b.password as string,
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isValidCpf(cpf: string): boolean {
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return false;
  const digits = [...cpf].map(Number);
  for (const len of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += digits[i] * (len + 1 - i);
    const check = ((sum * 10) % 11) % 10;
    if (check !== digits[len]) return false;
  }
  return true;
}

/** IN RFB 2.229/2024: the first 12 characters may be A–Z or digits, each worth its ASCII code − 48. */
export function isValidCnpj(cnpj: string): boolean {
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return false;
  const values = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  for (const len of [12, 13]) {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += values[i] * (((len - 1 - i) % 8) + 2);
    const rest = sum % 11;
    const check = rest < 2 ? 0 : 11 - rest;
    if (check !== values[len]) return false;
  }
  return true;
}
