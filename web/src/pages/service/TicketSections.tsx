// Sections of the ticket page: progress entries (internal or visible to the customer), the
// knowledge base's suggested answers with "was this helpful", and the satisfaction survey.
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { formatDateTime, t, tValue } from '../../i18n';
import { Link } from '../../router';
import { can } from '../../session';
import { ErrorBanner, Field } from '../../ui/components';
import { useAction } from '../../ui/hooks';
import { NameOf, Row } from '../accounting/parts';
import { Passage } from './parts';

export function Entries({ tk, reload }: { tk: Row; reload: () => void }) {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'customer'>('internal');
  const add = useAction(async () => {
    await api.post(`tickets/${tk.id}/entries`, { text: text.trim(), visibility });
    setText('');
    reload();
  });
  const entries: Row[] = tk.entries ?? [];
  return (
    <>
      {entries.length === 0 ? <p class="muted">{t('svc.no_entries')}</p> : (
        <ol class="timeline" aria-label={t('svc.progress')} data-testid="entries">
          {entries.map((e) => (
            <li key={e.id} class={e.visibility}>
              <div class="meta"><NameOf kind="users" id={e.author_user_id} /> · {formatDateTime(e.created_at)} ·{' '}
                {tValue('svc.visibility', e.visibility)}</div>
              <div class="article-body">{e.text}</div>
            </li>))}
        </ol>
      )}
      {tk.status !== 'closed' && can('service.ticket.update') && (
        <form onSubmit={(e) => { e.preventDefault(); void add.run(); }}>
          <ErrorBanner error={add.error} />
          <Field label={t('svc.add_entry')} name="text" error={add.error}>
            <textarea id="f-text" rows={3} value={text} onInput={(e) => setText(e.currentTarget.value)} />
          </Field>
          <fieldset class="field choices"><legend>{t('svc.visibility')}</legend>
            {(['internal', 'customer'] as const).map((v) => (
              <label key={v} class="inline"><input type="radio" name="visibility" checked={visibility === v}
                     onChange={() => setVisibility(v)} /> {tValue('svc.visibility', v)}</label>))}
          </fieldset>
          <button type="submit" class="primary" disabled={add.busy || !text.trim()}>{t('svc.add_entry_button')}</button>
        </form>
      )}
    </>
  );
}

function Feedback({ article, question }: { article: Row; question: string }) {
  const [vote, setVote] = useState<boolean | null>(null);
  const send = useAction(async (helpful: boolean) => {
    await api.post(`kb/articles/${article.id}/feedback`, { helpful, question: question.slice(0, 1000) });
    setVote(helpful);
  });
  return (
    <div class="toolbar" role="group" aria-label={`${t('svc.helpful_q')} ${article.title}`}>
      <span class="muted">{t('svc.helpful_q')}</span>
      <button type="button" aria-pressed={vote === true} disabled={send.busy} onClick={() => void send.run(true)}>{t('common.yes')}</button>
      <button type="button" aria-pressed={vote === false} disabled={send.busy} onClick={() => void send.run(false)}>{t('common.no')}</button>
      {vote !== null && <span class="muted" role="status">{t('svc.thanks')}</span>}
      <ErrorBanner error={send.error} />
    </div>
  );
}

/** Ranked answers: title (to the article), the highlighted passage, and feedback buttons. */
export function Answers(props: { items: Row[]; question: string; testid?: string }) {
  if (props.items.length === 0) return <p class="muted">{t('svc.no_suggestions')}</p>;
  return (
    <ol class="plain answers" data-testid={props.testid}>
      {props.items.map((a) => (
        <li key={a.id}>
          <strong><Link href={`/kb/articles/${a.id}`}>{a.title}</Link></strong>
          {' '}<span class="muted">({a.language})</span>
          <p><Passage html={a.passage} /></p>
          {can('kb.article.read') && <Feedback article={a} question={props.question} />}
        </li>))}
    </ol>
  );
}

export function Survey({ tk, reload }: { tk: Row; reload: () => void }) {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const send = useAction(async () => {
    await api.post(`tickets/${tk.id}/survey`, { score, comment: comment.trim() || undefined });
    reload();
  });
  if (tk.surveyed_at) {
    return <p data-testid="survey">{'★'.repeat(tk.survey_score ?? 0)}{'☆'.repeat(5 - (tk.survey_score ?? 0))}{' '}
      {tk.survey_comment ?? ''} <span class="muted">({formatDateTime(tk.surveyed_at)})</span></p>;
  }
  if (!['resolved', 'closed'].includes(tk.status)) return <p class="muted">{t('svc.survey_after')}</p>;
  if (!can('service.ticket.update')) return <p class="muted">{t('svc.no_survey')}</p>;
  return (
    <form onSubmit={(e) => { e.preventDefault(); void send.run(); }}>
      <ErrorBanner error={send.error} />
      <fieldset class="field choices stars"><legend>{t('svc.score')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <button key={n} type="button" class="link" aria-pressed={score === n} aria-label={t('svc.score_n', { n })}
                  onClick={() => setScore(n)}>{n <= score ? '★' : '☆'}</button>))}
      </fieldset>
      <Field label={t('common.comment')} name="comment" error={send.error} value={comment}
             onInput={(e) => setComment(e.currentTarget.value)} />
      <button type="submit" disabled={send.busy || score < 1}>{t('svc.record_survey')}</button>
    </form>
  );
}
