/**
 * The office's 人员 view: the organisation's people (office, leaders, then unit staff in the
 * plan's order of units), adding one, and disabling one (or enabling again) after a confirmation.
 */
import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  makeStyles,
  Select,
  Spinner,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { ShishiApi } from '../../../api/client';
import type { Role } from '../../../api/roles';
import { newPersonSchema } from '../../../api/schemas';
import type { NewPerson, Person } from '../../../api/views';
import type { Plan } from '../../../domain/plan';
import { type Ui, useUi } from '../context';
import { classify, failureText } from '../errors';
import { plainList, viewColumn } from '../layout';
import type { StringKey } from '../strings';

/** What the view asks of the API. */
export type PeopleApi = Pick<ShishiApi, 'listUsers' | 'addUser' | 'updateUser'>;

/** The fields of the add form, each of which can carry its own message. */
export type PersonField = 'name' | 'phone' | 'email' | 'role' | 'unit';

const FIELDS = ['name', 'phone', 'email', 'role', 'unit'] as const satisfies readonly PersonField[];

const ROLE_LABEL = {
  office: 'roleOffice',
  leader: 'personRoleLeader',
  city: 'roleCity',
  unit: 'personRoleUnit',
} as const satisfies Record<Role, StringKey>;

const ROLE_ORDER = { office: 0, leader: 1, city: 2, unit: 3 } as const satisfies Record<Role, number>;

const useStyles = makeStyles({
  root: viewColumn,
  list: plainList('8px'),
  row: { display: 'flex', flexWrap: 'wrap', gap: '6px', alignItems: 'center' },
  disabled: { color: tokens.colorNeutralForegroundDisabled },
  contact: { fontSize: '12px' },
  full: { width: '100%', minWidth: 0 },
  confirm: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
});

/** The unit's name in the plan, else its id. */
export const unitName = (plan: Plan | undefined, id: string): string =>
  plan?.units.find((u) => u.id === id)?.name ?? id;

/**
 * The people in the order the office reads them: office, leaders, then unit staff by the plan's
 * order of units (units not in the plan last); by name within each.
 */
export function sortPeople(people: readonly Person[], plan: Plan | undefined): Person[] {
  const unitIndex = (p: Person) => {
    const i = plan?.units.findIndex((u) => u.id === p.unit) ?? -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...people].sort(
    (a, b) =>
      ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
      unitIndex(a) - unitIndex(b) ||
      (a.unit ?? '').localeCompare(b.unit ?? '') ||
      a.name.localeCompare(b.name, 'zh-CN'),
  );
}

/** The form's text as the request body: blanks left out, the unit only for unit staff. */
export function personBody(form: Readonly<Record<PersonField, string>>): NewPerson {
  const role = form.role as Role;
  const name = form.name.trim();
  const phone = form.phone.trim();
  const email = form.email.trim();
  return {
    name,
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    role,
    ...(role === 'unit' && form.unit ? { unit: form.unit } : {}),
  };
}

/** What the schema's first complaint about each field means, in the pane's words. */
export function formErrors(body: NewPerson): Partial<Record<PersonField, StringKey>> {
  const out = newPersonSchema.safeParse(body);
  if (out.success) return {};
  const errors: Partial<Record<PersonField, StringKey>> = {};
  for (const issue of out.error.issues) {
    const field = String(issue.path[0] ?? '') as PersonField;
    if (!FIELDS.includes(field) || errors[field]) continue;
    errors[field] =
      field === 'name'
        ? 'personNameInvalid'
        : field === 'phone'
          ? issue.code === 'custom'
            ? 'personContactNeeded'
            : 'personPhoneInvalid'
          : field === 'email'
            ? 'personEmailInvalid'
            : field === 'unit'
              ? 'personUnitNeeded'
              : 'personInvalid';
  }
  return errors;
}

type Say = (ui: Ui) => string;
const EMPTY: Record<PersonField, string> = { name: '', phone: '', email: '', role: 'unit', unit: '' };

