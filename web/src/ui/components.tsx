// Small building blocks shared by every page.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError } from '../api';
import { t, tValue } from '../i18n';
import { errorText, fieldErrorText } from './errors';

export function PageHeader(props: { title: string; children?: ComponentChildren;
                                    subtitle?: ComponentChildren }) {
  return (
    <header class="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">{props.title}</h1>
        {props.subtitle && <p class="muted">{props.subtitle}</p>}
      </div>
      <div class="toolbar">{props.children}</div>
    </header>
  );
}

/** An API error as an alert; a stale version gets its explanation and a reload button. */
export function ErrorBanner(props: { error: unknown; onReload?: () => void }) {
  const { error } = props;
  if (!error) return null;
  if (error instanceof ApiError && error.status === 412) {
    return (
      <div class="alert error" role="alert" data-testid="conflict">
        <strong>{t('conflict.title')}</strong>
        <p>{t('conflict.body')}</p>
        {props.onReload && <button type="button" onClick={props.onReload}>{t('action.reload')}</button>}
      </div>
    );
  }
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <div class="alert error" role="alert">
      {errorText(error)}
      {fields.length > 0 && error instanceof ApiError && error.status !== 422 && (
        <ul>{fields.map((f) => <li key={f.field}>{f.field}: {f.message ?? f.code}</li>)}</ul>
      )}
    </div>
  );
}

export function Loading() {
  return <p class="muted" role="status">{t('list.loading')}</p>;
}

type FieldProps = {
  label: string;
  name: string;
  error?: unknown;
  hint?: string;
  children?: ComponentChildren;
} & Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'label' | 'name'>;

/** A labelled input; the API's error for `name` is shown under it and announced. */
export function Field({ label, name, error, hint, children, ...input }: FieldProps) {
  const id = `f-${name}`;
  const message = fieldErrorText(error, name);
  const described = [hint ? `${id}-hint` : '', message ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${message ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children ?? <input id={id} name={name} aria-invalid={message ? 'true' : undefined}
                          aria-describedby={described || undefined} {...input} />}
      {hint && <small id={`${id}-hint`} class="muted">{hint}</small>}
      {message && <small id={`${id}-err`} class="field-error" role="alert">{message}</small>}
    </div>
  );
}

/** A form's submit and cancel buttons: the submit button says "Saving…" while busy and is
 *  disabled then (and when `disabled`); cancel goes back unless `onCancel` is given. */
export function FormActions(props: { busy: boolean; label?: string; disabled?: boolean;
                                     onCancel?: () => void }) {
  return (
    <div class="toolbar">
      <button type="submit" class="primary" disabled={props.busy || props.disabled}>
        {props.busy ? t('action.saving') : props.label ?? t('action.save')}</button>
      <button type="button" onClick={props.onCancel ?? (() => history.back())}>{t('action.cancel')}</button>
    </div>
  );
}

export function Badge(props: { value: string | null | undefined; prefix: string;
                               tone?: string }) {
  return <span class={`badge ${props.tone ?? `b-${props.value ?? ''}`}`}>
    {tValue(props.prefix, props.value)}</span>;
}

export function Section(props: { title: string; children: ComponentChildren;
                                 actions?: ComponentChildren; id?: string }) {
  return (
    <section class="card" aria-labelledby={props.id ? `${props.id}-h` : undefined}>
      <header class="card-header">
        <h2 id={props.id ? `${props.id}-h` : undefined}>{props.title}</h2>
        {props.actions && <div class="toolbar">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

/** A definition list of label → value pairs. */
export function Facts(props: { items: [string, ComponentChildren][] }) {
  return (
    <dl class="facts">
      {props.items.map(([k, v]) => [<dt key={`${k}-t`}>{k}</dt>, <dd key={`${k}-d`}>{v ?? '—'}</dd>])}
    </dl>
  );
}

/** A modal dialog (native <dialog>): focus stays inside, Escape closes. */
export function Dialog(props: { title: string; open: boolean; onClose: () => void;
                                children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} onClose={props.onClose} aria-labelledby="dialog-title">
      <h2 id="dialog-title">{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/** A progress bar for long jobs (imports, runs). */
export function Progress(props: { done: number; total: number }) {
  return (
    <div class="progress" role="progressbar" aria-valuemin={0} aria-valuemax={props.total}
         aria-valuenow={props.done}>
      <div style={{ width: `${props.total ? (100 * props.done) / props.total : 0}%` }} />
      <span>{t('common.progress', { done: props.done, total: props.total })}</span>
    </div>
  );
}
