import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../electron/host/log';

describe('redact', () => {
  it.each([
    ['CPF punctuated', 'cliente 123.456.789-09 suspenso', '123.456.789-09', '-09'],
    ['CPF bare', 'cpf=12345678909;', '12345678909', '09'],
    ['CNPJ punctuated', 'empresa 12.345.678/0001-95', '12.345.678/0001-95', '-95'],
    ['CNPJ bare', 'doc 12345678000195 ok', '12345678000195', '95'],
    ['alphanumeric CNPJ punctuated', 'doc 12.ABC.345/01DE-35 ok', '12.ABC.345/01DE-35', '-35'],
    ['alphanumeric CNPJ bare', 'doc 12ABC34501DE35 ok', '12ABC34501DE35', '35'],
    ['mobile with DDD', 'tel (11) 98765-4321', '98765-4321', '21'],
    ['phone with +55', 'tel +55 11 98765-4321', '98765-4321', '21'],
    ['phone E.164', 'tel +5511987654321', '987654321', '21'],
    ['landline', 'tel (11) 3456-7890', '3456-7890', '90'],
  ])('masks %s in free text', (_kind, text, secretPart, visibleTail) => {
    const out = redact(text) as string;
    expect(out).not.toContain(secretPart);
    expect(out.endsWith(visibleTail) || out.includes(visibleTail + ' ') || out.includes(visibleTail + ';')).toBe(true);
  });

  it.each([
    ['CPF with spaces', 'cpf 529 982 247 25 ok', '529 982 247', '25'],
    ['CPF with only its dash', 'cpf 529982247-25 ok', '529982247', '25'],
    ['CPF after a dash', 'CPF-529.982.247-25 ok', '529.982', '25'],
    ['bare CPF after a dash', 'cpf-52998224725 ok', '529982', '25'],
    ['mobile without DDD', 'ligar 91234-5678 ok', '91234-5678', '78'],
    ['landline without DDD', 'ligar 3456-7890 ok', '3456-7890', '90'],
    ['bare 10-digit landline', 'fixo 1134567890 ok', '1134567890', '90'],
    ['country code, DDD in parens, the 9 apart', 'tel 55 (11) 9 1234-5678 ok', '1234-5678', '78'],
  ])('masks %s', (_kind, text, secretPart, visibleTail) => {
    const out = redact(text) as string;
    expect(out).not.toContain(secretPart);
    expect(out).toContain(`${visibleTail} ok`);
    expect((out.match(/\d/g) ?? []).length).toBe(2);
  });

  it('masks url-encoded e-mails', () => {
    expect(redact('GET /subscribers?email=fulano%40x.com')).toBe('GET /subscribers?email=f***%40x.com');
  });

  it('replaces secrets written inside strings', () => {
    const cases = [
      '{"ApiKey":"K-123","ApiSecret":"s3cr3t-value"}',
      'headers: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc.def',
      'GET /x?apiKey=K-123&page=2',
      'body {\\"ApiSecret\\":\\"s3cr3t-value\\"}',
      "senha='s3cr3t-value'",
    ];
    for (const text of cases) {
      const out = redact(text) as string;
      expect(out).not.toMatch(/s3cr3t|K-123|eyJhbGci/);
      expect(out).toContain('[redacted]');
    }
    expect(redact('GET /x?apiKey=K-123&page=2')).toBe('GET /x?apiKey=[redacted]&page=2');
    expect(redact('{"ApiSecret":"abc","n":1}')).toBe('{"ApiSecret":"[redacted]","n":1}');
  });

  it('masks values under personal keys with a number or in camelCase, and a phone or document number', () => {
    const out = redact({ telefone1: '11987654321', telefone2: 'x9', Celular: '987654321', customerEmail: 'a@b.com', phone: { ddi: '55', ddd: '11', number: '912345678' }, document: { type: 'cpf', number: '52998224725' } });
    expect(JSON.stringify(out)).not.toMatch(/987654|912345|529982|a@b/);
  });

  it('masks e-mails keeping only the first letter and the domain', () => {
    expect(redact('enviado para maria.silva@exemplo.com.br')).toBe('enviado para m***@exemplo.com.br');
  });

  it('leaves timestamps, dates, ids and ordinary words alone', () => {
    const text = 'at 2026-01-15T10:00:00Z expires 1767225600 ms 1767225600123 plan PLANO-100MB integration_12 run 42';
    expect(redact(text)).toBe(text);
  });

  it('replaces values under secret keys whatever their case', () => {
    const out = redact({
      ApiKey: 'K-123',
      apiSecret: 's',
      ApiSecret: 's',
      password: 'p',
      AccessToken: 't',
      token: 't',
      Authorization: 'Bearer abc',
      headers: { authorization: 'Bearer xyz', 'content-type': 'application/json' },
    });
    expect(out).toEqual({
      ApiKey: '[redacted]',
      apiSecret: '[redacted]',
      ApiSecret: '[redacted]',
      password: '[redacted]',
      AccessToken: '[redacted]',
      token: '[redacted]',
      Authorization: '[redacted]',
      headers: { authorization: '[redacted]', 'content-type': 'application/json' },
    });
  });

  it('masks personal fields by name even when the value does not look like a document', () => {
    const out = redact({ cpf_cnpj: '1234', email: 'x', phone: 11987654321, name: 'Loja' }) as Record<string, unknown>;
    expect(out).toEqual({ cpf_cnpj: '**34', email: '**', phone: '*********21', name: 'Loja' });
  });

  it('redacts inside arrays, nested objects and error messages, and survives cycles', () => {
    const loop: Record<string, unknown> = { list: [{ note: 'cpf 123.456.789-09' }] };
    loop.self = loop;
    const err = new Error('falhou para joao@exemplo.com');
    const out = JSON.stringify(redact({ loop, err }));
    expect(out).not.toContain('123.456.789');
    expect(out).not.toContain('joao@');
    expect(out).toContain('[circular]');
  });
});

describe('createLogger', () => {
  it('writes one JSON line per call with secrets and personal data removed', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'logs', 'main.jsonl');
    const logger = createLogger({ file, now: () => new Date('2026-01-01T00:00:00Z') });
    logger.info('conectado como ana@provedor.com.br', { apiSecret: 'S3CRET', customer: { cpf: '123.456.789-09' } });
    logger.error('falhou', { status: 500 });

    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('S3CRET');
    expect(text).not.toContain('ana@');
    expect(text).not.toContain('123.456.789');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { ts: '2026-01-01T00:00:00.000Z', level: 'info', msg: 'conectado como a***@provedor.com.br', apiSecret: '[redacted]', customer: { cpf: '***.***.***-09' } },
      { ts: '2026-01-01T00:00:00.000Z', level: 'error', msg: 'falhou', status: 500 },
    ]);
  });

  it('rotates the file once it grows past maxBytes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'log-')), 'main.jsonl');
    const logger = createLogger({ file, maxBytes: 100 });
    for (let i = 0; i < 5; i++) logger.info(`linha ${i} ${'x'.repeat(40)}`);
    expect(readFileSync(`${file}.1`, 'utf8').length).toBeGreaterThan(0);
    expect(readFileSync(file, 'utf8')).toContain('linha 4');
  });
});
