import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Texts a person reads name the cause and what to do, never a rule number: "(S9)" means nothing to
 * a clerk. Every string and template literal of the screens and of the code whose messages reach
 * them (domain rules, the import, the host's services and engine) is read with TypeScript's own
 * parser, so comments (where rule numbers belong) are not text.
 */
const ROOTS = ['renderer', 'shared/domain', 'shared/import', 'electron/host/services', 'electron/host/sync'];
const RULE = /\(S\d{1,2}\b|\bS\d{1,2}\)|\bregra S\d/i;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

function texts(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, false, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) found.push(node.text);
    else if (ts.isJsxText(node)) found.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('UI text', () => {
  it('has no rule numbers such as "(S9)" in any message of the screens, the domain, the import or the host', () => {
    const all = ROOTS.flatMap(files);
    expect(all.length).toBeGreaterThan(100);
    const offending = all.flatMap((path) => texts(path).filter((t) => RULE.test(t)).map((t) => `${path}: ${t}`));
    expect(offending).toEqual([]);
  });

  it('would catch one (the check itself)', () => {
    expect(RULE.test('Sem e-mail (S9): cadastre um e-mail.')).toBe(true);
    expect(RULE.test('Serviço 5001 habilitado')).toBe(false);
  });
});