function PersonItem(props: {
  readonly person: Person;
  readonly plan: Plan | undefined;
  readonly busy: boolean;
  /** The signed-in person: they cannot disable themselves (the server refuses it too). */
  readonly self: boolean;
  readonly onState: (p: Person, state: Person['state']) => void;
}) {
  const { t } = useUi();
  const s = useStyles();
  const [confirming, setConfirming] = useState(false);
  const p = props.person;
  const disabled = p.state === 'disabled';
  const role =
    p.role === 'unit' && p.unit
      ? `${t(ROLE_LABEL.unit)} · ${unitName(props.plan, p.unit)}`
      : t(ROLE_LABEL[p.role]);
  return (
    <li aria-label={p.name} className={disabled ? s.disabled : undefined}>
      <div className={s.row}>
        <strong>{p.name}</strong>
        <span>{role}</span>
        {disabled ? (
          <Badge appearance="outline" color="subtle">
            {t('personDisabled')}
          </Badge>
        ) : null}
      </div>
      <div className={s.contact}>{[p.phone, p.email].filter(Boolean).join(' · ')}</div>
      {confirming ? (
        <fieldset className={s.confirm} aria-label={t('personDisable')}>
          <p>{t('personDisableConfirm')}</p>
          <div className={s.row}>
            <Button
              size="small"
              appearance="primary"
              disabled={props.busy}
              onClick={() => {
                setConfirming(false);
                props.onState(p, 'disabled');
              }}
            >
              {t('personDisable')}
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              {t('cancel')}
            </Button>
          </div>
        </fieldset>
      ) : (
        <div className={s.row}>
          {disabled ? (
            <Button size="small" disabled={props.busy} onClick={() => props.onState(p, 'active')}>
              {t('personEnable')}
            </Button>
          ) : props.self ? (
            <span>{t('personSelf')}</span>
          ) : (
            <Button size="small" disabled={props.busy} onClick={() => setConfirming(true)}>
              {t('personDisable')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

export function PeopleView(props: {
  readonly api: PeopleApi;
  /** The published plan: the names of the units, and the units unit staff can belong to. */
  readonly plan: Plan | undefined;
  /** The signed-in person's subject. */
  readonly self?: string;
}) {
  const ui = useUi();
  const { t } = ui;
  const s = useStyles();
  const [people, setPeople] = useState<readonly Person[]>();
  const [loadFailed, setLoadFailed] = useState<Say>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ intent: 'success' | 'error'; say: Say }>();
  const [form, setForm] = useState<Record<PersonField, string>>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<PersonField, Say>>>({});

  const load = useCallback(async () => {
    setLoadFailed(undefined);
    try {
      setPeople(await props.api.listUsers());
    } catch (e) {
      const f = classify(e);
      setLoadFailed(() => (ui: Ui) => failureText(f, ui.t, ui.l));
    }
  }, [props.api]);

  useEffect(() => {
    void load();
  }, [load]);

  const set = (field: PersonField, value: string) => {
    setForm((f) => ({ ...f, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const add = async () => {
    setMessage(undefined);
    const body = personBody(form);
    const local = formErrors(body);
    if (Object.keys(local).length > 0) {
      setErrors(Object.fromEntries(Object.entries(local).map(([k, key]) => [k, (ui: Ui) => ui.t(key)])));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const added = await props.api.addUser(body);
      setPeople((list) => [...(list ?? []).filter((p) => p.sub !== added.sub), added]);
      setForm(EMPTY);
      setMessage({ intent: 'success', say: (ui) => ui.t('personAdded') });
    } catch (e) {
      const f = classify(e);
      const field = f.kind === 'problem' ? (f.problem.field?.split(/[.[]/)[0] as PersonField) : undefined;
      if (f.kind === 'problem' && f.code === 'user.exists') {
        setMessage({ intent: 'error', say: (ui) => ui.t('personExists') });
      } else if (f.kind === 'problem' && field && FIELDS.includes(field)) {
        setErrors({ [field]: (ui: Ui) => failureText(f, ui.t, ui.l) });
      } else {
        setMessage({ intent: 'error', say: (ui) => failureText(f, ui.t, ui.l) });
      }
    } finally {
      setBusy(false);
    }
  };

  const changeState = async (person: Person, state: Person['state']) => {
    setMessage(undefined);
    setBusy(true);
    try {
      const changed = await props.api.updateUser(person.sub, { state });
      setPeople((list) => (list ?? []).map((p) => (p.sub === person.sub ? { ...p, ...changed } : p)));
      setMessage({
        intent: 'success',
        say: (ui) =>
          `${person.name}：${ui.t(state === 'disabled' ? 'personDisabledDone' : 'personEnabledDone')}`,
      });
    } catch (e) {
      const f = classify(e);
      setMessage({ intent: 'error', say: (ui) => failureText(f, ui.t, ui.l) });
    } finally {
      setBusy(false);
    }
  };

  const units = props.plan?.units ?? [];
  const fieldProps = (field: PersonField) => {
    const say = errors[field];
    return say ? { validationState: 'error' as const, validationMessage: say(ui) } : {};
  };

  return (
    <div className={s.root}>
      <section aria-label={t('peopleList')} className={s.root}>
        <h3>{t('peopleList')}</h3>
        {loadFailed ? (
          <MessageBar intent="error">
            <MessageBarBody>{loadFailed(ui)}</MessageBarBody>
          </MessageBar>
        ) : null}
        {loadFailed ? (
          <div>
            <Button onClick={() => void load()}>{t('retry')}</Button>
          </div>
        ) : !people ? (
          <Spinner size="tiny" label={t('loading')} />
        ) : people.length === 0 ? (
          <p>{t('peopleNone')}</p>
        ) : (
          <ul className={s.list}>
            {sortPeople(people, props.plan).map((p) => (
              <PersonItem
                key={p.sub}
                person={p}
                plan={props.plan}
                busy={busy}
                self={p.sub === props.self}
                onState={(x, st) => void changeState(x, st)}
              />
            ))}
          </ul>
        )}
      </section>
      {message ? (
        <MessageBar intent={message.intent} role="alert">
          <MessageBarBody>{message.say(ui)}</MessageBarBody>
        </MessageBar>
      ) : null}
      <section aria-label={t('personAdd')} className={s.root}>
        <h3>{t('personAdd')}</h3>
        <Field label={t('personName')} {...fieldProps('name')}>
          <Input className={s.full} value={form.name} onChange={(_, d) => set('name', d.value)} />
        </Field>
        <Field label={t('personPhone')} {...fieldProps('phone')}>
          <Input
            className={s.full}
            type="tel"
            value={form.phone}
            onChange={(_, d) => set('phone', d.value)}
          />
        </Field>
        <Field label={t('personEmail')} {...fieldProps('email')}>
          <Input
            className={s.full}
            type="email"
            value={form.email}
            onChange={(_, d) => set('email', d.value)}
          />
        </Field>
        <Field label={t('personRole')} {...fieldProps('role')}>
          <Select value={form.role} onChange={(_, d) => set('role', d.value)}>
            {(['unit', 'leader', 'office'] as const).map((r) => (
              <option key={r} value={r}>
                {t(ROLE_LABEL[r])}
              </option>
            ))}
          </Select>
        </Field>
        {form.role === 'unit' ? (
          <Field label={t('personUnit')} {...fieldProps('unit')}>
            <Select value={form.unit} onChange={(_, d) => set('unit', d.value)}>
              <option value="">—</option>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </Select>
          </Field>
        ) : null}
        <div>
          <Button appearance="primary" disabled={busy} onClick={() => void add()}>
            {t('personAdd')}
          </Button>
        </div>
        {busy ? <Spinner size="tiny" label={t('working')} /> : null}
      </section>
    </div>
  );
}
