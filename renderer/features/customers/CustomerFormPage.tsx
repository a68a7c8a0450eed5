import { ActionIcon, Alert, Anchor, Button, Group, Loader, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'wouter';
import { CustomerForm, fieldErrors, formatDocument, formatPhone, parseDocument, parsePhone, type Address } from '../../../shared/domain';
import { db } from '../../db/db';
import { notifySuccess } from '../../ui/notify';
import { maskDocumentInput } from './document-input';
import { RepositoryError, saveCustomer } from './repository';

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

export function CustomerFormPage({ id }: { id?: number }) {
  const [, navigate] = useLocation();
  const existing = useLiveQuery(async () => (id !== undefined && Number.isInteger(id) ? ((await db.customers.get(id)) ?? null) : null), [id]);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [loadedId, setLoadedId] = useState<number | undefined>(undefined);
  const [errors, setErrors] = useState<Record<string, ReactNode>>({});
  const [saving, setSaving] = useState(false);

  // Fill the form once with the stored customer; later live updates must not overwrite what is being typed.
  useEffect(() => {
    if (existing && existing.id !== loadedId) {
      setDraft({
        name: existing.name,
        document: formatDocument(existing.documentType, existing.document),
        emails: existing.emails.length > 0 ? existing.emails : [''],
        phones: existing.phones.length > 0 ? existing.phones.map(formatPhone) : [''],
        code: existing.code ?? '',
        address: { ...emptyAddress, ...existing.address },
      });
      setLoadedId(existing.id);
    }
  }, [existing, loadedId]);

  if (id !== undefined && existing === undefined) return <Loader size="sm" aria-label="Carregando cliente" />;
  if (id !== undefined && existing === null) {
    return (
      <Alert color="red" title="Cliente não encontrado">
        Este cliente não existe mais. <Anchor component={Link} href="/">Voltar à lista de clientes</Anchor>
      </Alert>
    );
  }

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
    const parsed = CustomerForm.safeParse({
      name: draft.name,
      document: draft.document,
      code: draft.code,
      emails: emails.kept,
      phones: phones.kept,
      address: addressFilled ? Object.fromEntries(Object.entries(draft.address).map(([k, v]) => [k, v.trim() || undefined])) : undefined,
    });
    if (!parsed.success) {
      const found: Record<string, ReactNode> = {};
      for (const [key, message] of Object.entries(fieldErrors(parsed.error))) {
        const [list, n] = key.split('.');
        if (list === 'emails') found[`emails.${emails.index[Number(n)]}`] = message;
        else if (list === 'phones') found[`phones.${phones.index[Number(n)]}`] = message;
        else found[list] = message;
      }
      setErrors(found);
      return;
    }
    setSaving(true);
    try {
      const saved = await saveCustomer(parsed.data, { id });
      notifySuccess(`Cliente ${parsed.data.name} salvo.`);
      navigate(`/${saved}`);
    } catch (error) {
      if (error instanceof RepositoryError && error.code === 'DUPLICATE_DOCUMENT') {
        const ownerId = error.detail.customerId as number;
        setErrors({
          document: (
            <>
              {error.message}{' '}
              <Anchor component={Link} href={`/${ownerId}`} size="xs">
                Abrir o cadastro de {String(error.detail.customerName)}
              </Anchor>
            </>
          ),
        });
      } else {
        setErrors({ form: error instanceof Error ? error.message : String(error) });
      }
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
          {id === undefined ? 'Novo cliente' : `Editar cliente: ${existing?.name ?? ''}`}
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
