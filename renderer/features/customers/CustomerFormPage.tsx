import { ActionIcon, Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import type { CustomerRecord } from '../../../shared/contract';
import { CustomerForm, fieldErrors, formatDocument, formatPhone, parseDocument, parsePhone, type Address } from '../../../shared/domain';
import { CommandError, formErrors, run } from '../../data/client';
import { ConflictAlert } from '../../ui/ConflictAlert';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';
import { maskDocumentInput } from './document-input';
import { useCustomer } from './queries';

type Draft = {
  name: string;
  document: string;
  emails: string[];
  phones: string[];
  code: string;
  address: Required<Record<keyof Address, string>>;
};

const emptyAddress = { street: '', number: '', district: '', city: '', state: '', zip: '' };
const emptyDraft: Draft = { name: '', document: '', emails: [''], phones: [''], code: '', address: emptyAddress };

function draftOf(c: CustomerRecord | undefined): Draft {
  if (!c) return emptyDraft;
  return {
    name: c.name,
    document: formatDocument(c.documentType, c.document),
    emails: c.emails.length > 0 ? c.emails : [''],
    phones: c.phones.length > 0 ? c.phones.map(formatPhone) : [''],
    code: c.code ?? '',
    address: { ...emptyAddress, ...c.address },
  };
}

const addressLabels: [keyof Address, string][] = [
  ['street', 'Logradouro'],
  ['number', 'Número'],
  ['district', 'Bairro'],
  ['city', 'Cidade'],
  ['state', 'UF'],
  ['zip', 'CEP'],
];

/** The phone as Campsoft will receive it, so the clerk sees what was understood. */
function PhonePreview({ text }: { text: string }) {
  const parsed = parsePhone(text);
  if (!parsed.ok) return null;
  const p = parsed.phone;
  return (
    <Text size="xs" c="dimmed">
      {p.mobile ? 'Celular' : 'Fixo'} · DDI {p.ddi} · DDD {p.ddd} · número {formatPhone(p).split(' ')[1]}
    </Text>
  );
}

/** Blank rows are dropped before validation; errors are mapped back to the row the clerk typed in. */
function nonBlank(values: string[]): { kept: string[]; index: number[] } {
  const index: number[] = [];
  values.forEach((v, i) => v.trim() !== '' && index.push(i));
  return { kept: index.map((i) => values[i]), index };
}

/** `/novo` and `/:id/editar`: the form opens on the host's current version and keeps it for the save. */
export function CustomerFormPage({ id }: { id?: number }) {
  const query = useCustomer(id ?? 0);
  // Recarregar after a conflict: the form opens again on the current version.
  const [opening, setOpening] = useState(0);
  // Open on the host's answer, not on a cached one being refreshed; once open, a refresh (another
  // desk saved) never replaces what the clerk is typing.
  const [shown, setShown] = useState(false);
  if (id !== undefined && !shown && query.data !== undefined && !query.isFetching) setShown(true);
  if (id !== undefined && !shown && query.isError) return <LoadFailure what="o cliente" error={query.error} onRetry={() => void query.refetch()} />;
  if (id !== undefined && Number.isInteger(id) && id > 0 && !shown) return <Loader size="sm" aria-label="Carregando cliente" />;
  const existing = query.data?.customer;
  if (id !== undefined && !existing) {
    return (
      <Alert color="red" title="Cliente não encontrado">
        Este cliente não existe mais: pode ter sido excluído em outra mesa. <Anchor component={Link} href="/">Voltar à lista de clientes</Anchor>
      </Alert>
    );
  }
  async function reload() {
    await query.refetch();
    setOpening((n) => n + 1);
  }
  return <CustomerEditor key={`${id ?? 'novo'}-${opening}`} saved={existing} onReload={() => void reload()} />;
}

/** `saved` is the version the form opened on; a newer one arriving meanwhile does not change the draft. */
function CustomerEditor({ saved: current, onReload }: { saved: CustomerRecord | undefined; onReload: () => void }) {
  const [saved] = useState(current);
  const id = saved?.id;
  const [, navigate] = useLocation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [conflict, setConflict] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // the refusal appears above the buttons, below the fold of a long form: bring it (and Recarregar) into view
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictRef.current?.scrollIntoView?.({ block: 'center' });
  }, [conflict]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const setListItem = (key: 'emails' | 'phones', i: number, value: string) => {
    setDraft((d) => ({ ...d, [key]: d[key].map((v, j) => (j === i ? value : v)) }));
    setErrors((e) => ({ ...e, [`${key}.${i}`]: undefined }));
  };
  const addItem = (key: 'emails' | 'phones') => setDraft((d) => ({ ...d, [key]: [...d[key], ''] }));
  const removeItem = (key: 'emails' | 'phones', i: number) => {
    setDraft((d) => ({ ...d, [key]: d[key].length === 1 ? [''] : d[key].filter((_, j) => j !== i) }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${key}.`))));
  };

  const checkDocument = () => {
    if (draft.document.trim() === '') return;
    const parsed = parseDocument(draft.document);
    setErrors((e) => ({ ...e, document: parsed.ok ? undefined : parsed.message }));
  };
  const checkPhone = (i: number) => {
    const text = draft.phones[i];
    if (text.trim() === '') return;
    const parsed = parsePhone(text);
    setErrors((e) => ({ ...e, [`phones.${i}`]: parsed.ok ? undefined : parsed.message }));
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const emails = nonBlank(draft.emails);
    const phones = nonBlank(draft.phones);
    const addressFilled = Object.values(draft.address).some((v) => v.trim() !== '');
    const values = {
      name: draft.name,
      document: draft.document,
      code: draft.code,
      emails: emails.kept,
      phones: phones.kept,
      address: addressFilled ? Object.fromEntries(Object.entries(draft.address).map(([k, v]) => [k, v.trim() || undefined])) : undefined,
    };
    // checked here for the errors next to each row; the host checks again (the one home of the rule)
    const parsed = CustomerForm.safeParse(values);
    // errors on the kept rows go back to the row the clerk typed in
    const onRows = (fields: Record<string, string>) => {
      const found: Record<string, ReactNode> = {};
      for (const [key, message] of Object.entries(fields)) {
        const [list, n] = key.split('.');
        if (list === 'emails') found[`emails.${emails.index[Number(n)]}`] = message;
        else if (list === 'phones') found[`phones.${phones.index[Number(n)]}`] = message;
        else found[list] = message;
      }
      return found;
    };
    if (!parsed.success) {
      setErrors(onRows(fieldErrors(parsed.error)));
      return;
    }
    setSaving(true);
    setConflict(null);
    try {
      const record = await run('customers.save', { id, version: saved?.version, values });
      notifySuccess(`Cliente ${record.name} salvo.`);
      navigate(`/${record.id}`);
    } catch (error) {
      if (error instanceof CommandError && error.code === 'CONFLICT') setConflict(error.message);
      else if (error instanceof CommandError && error.code === 'DUPLICATE_DOCUMENT' && error.fields.ownerId) {
        setErrors({
          document: (
            <>
              {error.fields.document}{' '}
              <Anchor component={Link} href={`/${error.fields.ownerId}`} size="xs">
                Abrir o cadastro do cliente
              </Anchor>
            </>
          ),
        });
      } else setErrors(onRows(formErrors(error)));
    } finally {
      setSaving(false);
    }
  };

  const document = draft.document.trim() === '' ? null : parseDocument(draft.document);
  const noContact = nonBlank(draft.emails).kept.length === 0 || nonBlank(draft.phones).kept.length === 0;

  return (
    <form onSubmit={submit} noValidate aria-label={id === undefined ? 'Novo cliente' : 'Editar cliente'}>
      <Stack maw={860} gap="md">
        <Title order={2} size="h3">
          {id === undefined ? 'Novo cliente' : `Editar cliente: ${saved?.name ?? ''}`}
        </Title>
        {errors.form ? (
          <Alert color="red" title="Não foi possível salvar">
            {errors.form}
          </Alert>
        ) : null}

        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Dados do cliente
            </Title>
            <TextInput label="Nome / Razão social" required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="CPF/CNPJ"
                required
                placeholder="000.000.000-00 ou 00.000.000/0000-00"
                description={document?.ok ? (document.type === 'cpf' ? 'CPF válido' : 'CNPJ válido') : 'O CNPJ pode ter letras (CNPJ alfanumérico, 2026)'}
                value={draft.document}
                onChange={(e) => set('document', maskDocumentInput(e.currentTarget.value))}
                onBlur={checkDocument}
                error={errors.document}
                autoComplete="off"
              />
              <TextInput label="Código no ERP" description="Opcional" value={draft.code} onChange={(e) => set('code', e.currentTarget.value)} error={errors.code} />
            </SimpleGrid>
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Contato
            </Title>
            {noContact ? (
              <Alert color="yellow" variant="light">
                Sem e-mail e telefone o cliente é salvo, mas os pacotes dele não são transmitidos à plataforma até que os dois sejam cadastrados.
              </Alert>
            ) : null}
            {draft.emails.map((email, i) => (
              <Group key={`e${i}`} align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={i === 0 ? 'E-mail' : `E-mail ${i + 1}`}
                  description={i === 0 ? 'O primeiro e-mail é o login na plataforma' : undefined}
                  type="email"
                  placeholder="maria@exemplo.com.br"
                  value={email}
                  onChange={(e) => setListItem('emails', i, e.currentTarget.value)}
                  error={errors[`emails.${i}`]}
                />
                <ActionIcon variant="subtle" color="gray.7" mt={i === 0 ? 46 : 26} aria-label={`Remover e-mail ${i + 1}`} onClick={() => removeItem('emails', i)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => addItem('emails')}>
              Adicionar e-mail
            </Button>
            {draft.phones.map((phone, i) => (
              <Group key={`p${i}`} align="flex-start" wrap="nowrap">
                <Stack gap={2} style={{ flex: 1 }}>
                  <TextInput
                    label={i === 0 ? 'Telefone' : `Telefone ${i + 1}`}
                    placeholder="(11) 91234-5678"
                    value={phone}
                    onChange={(e) => setListItem('phones', i, e.currentTarget.value)}
                    onBlur={() => checkPhone(i)}
                    error={errors[`phones.${i}`]}
                  />
                  <PhonePreview text={phone} />
                </Stack>
                <ActionIcon variant="subtle" color="gray.7" mt={26} aria-label={`Remover telefone ${i + 1}`} onClick={() => removeItem('phones', i)}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} />} onClick={() => addItem('phones')}>
              Adicionar telefone
            </Button>
          </Stack>
        </Paper>

        <Paper withBorder p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Endereço (opcional)
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              {addressLabels.map(([key, label]) => (
                <TextInput
                  key={key}
                  label={label}
                  value={draft.address[key]}
                  onChange={(e) => {
                    const value = e.currentTarget.value;
                    setDraft((d) => ({ ...d, address: { ...d.address, [key]: value } }));
                  }}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Paper>

        {conflict ? (
          <div ref={conflictRef}>
            <ConflictAlert title="Cliente não salvo" message={conflict} onReload={onReload} />
          </div>
        ) : null}
        <Group>
          <Button type="submit" loading={saving}>
            Salvar cliente
          </Button>
          <Button component={Link} href={id === undefined ? '/' : `/${id}`} variant="default">
            Cancelar
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
