// GET and PUT /api/notifications/settings: who hears of a new wedding. The SMS part shows only when the service has it,
// with where the number stands in words (confirmed, waiting for its code, or stopped by a STOP reply) and the code's entry.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, KeyboardEvent, useEffect, useState } from 'react';
import { NotificationsApi } from '../api/notifications-api';
import { describeSmsState, NotificationSettings, settingsBody, smsCodeExpected, smsCodeRenewable } from '../api/notifications';
import { formatTime } from '../ui/format';
import { ErrorMessage, Loading } from '../ui/parts';

const QUERY_KEY = ['notifications', 'settings'];
/** The same once saved: an emptied address is the marketplace's, like none. */
const sameSettings = (a: NotificationSettings, b: NotificationSettings) => JSON.stringify(settingsBody(a)) === JSON.stringify(settingsBody(b));

/** While a code is on its way, the page reads the settings again to show when it was texted. */
const REFRESH_WHILE_TEXTING_MS = 2_000;

export function NotificationSettingsPanel({ api }: { api: NotificationsApi }) {
  const settings = useQuery({
    queryKey: QUERY_KEY,
    queryFn: () => api.settings(),
    refetchInterval: (query) => (query.state.data?.sms?.confirmation?.status === 'waiting-to-send' ? REFRESH_WHILE_TEXTING_MS : false),
  });
  return (
    <section className="panel" aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <ErrorMessage error={settings.error} title="The settings could not be loaded" />
      {settings.isPending && <Loading what="the settings" />}
      {settings.data && <SettingsForm api={api} saved={settings.data} />}
    </section>
  );
}

function SettingsForm({ api, saved }: { api: NotificationsApi; saved: NotificationSettings }) {
  const queryClient = useQueryClient();
  const [form, setForm] = useState(saved);
  const [base, setBase] = useState(saved);
  const [done, setDone] = useState(false);
  // Saved elsewhere (another tab): shown here, unless this form holds edits of its own.
  useEffect(() => {
    if (sameSettings(base, saved)) return;
    if (sameSettings(form, base)) setForm(saved);
    setBase(saved);
  });
  const save = useMutation({
    mutationFn: (next: NotificationSettings) => api.saveSettings(next, saved),
    onSuccess: (next) => {
      queryClient.setQueryData(QUERY_KEY, next);
      setForm(next);
      setDone(true);
    },
  });
  const change = (next: NotificationSettings) => {
    setForm(next);
    setDone(false);
    save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(form);
  };
  const pristine = sameSettings(form, saved);

  return (
    <form className="form" onSubmit={submit} aria-label="Notification settings" noValidate>
      <fieldset className="fieldset">
        <legend>Email to you</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.email.enabled}
            onChange={(event) => change({ ...form, email: { ...form.email, enabled: event.target.checked } })}
          />
          Email me about new weddings and bookings that could not be set up
        </label>
        <div className="field">
          <label htmlFor="settings-email-address">Send them to</label>
          <input
            id="settings-email-address"
            type="email"
            maxLength={254}
            placeholder="The address the marketplace has for you"
            aria-describedby="settings-email-help"
            value={form.email.address ?? ''}
            disabled={!form.email.enabled}
            onChange={(event) => change({ ...form, email: { ...form.email, address: event.target.value } })}
          />
          <p className="hint" id="settings-email-help">
            Leave empty to use the email address of your marketplace profile.
          </p>
        </div>
      </fieldset>
      <fieldset className="fieldset">
        <legend>Email to the couple</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={form.coupleConfirmation.enabled}
            onChange={(event) => change({ ...form, coupleConfirmation: { enabled: event.target.checked } })}
          />
          Confirm to the couple that their booking reached you
        </label>
      </fieldset>
      {form.sms && (
        <fieldset className="fieldset" aria-describedby="settings-sms-consent">
          <legend>Text messages to you</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={form.sms.enabled}
              onChange={(event) => change({ ...form, sms: { ...form.sms!, enabled: event.target.checked } })}
            />
            Text me about new weddings, bookings that could not be set up and milestone reminders
          </label>
          <div className="field">
            <label htmlFor="settings-sms-phone">Mobile number</label>
            <input
              id="settings-sms-phone"
              type="tel"
              maxLength={32}
              placeholder="e.g. 0917 123 4567 or +63 917 123 4567"
              value={form.sms.phone ?? ''}
              disabled={!form.sms.enabled}
              onChange={(event) => change({ ...form, sms: { ...form.sms!, phone: event.target.value } })}
            />
          </div>
          <SmsConsent api={api} />
          {/* Where the saved number stands, not the one being typed. */}
          <SmsNumberState api={api} saved={saved} />
        </fieldset>
      )}
      <p className="hint">Changes apply to bookings that arrive from now on.</p>
      {done && pristine && (
        <p className="alert alert-success" role="status">
          Settings saved.
        </p>
      )}
      <ErrorMessage error={save.error} title="The settings were not saved" />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pristine || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save settings'}
        </button>
      </div>
    </form>
  );
}

/**
 * The saved number's state in words, and while it waits for confirmation, the code's entry and a new code. Inside the
 * settings form: its buttons are plain buttons, and Enter in the code field confirms the code, not the settings.
 */
function SmsNumberState({ api, saved }: { api: NotificationsApi; saved: NotificationSettings }) {
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const settled = (next: NotificationSettings) => {
    queryClient.setQueryData(QUERY_KEY, next);
    setCode('');
  };
  const confirm = useMutation({ mutationFn: () => api.confirmSmsCode(code), onSuccess: settled });
  const renew = useMutation({
    mutationFn: () => api.requestSmsCode(),
    onMutate: () => confirm.reset(),
    onSuccess: settled,
  });
  const words = describeSmsState(saved.sms, formatTime);
  if (!words) return null;
  const enter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    if (code.trim()) confirm.mutate();
  };
  const state = saved.sms?.state;
  return (
    <div className="sms-state" aria-live="polite">
      <p className={`alert ${state === 'opted-in' ? 'alert-success' : state === 'stopped' ? 'alert-warning' : 'alert-info'}`} id="settings-sms-state">
        {words}
      </p>
      {smsCodeExpected(saved.sms) && (
        <div className="field">
          <label htmlFor="settings-sms-code">Code from the text message</label>
          <div className="copy-row">
            <input
              id="settings-sms-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={12}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              onKeyDown={enter}
            />
            <button type="button" className="button" disabled={!code.trim() || confirm.isPending} onClick={() => confirm.mutate()}>
              {confirm.isPending ? 'Confirming…' : 'Confirm number'}
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={confirm.error} title="The number was not confirmed" />
      {smsCodeRenewable(saved.sms) && (
        <div className="form-actions">
          <button type="button" className="button" disabled={renew.isPending} onClick={() => renew.mutate()}>
            {renew.isPending ? 'Sending…' : 'Send a new code'}
          </button>
        </div>
      )}
      <ErrorMessage error={renew.error} title="No new code was sent" />
    </div>
  );
}

/** What turning SMS on agrees to, shown beside the switch (the service records it with the opt-in). */
function SmsConsent({ api }: { api: NotificationsApi }) {
  const consent = useQuery({ queryKey: ['notifications', 'sms-consent'], queryFn: () => api.smsConsent(), staleTime: Infinity });
  return (
    <p className="hint" id="settings-sms-consent">
      {consent.data || 'Texts go only to a number you opt in here; reply STOP to any of them to turn them off.'}
    </p>
  );
}
